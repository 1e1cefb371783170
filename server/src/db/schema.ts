import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Shapes of the JSON columns (the contract's types, kept here as plain data). */
export interface OrderChargesJson {
  currency: string;
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  taxIncluded: boolean;
  promotionCode: string | null;
  shippingMethod: string | null;
}
export interface AddressJson {
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
}
export interface OrderContactJson {
  shipping: { name: string | null; address: AddressJson } | null;
  billing: {
    name: string | null;
    email: string | null;
    phone: string | null;
    address: AddressJson | null;
  } | null;
}
/**
 * What a Checkout Session charges, as its one parser (modules/stripe/session-charges.ts) reads it from an event
 * or a read-back; the order aggregate resolves it into OrderChargesJson.
 */
export interface SessionCharges {
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  /** The promotion code the customer entered (its id: the session does not carry the code itself). */
  promotionCodeId: string | null;
  /** Which of the session's shipping options was chosen (by position), null without shipping. */
  shippingOptionIndex: number | null;
  contact: OrderContactJson;
}
export interface CheckoutPlanJson {
  /** Countries Checkout asks a shipping address in; absent: no shipping (a digital cart). */
  shippingCountries?: string[];
  /** The shipping options offered, in order, priced for this cart. */
  shippingOptions?: {
    rateId: string;
    name: string;
    amount: number;
    minDays: number | null;
    maxDays: number | null;
  }[];
  /** Tax: Stripe Tax, or a fixed Stripe tax rate on every line; whether prices include it. */
  tax?: { mode: 'automatic' | 'fixed'; inclusive: boolean; taxRateId: string | null };
  /** Per product: its tax code, description and image as sent. */
  lines?: Record<string, { taxCode: string | null; description: string | null; imageUrl: string | null }>;
}

/**
 * The data model (docs/design.md, "Data model"). Money columns are integer minor units next to their currency;
 * ids are opaque prefixed strings; timestamps are `timestamptz` (UTC). The check constraints spell the same
 * vocabularies as `@checkstand/contract`; a test compares them. Every table lives in this one file, past the usual
 * ~500 lines, on purpose: it is the whole model in one read, the one input of `drizzle-kit generate`, and the
 * tables reference each other.
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
    /** Delivered without shipping: a cart of only these asks for no address. */
    digital: boolean('digital').notNull().default(false),
    /** Stripe Tax's product tax code (`txcd_…`); null: the account's default. */
    taxCode: text('tax_code'),
    /** Units on hand and not yet sold; null: unlimited (nothing is reserved). */
    stock: integer('stock'),
    /** Units held by checkouts in progress (the sum of this product's `held` reservations). */
    reserved: integer('reserved').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('products_unit_amount_positive', sql`${t.unitAmount} > 0`),
    check('products_currency_iso', sql`${t.currency} ~ '^[a-z]{3}$'`),
    check('products_stock_nonnegative', sql`${t.stock} is null or ${t.stock} >= 0`),
    check('products_reserved_nonnegative', sql`${t.reserved} >= 0`),
  ],
);

export type ProductRow = typeof products.$inferSelect;

