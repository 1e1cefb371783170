CREATE TABLE "outbox_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"recipient" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outbox_messages_kind_known" CHECK ("outbox_messages"."kind" in ('order_confirmation','payment_failed','payment_processing','refund_issued','dispute_opened')),
	CONSTRAINT "outbox_messages_status_known" CHECK ("outbox_messages"."status" in ('pending','sent','failed','skipped'))
);
--> statement-breakpoint
CREATE TABLE "stock_reservations" (
	"order_id" text NOT NULL,
	"attempt_no" integer NOT NULL,
	"product_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"holder" text NOT NULL,
	"status" text DEFAULT 'held' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "stock_reservations_order_id_attempt_no_product_id_pk" PRIMARY KEY("order_id","attempt_no","product_id"),
	CONSTRAINT "stock_reservations_quantity_positive" CHECK ("stock_reservations"."quantity" > 0),
	CONSTRAINT "stock_reservations_status_known" CHECK ("stock_reservations"."status" in ('held','committed','released'))
);
--> statement-breakpoint
DROP INDEX "orders_ready_to_ship_idx";--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "stock" integer;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "reserved" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_messages_dedupe_key_idx" ON "outbox_messages" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_messages_due_idx" ON "outbox_messages" USING btree ("next_attempt_at") WHERE "outbox_messages"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_messages_order_idx" ON "outbox_messages" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "stock_reservations_held_idx" ON "stock_reservations" USING btree ("expires_at") WHERE "stock_reservations"."status" = 'held';--> statement-breakpoint
CREATE INDEX "stock_reservations_holder_idx" ON "stock_reservations" USING btree ("holder") WHERE "stock_reservations"."status" = 'held';--> statement-breakpoint
CREATE INDEX "orders_ready_to_ship_idx" ON "orders" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "orders"."status" in ('paid','partially_refunded') and "orders"."fulfilment_status" = 'unfulfilled' and not ("orders"."flags" && array['duplicate_payment','dispute_open','dispute_lost','fraud_warning','oversold']);--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_stock_nonnegative" CHECK ("products"."stock" is null or "products"."stock" >= 0);--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_reserved_nonnegative" CHECK ("products"."reserved" >= 0);