CREATE TABLE "shipping_rates" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"amounts" jsonb NOT NULL,
	"free_above" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"delivery_min_days" integer,
	"delivery_max_days" integer,
	"active" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shipping_rates_delivery_range" CHECK (("shipping_rates"."delivery_min_days" is null) = ("shipping_rates"."delivery_max_days" is null) and ("shipping_rates"."delivery_min_days" is null or "shipping_rates"."delivery_min_days" between 1 and "shipping_rates"."delivery_max_days"))
);
--> statement-breakpoint
CREATE TABLE "store_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"shipping_countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"tax_mode" text DEFAULT 'automatic' NOT NULL,
	"prices_include_tax" boolean DEFAULT false NOT NULL,
	"fixed_tax_basis_points" integer,
	"fixed_tax_name" text,
	"fixed_tax_stripe_id" text,
	"fixed_tax_stripe_inclusive" boolean,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_settings_one_row" CHECK ("store_settings"."id" = 1),
	CONSTRAINT "store_settings_tax_mode_known" CHECK ("store_settings"."tax_mode" in ('automatic','fixed'))
);
--> statement-breakpoint
ALTER TABLE "checkout_attempts" ADD COLUMN "plan" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "charges" jsonb;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "contact" jsonb;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "shipping_country" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "digital" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "tax_code" text;