/** One row per order: the items snapshot and total are fixed at creation; the status follows Stripe. */
export const orders = pgTable(
  'orders',
  {
    id: text('id').primaryKey(),
    status: text('status').notNull(),
    statusReason: text('status_reason'),
    currency: text('currency').notNull(),
    totalAmount: integer('total_amount').notNull(),
    items: jsonb('items').$type<OrderItem[]>().notNull(),
    customerEmail: text('customer_email'),
    /** sha256 of the order's access token; the token itself is never stored. */
    accessTokenHash: text('access_token_hash').notNull(),
    /** The newest checkout attempt: events about older ones never regress the order. */
    currentAttemptNo: integer('current_attempt_no').notNull().default(0),
    currentSessionId: text('current_session_id'),
    /** The primary payment (the one the status is about): what it received, what of it was refunded. */
    amountReceived: integer('amount_received'),
    amountRefunded: integer('amount_refunded').notNull().default(0),
    paymentIntentId: text('payment_intent_id'),
    paidAt: timestamp('paid_at', { withTimezone: true, mode: 'date' }),
    flags: text('flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Where the goods are: unfulfilled | fulfilled | returned (the owner says so; Stripe knows nothing of it). */
    fulfilmentStatus: text('fulfilment_status').notNull().default('unfulfilled'),
    /** What Stripe charged (`OrderCharges` of the contract), from the primary payment's session; null before. */
    charges: jsonb('charges').$type<OrderChargesJson>(),
    /** Who it is for and where it goes (`OrderContact`), as Stripe collected them; null before payment. */
    contact: jsonb('contact').$type<OrderContactJson>(),
    /** The shipping address's country, for the admin's list and export (null: digital, or not paid yet). */
    shippingCountry: text('shipping_country'),
    fulfilledAt: timestamp('fulfilled_at', { withTimezone: true, mode: 'date' }),
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    check(
      'orders_status_known',
      sql`${t.status} in ('pending','processing','paid','payment_mismatch','failed','cancelled','expired','partially_refunded','refunded')`,
    ),
    check('orders_total_positive', sql`${t.totalAmount} > 0`),
    check('orders_amount_refunded_nonnegative', sql`${t.amountRefunded} >= 0`),
    check(
      'orders_fulfilment_status_known',
      sql`${t.fulfilmentStatus} in ('unfulfilled','fulfilled','returned')`,
    ),
    // The admin's "ready to ship" list: paid, unfulfilled, nothing blocking (contract's notReadyBecause).
    index('orders_ready_to_ship_idx')
      .on(t.createdAt.desc(), t.id.desc())
      .where(
        sql`${t.status} in ('paid','partially_refunded') and ${t.fulfilmentStatus} = 'unfulfilled' and not (${t.flags} && array['duplicate_payment','dispute_open','dispute_lost','fraud_warning','oversold'])`,
      ),
    index('orders_created_at_id_idx').on(t.createdAt.desc(), t.id.desc()),
    index('orders_status_updated_at_idx').on(t.status, t.updatedAt),
    // The admin's list filtered by status, newest first.
    index('orders_status_created_at_id_idx').on(t.status, t.createdAt.desc(), t.id.desc()),
    index('orders_payment_intent_id_idx').on(t.paymentIntentId),
    index('orders_current_session_id_idx').on(t.currentSessionId),
    // The dashboard's count of orders holding money to give back (few rows, so a tiny index).
    index('orders_needs_refund_idx')
      .on(t.id)
      .where(sql`${t.status} = 'payment_mismatch' or 'duplicate_payment' = any(${t.flags})`),
    // text_pattern_ops: the admin's search by email prefix (`like 'ada@%'`) can use it whatever the collation.
    index('orders_customer_email_idx').on(sql`lower(${t.customerEmail}) text_pattern_ops`),
  ],
);

export interface OrderItem {
  productId: string;
  title: string;
  unitAmount: number;
  quantity: number;
}

export type OrderRow = typeof orders.$inferSelect;

/** One row per Checkout Session of an order, reserved (number, idempotency key) before Stripe is called. */
export const checkoutAttempts = pgTable(
  'checkout_attempts',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    attemptNo: integer('attempt_no').notNull(),
    sessionId: text('session_id').unique(),
    /** creating (reserved, no session yet) | open | complete | expired | abandoned (given up by the store). */
    status: text('status').notNull(),
    /** What the payment in the session came to: null (not tried) | declined | processing | paid | failed. */
    outcome: text('outcome'),
    /** Stripe's `payment_status` of the session, as last read. */
    paymentStatus: text('payment_status'),
    paymentIntentId: text('payment_intent_id'),
    url: text('url'),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    /**
     * What the session offers besides the items, fixed when the attempt is reserved (shipping countries and
     * options, tax): a replay of the creation sends exactly the same request, whatever the owner changed since.
     */
    plan: jsonb('plan')
      .$type<CheckoutPlanJson>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** The throttle of the success page's read-backs (a mark, not a fact). */
    lastSyncedAt: timestamp('last_synced_at', { withTimezone: true, mode: 'date' }),
    /** The watch list: `watching` until Stripe says the session is terminal (`done`), or `lost` (404s). */
    watch: text('watch').notNull().default('watching'),
    /** When the store last learned the session's state from Stripe (or reserved the attempt). */
    checkedAt: timestamp('checked_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Consecutive reads Stripe answered 404 for. */
    missingCount: integer('missing_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.attemptNo] }),
    check(
      'checkout_attempts_status_known',
      sql`${t.status} in ('creating','open','complete','expired','abandoned')`,
    ),
    check(
      'checkout_attempts_outcome_known',
      sql`${t.outcome} is null or ${t.outcome} in ('declined','processing','paid','failed')`,
    ),
    check('checkout_attempts_watch_known', sql`${t.watch} in ('watching','done','lost')`),
    index('checkout_attempts_payment_intent_id_idx').on(t.paymentIntentId),
    // The reconciler's walk: least recently checked first, over the watched sessions only.
    index('checkout_attempts_watch_idx')
      .on(t.checkedAt)
      .where(sql`${t.watch} = 'watching'`),
    index('checkout_attempts_lost_idx')
      .on(t.checkedAt)
      .where(sql`${t.watch} = 'lost'`),
  ],
);

export type CheckoutAttemptRow = typeof checkoutAttempts.$inferSelect;

/** The dedupe inbox: one row per Stripe event id, written in the same transaction as its effects. */
export const stripeEvents = pgTable(
  'stripe_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    apiVersion: text('api_version'),
    created: timestamp('created', { withTimezone: true, mode: 'date' }).notNull(),
    objectId: text('object_id'),
    orderId: text('order_id'),
    payload: jsonb('payload').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    outcome: text('outcome').notNull(),
    note: text('note'),
    /** How it reached us: Stripe's push, or the sweep of Stripe's event list. */
    channel: text('channel').notNull().default('webhook'),
  },
  (t) => [
    check('stripe_events_outcome_known', sql`${t.outcome} in ('applied','ignored','unmatched')`),
    check('stripe_events_channel_known', sql`${t.channel} in ('webhook','sweep')`),
    index('stripe_events_order_id_idx').on(t.orderId),
    // The admin's list of events that matched no order, newest first.
    index('stripe_events_unmatched_idx')
      .on(t.receivedAt.desc(), t.id.desc())
      .where(sql`${t.outcome} = 'unmatched'`),
  ],
);

/** The history of an order, as the admin shows it. */
export const orderEvents = pgTable(
  'order_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    source: text('source').notNull(),
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    outcome: text('outcome').notNull(),
    stripeEventId: text('stripe_event_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    check(
      'order_events_source_known',
      sql`${t.source} in ('webhook','sweep','customer','admin','reconcile')`,
    ),
    check('order_events_outcome_known', sql`${t.outcome} in ('applied','ignored','failed')`),
    index('order_events_order_id_idx').on(t.orderId, t.id),
  ],
);

