import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The data model of DESIGN §3. Money columns are integer minor units next to their currency;
 * ids are opaque prefixed strings; timestamps are `timestamptz` (UTC).
 */
export const products = pgTable(
  'products',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    unitAmount: integer('unit_amount').notNull(),
    currency: text('currency').notNull(),
    imageUrl: text('image_url').notNull(),
    active: boolean('active').notNull().default(true),
    /** Display order of the catalog. */
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('products_unit_amount_positive', sql`${t.unitAmount} > 0`),
    check('products_currency_iso', sql`${t.currency} ~ '^[a-z]{3}$'`),
  ],
);

export type ProductRow = typeof products.$inferSelect;
