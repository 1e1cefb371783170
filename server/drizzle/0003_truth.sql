CREATE TABLE "jobs" (
	"name" text PRIMARY KEY NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"payment_intent_id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"attempt_no" integer,
	"session_id" text,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"amount_refunded" integer DEFAULT 0 NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_amount_nonnegative" CHECK ("payments"."amount" >= 0),
	CONSTRAINT "payments_amount_refunded_range" CHECK ("payments"."amount_refunded" >= 0)
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" text PRIMARY KEY NOT NULL,
	"payment_intent_id" text NOT NULL,
	"order_id" text NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"failure_reason" text,
	"requested_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refunds_status_known" CHECK ("refunds"."status" in ('pending','requires_action','succeeded','failed','canceled'))
);
--> statement-breakpoint
ALTER TABLE "order_events" DROP CONSTRAINT "order_events_source_known";--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_status_known";--> statement-breakpoint
ALTER TABLE "checkout_attempts" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "checkout_attempts" ADD COLUMN "watch" text DEFAULT 'watching' NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout_attempts" ADD COLUMN "checked_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout_attempts" ADD COLUMN "missing_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stripe_events" ADD COLUMN "channel" text DEFAULT 'webhook' NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payments_order_id_idx" ON "payments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "refunds_order_id_idx" ON "refunds" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "refunds_payment_intent_id_idx" ON "refunds" USING btree ("payment_intent_id");--> statement-breakpoint
CREATE INDEX "checkout_attempts_watch_idx" ON "checkout_attempts" USING btree ("checked_at") WHERE "checkout_attempts"."watch" = 'watching';--> statement-breakpoint
CREATE INDEX "checkout_attempts_lost_idx" ON "checkout_attempts" USING btree ("checked_at") WHERE "checkout_attempts"."watch" = 'lost';--> statement-breakpoint
CREATE INDEX "orders_needs_refund_idx" ON "orders" USING btree ("id") WHERE "orders"."status" = 'payment_mismatch' or 'duplicate_payment' = any("orders"."flags");--> statement-breakpoint
CREATE INDEX "stripe_events_unmatched_idx" ON "stripe_events" USING btree ("received_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "stripe_events"."outcome" = 'unmatched';--> statement-breakpoint
ALTER TABLE "checkout_attempts" ADD CONSTRAINT "checkout_attempts_outcome_known" CHECK ("checkout_attempts"."outcome" is null or "checkout_attempts"."outcome" in ('declined','processing','paid','failed'));--> statement-breakpoint
ALTER TABLE "checkout_attempts" ADD CONSTRAINT "checkout_attempts_watch_known" CHECK ("checkout_attempts"."watch" in ('watching','done','lost'));--> statement-breakpoint
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_source_known" CHECK ("order_events"."source" in ('webhook','sweep','customer','admin','reconcile'));--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_status_known" CHECK ("orders"."status" in ('pending','processing','paid','payment_mismatch','failed','cancelled','expired','partially_refunded','refunded'));--> statement-breakpoint
ALTER TABLE "stripe_events" ADD CONSTRAINT "stripe_events_channel_known" CHECK ("stripe_events"."channel" in ('webhook','sweep'));--> statement-breakpoint
-- Backfill (hand-written): the watch list starts from what each attempt last told us.
UPDATE "checkout_attempts" SET "checked_at" = coalesce("last_synced_at", "updated_at");--> statement-breakpoint
UPDATE "checkout_attempts" a SET "outcome" = CASE
    WHEN a."status" = 'complete' AND a."payment_status" IN ('paid', 'no_payment_required') THEN 'paid'
    WHEN a."status" = 'complete' AND o."status" = 'failed' AND o."current_attempt_no" = a."attempt_no" THEN 'failed'
    WHEN a."status" = 'complete' THEN 'processing'
    WHEN a."status" = 'open' AND o."status" = 'failed' AND o."current_attempt_no" = a."attempt_no" THEN 'declined'
    ELSE NULL
  END
  FROM "orders" o WHERE o."id" = a."order_id";--> statement-breakpoint
UPDATE "checkout_attempts" SET "watch" = 'done'
  WHERE "status" = 'expired'
     OR ("status" = 'abandoned' AND "session_id" IS NULL)
     OR ("status" = 'complete' AND "outcome" IN ('paid', 'failed'));--> statement-breakpoint
-- Every payment already received becomes a payments row.
INSERT INTO "payments" ("payment_intent_id", "order_id", "attempt_no", "session_id", "amount", "currency", "amount_refunded", "received_at")
  SELECT o."payment_intent_id", o."id", a."attempt_no", a."session_id", o."amount_received", o."currency", o."amount_refunded",
         coalesce(o."paid_at", o."updated_at")
  FROM "orders" o
  LEFT JOIN "checkout_attempts" a ON a."order_id" = o."id" AND a."payment_intent_id" = o."payment_intent_id"
  WHERE o."payment_intent_id" IS NOT NULL AND o."amount_received" IS NOT NULL
  ON CONFLICT DO NOTHING;--> statement-breakpoint
-- "Paid with a flag" is no longer a thing: money that does not match is its own status.
UPDATE "orders" SET "status" = 'payment_mismatch' WHERE "status" = 'paid' AND 'amount_mismatch' = ANY("flags");--> statement-breakpoint
UPDATE "orders" SET "flags" = array_remove("flags", 'amount_mismatch') WHERE 'amount_mismatch' = ANY("flags");