/**
 * Every payment intent that received money for an order. The order's primary payment is the one its status is
 * about (`orders.payment_intent_id`); any other is an extra payment, to be refunded.
 */
export const payments = pgTable(
  'payments',
  {
    paymentIntentId: text('payment_intent_id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    attemptNo: integer('attempt_no'),
    sessionId: text('session_id'),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    /** Refunded on this payment: the sum of its succeeded refunds (a refund that fails later comes off again). */
    amountRefunded: integer('amount_refunded').notNull().default(0),
    /** When Stripe says the money arrived. */
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('payments_amount_nonnegative', sql`${t.amount} >= 0`),
    check('payments_amount_refunded_range', sql`${t.amountRefunded} >= 0`),
    index('payments_order_id_idx').on(t.orderId),
  ],
);

export type PaymentRow = typeof payments.$inferSelect;

/** Refunds the store knows of, each belonging to a payment. */
export const refunds = pgTable(
  'refunds',
  {
    id: text('id').primaryKey(),
    paymentIntentId: text('payment_intent_id').notNull(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    status: text('status').notNull(),
    reason: text('reason'),
    failureReason: text('failure_reason'),
    /** The admin who asked for it; null for a refund made elsewhere (Stripe's dashboard). */
    requestedBy: text('requested_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'refunds_status_known',
      sql`${t.status} in ('pending','requires_action','succeeded','failed','canceled')`,
    ),
    index('refunds_order_id_idx').on(t.orderId),
    index('refunds_payment_intent_id_idx').on(t.paymentIntentId),
  ],
);

export type RefundRow = typeof refunds.$inferSelect;

/** Disputes (and inquiries) of an order's payments, as Stripe last reported them. */
export const disputes = pgTable(
  'disputes',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    paymentIntentId: text('payment_intent_id'),
    chargeId: text('charge_id'),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    reason: text('reason').notNull(),
    status: text('status').notNull(),
    evidenceDueBy: timestamp('evidence_due_by', { withTimezone: true, mode: 'date' }),
    /** Money Stripe took from the balance for it, and gave back (running totals, only ever grow). */
    amountWithdrawn: integer('amount_withdrawn').notNull().default(0),
    amountReinstated: integer('amount_reinstated').notNull().default(0),
    /** When Stripe opened it. */
    openedAt: timestamp('opened_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'disputes_status_known',
      sql`${t.status} in ('warning_needs_response','warning_under_review','warning_closed','needs_response','under_review','won','lost')`,
    ),
    index('disputes_order_id_idx').on(t.orderId),
    // The dashboard's list of disputes waiting for evidence, the soonest due first.
    index('disputes_needs_response_idx')
      .on(t.evidenceDueBy)
      .where(sql`${t.status} in ('warning_needs_response','needs_response')`),
  ],
);

export type DisputeRow = typeof disputes.$inferSelect;

/** Stripe Radar's early fraud warnings about an order's payments. */
export const earlyFraudWarnings = pgTable(
  'early_fraud_warnings',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    paymentIntentId: text('payment_intent_id'),
    chargeId: text('charge_id'),
    fraudType: text('fraud_type').notNull(),
    actionable: boolean('actionable').notNull(),
    /** When Stripe raised it. */
    raisedAt: timestamp('raised_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('early_fraud_warnings_order_id_idx').on(t.orderId)],
);

export type EarlyFraudWarningRow = typeof earlyFraudWarnings.$inferSelect;

/** State of the background jobs (the reconciler, the events sweep): what each keeps between passes. */
export const jobs = pgTable('jobs', {
  name: text('name').primaryKey(),
  /** The job's own state (the sweep: its cursor over Stripe's event list). */
  state: jsonb('state').$type<Record<string, unknown>>().notNull().default({}),
  lastRunAt: timestamp('last_run_at', { withTimezone: true, mode: 'date' }),
  lastError: text('last_error'),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * Rate-limit windows, shared by every instance (one row per key, e.g. `login:ip:203.0.113.9`): a fixed window
 * whose length grows for keys that keep exceeding their budget. Counters, not facts: written without waiting for
 * the disk flush, pruned once their window has long ended.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
    windowSeconds: integer('window_seconds').notNull(),
    hits: integer('hits').notNull(),
    /** Consecutive windows this key went over its budget (each doubles the next window). */
    strikes: integer('strikes').notNull().default(0),
  },
  (t) => [index('rate_limits_window_start_idx').on(t.windowStart)],
);

/** Every webhook request, accepted or not; written outside the main transaction so failures show too. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    eventId: text('event_id'),
    eventType: text('event_type'),
    orderId: text('order_id'),
    signatureOk: boolean('signature_ok').notNull(),
    result: text('result').notNull(),
    httpStatus: integer('http_status').notNull(),
    error: text('error'),
    durationMs: integer('duration_ms'),
  },
  (t) => [
    check('webhook_deliveries_result_known', sql`${t.result} in ('accepted','duplicate','rejected','error')`),
    index('webhook_deliveries_event_id_idx').on(t.eventId),
    index('webhook_deliveries_order_id_idx').on(t.orderId),
    index('webhook_deliveries_received_at_idx').on(t.receivedAt),
  ],
);

/** Shop owners who may use /admin. Passwords are stored only as scrypt hashes with a per-user salt. */
export const adminUsers = pgTable(
  'admin_users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('admin_users_email_idx').on(sql`lower(${t.email})`)],
);

/** Server-side admin sessions; the cookie holds a random token, only its sha256 is stored here. */
export const adminSessions = pgTable(
  'admin_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => adminUsers.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('admin_sessions_user_id_idx').on(t.userId),
    index('admin_sessions_expires_at_idx').on(t.expiresAt),
  ],
);

/** The shipping rates the owner manages; offered at checkout when active and priced in the cart's currency. */
export const shippingRates = pgTable(
  'shipping_rates',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** Price per currency, minor units: `{ "usd": 500 }`. */
    amounts: jsonb('amounts').$type<Record<string, number>>().notNull(),
    /** Free when the subtotal reaches this, per currency. */
    freeAbove: jsonb('free_above')
      .$type<Record<string, number>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    deliveryMinDays: integer('delivery_min_days'),
    deliveryMaxDays: integer('delivery_max_days'),
    active: boolean('active').notNull().default(true),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'shipping_rates_delivery_range',
      sql`(${t.deliveryMinDays} is null) = (${t.deliveryMaxDays} is null) and (${t.deliveryMinDays} is null or ${t.deliveryMinDays} between 1 and ${t.deliveryMaxDays})`,
    ),
  ],
);

