CREATE TABLE "products" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"unit_amount" integer NOT NULL,
	"currency" text NOT NULL,
	"image_url" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "products_unit_amount_positive" CHECK ("products"."unit_amount" > 0),
	CONSTRAINT "products_currency_iso" CHECK ("products"."currency" ~ '^[a-z]{3}$')
);
