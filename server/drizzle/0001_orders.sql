CREATE TABLE "checkout_attempts" (
	"order_id" text NOT NULL,
	"attempt_no" integer NOT NULL,
	"session_id" text,
	"status" text NOT NULL,
	"payment_status" text,
	"payment_intent_id" text,
	"url" text,
	"expires_at" timestamp with time zone NOT NULL,
	"idempotency_key" text NOT NULL,
	"last_synced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checkout_attempts_order_id_attempt_no_pk" PRIMARY KEY("order_id","attempt_no"),
	CONSTRAINT "checkout_attempts_session_id_unique" UNIQUE("session_id"),
	CONSTRAINT "checkout_attempts_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "checkout_attempts_status_known" CHECK ("checkout_attempts"."status" in ('creating','open','complete','expired','abandoned'))
);
--> statement-breakpoint
CREATE TABLE "order_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "order_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"order_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"outcome" text NOT NULL,
	"stripe_event_id" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "order_events_source_known" CHECK ("order_events"."source" in ('webhook','customer','admin','reconcile')),
	CONSTRAINT "order_events_outcome_known" CHECK ("order_events"."outcome" in ('applied','ignored','failed'))
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"currency" text NOT NULL,
	"total_amount" integer NOT NULL,
	"items" jsonb NOT NULL,
	"customer_email" text,
	"access_token_hash" text NOT NULL,
	"current_attempt_no" integer DEFAULT 0 NOT NULL,
	"current_session_id" text,
	"amount_received" integer,
	"amount_refunded" integer DEFAULT 0 NOT NULL,
	"payment_intent_id" text,
	"paid_at" timestamp with time zone,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "orders_status_known" CHECK ("orders"."status" in ('pending','processing','paid','failed','cancelled','expired','partially_refunded','refunded')),
	CONSTRAINT "orders_total_positive" CHECK ("orders"."total_amount" > 0),
	CONSTRAINT "orders_amount_refunded_nonnegative" CHECK ("orders"."amount_refunded" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stripe_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"api_version" text,
	"created" timestamp with time zone NOT NULL,
	"object_id" text,
	"order_id" text,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text NOT NULL,
	"note" text,
	CONSTRAINT "stripe_events_outcome_known" CHECK ("stripe_events"."outcome" in ('applied','ignored','unmatched'))
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"event_id" text,
	"event_type" text,
	"order_id" text,
	"signature_ok" boolean NOT NULL,
	"result" text NOT NULL,
	"http_status" integer NOT NULL,
	"error" text,
	"duration_ms" integer,
	CONSTRAINT "webhook_deliveries_result_known" CHECK ("webhook_deliveries"."result" in ('accepted','duplicate','rejected','error'))
);
--> statement-breakpoint
ALTER TABLE "checkout_attempts" ADD CONSTRAINT "checkout_attempts_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checkout_attempts_payment_intent_id_idx" ON "checkout_attempts" USING btree ("payment_intent_id");--> statement-breakpoint
CREATE INDEX "order_events_order_id_idx" ON "order_events" USING btree ("order_id","id");--> statement-breakpoint
CREATE INDEX "orders_created_at_id_idx" ON "orders" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "orders_status_updated_at_idx" ON "orders" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "orders_payment_intent_id_idx" ON "orders" USING btree ("payment_intent_id");--> statement-breakpoint
CREATE INDEX "orders_current_session_id_idx" ON "orders" USING btree ("current_session_id");--> statement-breakpoint
CREATE INDEX "orders_customer_email_idx" ON "orders" USING btree (lower("customer_email"));--> statement-breakpoint
CREATE INDEX "stripe_events_order_id_idx" ON "stripe_events" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_event_id_idx" ON "webhook_deliveries" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_order_id_idx" ON "webhook_deliveries" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_received_at_idx" ON "webhook_deliveries" USING btree ("received_at");