export type ShippingRateRow = typeof shippingRates.$inferSelect;

/** The shop's settings: one row (`id = 1`). */
export const storeSettings = pgTable(
  'store_settings',
  {
    id: integer('id').primaryKey(),
    shippingCountries: text('shipping_countries')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    taxMode: text('tax_mode').notNull().default('automatic'),
    pricesIncludeTax: boolean('prices_include_tax').notNull().default(false),
    /** The fixed rate, in basis points (1900 = 19 %), and its name. */
    fixedTaxBasisPoints: integer('fixed_tax_basis_points'),
    fixedTaxName: text('fixed_tax_name'),
    /** The Stripe tax rate made for it (a rate's percentage and inclusiveness never change at Stripe). */
    fixedTaxStripeId: text('fixed_tax_stripe_id'),
    fixedTaxStripeInclusive: boolean('fixed_tax_stripe_inclusive'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('store_settings_one_row', sql`${t.id} = 1`),
    check('store_settings_tax_mode_known', sql`${t.taxMode} in ('automatic','fixed')`),
  ],
);

export type StoreSettingsRow = typeof storeSettings.$inferSelect;

/**
 * Units of a product held for one checkout attempt while its customer pays: `held` until the attempt ends
 * (`released` when its session expires, is cancelled or superseded; `committed` when paid). `holder` is an opaque
 * key of the client that opened the checkout (a hash of its address), for the per-client cap.
 */
export const stockReservations = pgTable(
  'stock_reservations',
  {
    orderId: text('order_id').notNull(),
    attemptNo: integer('attempt_no').notNull(),
    productId: text('product_id').notNull(),
    quantity: integer('quantity').notNull(),
    holder: text('holder').notNull(),
    status: text('status').notNull().default('held'),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.attemptNo, t.productId] }),
    check('stock_reservations_quantity_positive', sql`${t.quantity} > 0`),
    check('stock_reservations_status_known', sql`${t.status} in ('held','committed','released')`),
    // What is held, soonest to expire first (the reconciler's recovery and the owner's list).
    index('stock_reservations_held_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'held'`),
    index('stock_reservations_holder_idx')
      .on(t.holder)
      .where(sql`${t.status} = 'held'`),
  ],
);

export type StockReservationRow = typeof stockReservations.$inferSelect;

/**
 * The transactional outbox: an e-mail to send, written in the same transaction as the transition that causes it
 * (`dedupe_key` makes a replayed fact write nothing). The worker claims due rows with `FOR UPDATE SKIP LOCKED`,
 * renders them from the order as it is, and sends them with `Message-ID` `<{id}@{domain}>`.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id'),
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    /** What the message says beyond the order (a refund's amount, a dispute's reason…). */
    data: jsonb('data')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    status: text('status').notNull().default('pending'),
    recipient: text('recipient'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('outbox_messages_dedupe_key_idx').on(t.dedupeKey),
    check(
      'outbox_messages_kind_known',
      sql`${t.kind} in ('order_confirmation','payment_failed','payment_processing','refund_issued','dispute_opened')`,
    ),
    check('outbox_messages_status_known', sql`${t.status} in ('pending','sent','failed','skipped')`),
    index('outbox_messages_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('outbox_messages_order_idx').on(t.orderId, t.createdAt),
  ],
);

export type OutboxMessageRow = typeof outboxMessages.$inferSelect;
