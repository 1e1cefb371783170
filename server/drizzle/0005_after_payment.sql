CREATE TABLE "disputes" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"payment_intent_id" text,
	"charge_id" text,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"evidence_due_by" timestamp with time zone,
	"amount_withdrawn" integer DEFAULT 0 NOT NULL,
	"amount_reinstated" integer DEFAULT 0 NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disputes_status_known" CHECK ("disputes"."status" in ('warning_needs_response','warning_under_review','warning_closed','needs_response','under_review','won','lost'))
);
--> statement-breakpoint
CREATE TABLE "early_fraud_warnings" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"payment_intent_id" text,
	"charge_id" text,
	"fraud_type" text NOT NULL,
	"actionable" boolean NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "fulfilment_status" text DEFAULT 'unfulfilled' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "fulfilled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "carrier" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "tracking_number" text;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "early_fraud_warnings" ADD CONSTRAINT "early_fraud_warnings_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disputes_order_id_idx" ON "disputes" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "disputes_needs_response_idx" ON "disputes" USING btree ("evidence_due_by") WHERE "disputes"."status" in ('warning_needs_response','needs_response');--> statement-breakpoint
CREATE INDEX "early_fraud_warnings_order_id_idx" ON "early_fraud_warnings" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "orders_ready_to_ship_idx" ON "orders" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "orders"."status" in ('paid','partially_refunded') and "orders"."fulfilment_status" = 'unfulfilled' and not ("orders"."flags" && array['duplicate_payment','dispute_open','dispute_lost','fraud_warning']);--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_fulfilment_status_known" CHECK ("orders"."fulfilment_status" in ('unfulfilled','fulfilled','returned'));