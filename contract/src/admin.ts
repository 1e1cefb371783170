import { z } from 'zod';
import {
  AttemptOutcome,
  AttemptStatus,
  DeliveryResult,
  EventChannel,
  HistoryKind,
  HistoryOutcome,
  HistorySource,
  OrderFlag,
  OrderStatus,
  PaymentRole,
  PaymentStatus,
  RefundStatus,
  StripeEventOutcome,
  UnmatchedReason,
  WatchState,
} from './enums.js';
import { WatchSummary } from './health.js';
import { ADMIN_PAGE_SIZE_MAX } from './limits.js';
import { OrderLine } from './orders.js';
import { Currency, Instant, MinorUnits, OrderId } from './primitives.js';

/** `POST /api/admin/login`. */
export const LoginRequest = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const UserEnvelope = z.object({ user: z.object({ email: z.string() }) });
export type UserEnvelope = z.infer<typeof UserEnvelope>;

const isoDateOrInstant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/** `GET /api/admin/orders?status=paid,failed&from=&to=&q=&cursor=&limit=` as it travels (all strings). */
export const AdminOrdersQuery = z.object({
  /** Comma-separated statuses. */
  status: z.string().max(200).optional(),
  /** An instant, or a date (UTC) for its start. */
  from: isoDateOrInstant.optional(),
  /** An instant, or a date (UTC) for its whole day. */
  to: isoDateOrInstant.optional(),
  /** An order id, a session id, a payment intent or (the start of) an email. */
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(ADMIN_PAGE_SIZE_MAX).optional(),
});
export type AdminOrdersQuery = z.input<typeof AdminOrdersQuery>;

export const AdminOrderSummary = z.object({
  id: OrderId,
  createdAt: Instant,
  updatedAt: Instant,
  status: OrderStatus,
  statusReason: z.string().nullable(),
  customerEmail: z.string().nullable(),
  total: MinorUnits,
  currency: Currency,
  sessionId: z.string().nullable(),
  paymentIntentId: z.string().nullable(),
  amountReceived: MinorUnits.nullable(),
  amountRefunded: MinorUnits,
  paidAt: Instant.nullable(),
  flags: z.array(OrderFlag),
  /** Checkout Sessions opened for the order. */
  sessionCount: z.int().nonnegative(),
});
export type AdminOrderSummary = z.infer<typeof AdminOrderSummary>;

export const AdminOrdersPage = z.object({
  orders: z.array(AdminOrderSummary),
  nextCursor: z.string().nullable(),
});
export type AdminOrdersPage = z.infer<typeof AdminOrdersPage>;

/** The order's money in one line: what it expects, what arrived, what went back. */
export const OrderMoney = z.object({
  currency: Currency,
  /** What the order must be paid: its total. */
  expected: MinorUnits,
  /** Received in the order's currency, on every payment of the order (the primary one and any extra). */
  received: MinorUnits,
  /** Refunded in the order's currency, on every payment. */
  refunded: MinorUnits,
  /** received − refunded. */
  net: z.int(),
  /** Money that arrived in another currency (a mismatch), per currency: never added to the lines above. */
  otherCurrencies: z.array(z.object({ currency: Currency, received: MinorUnits, refunded: MinorUnits })),
});
export type OrderMoney = z.infer<typeof OrderMoney>;

/** A payment intent that received money for the order. */
export const AdminPayment = z.object({
  paymentIntentId: z.string(),
  role: PaymentRole,
  status: PaymentStatus,
  amount: MinorUnits,
  currency: Currency,
  amountRefunded: MinorUnits,
  /** What can still be refunded on this payment now. */
  refundable: MinorUnits,
  /** Whether the amount and currency are what the order expects. */
  matchesOrder: z.boolean(),
  sessionId: z.string().nullable(),
  attemptNo: z.int().nullable(),
  receivedAt: Instant,
});
export type AdminPayment = z.infer<typeof AdminPayment>;

export const AdminRefund = z.object({
  id: z.string(),
  paymentIntentId: z.string(),
  amount: MinorUnits,
  currency: Currency,
  status: RefundStatus,
  reason: z.string().nullable(),
  failureReason: z.string().nullable(),
  /** The admin who asked for it, or null for a refund made elsewhere (Stripe's dashboard). */
  requestedBy: z.string().nullable(),
  createdAt: Instant,
});
export type AdminRefund = z.infer<typeof AdminRefund>;

export const AdminAttempt = z.object({
  attemptNo: z.int().positive(),
  sessionId: z.string().nullable(),
  status: AttemptStatus,
  outcome: AttemptOutcome.nullable(),
  paymentStatus: z.string().nullable(),
  paymentIntentId: z.string().nullable(),
  createdAt: Instant,
  expiresAt: Instant,
  current: z.boolean(),
  watch: WatchState,
  /** When the store last learned this session's state from Stripe. */
  checkedAt: Instant.nullable(),
});
export type AdminAttempt = z.infer<typeof AdminAttempt>;

export const AdminOrderEvent = z.object({
  id: z.int(),
  at: Instant,
  source: HistorySource,
  kind: HistoryKind,
  fromStatus: OrderStatus.nullable(),
  /** Null when the status did not change. */
  toStatus: OrderStatus.nullable(),
  outcome: HistoryOutcome,
  stripeEventId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  /** The Stripe event as received, for rows that came from one. */
  stripeEvent: z.unknown(),
});
export type AdminOrderEvent = z.infer<typeof AdminOrderEvent>;

export const AdminDelivery = z.object({
  id: z.int(),
  receivedAt: Instant,
  eventId: z.string().nullable(),
  eventType: z.string().nullable(),
  signatureOk: z.boolean(),
  result: DeliveryResult,
  httpStatus: z.int(),
  error: z.string().nullable(),
  durationMs: z.int().nullable(),
});
export type AdminDelivery = z.infer<typeof AdminDelivery>;

export const AdminOrderDetail = z.object({
  order: z.object({
    id: OrderId,
    createdAt: Instant,
    updatedAt: Instant,
    status: OrderStatus,
    statusReason: z.string().nullable(),
    customerEmail: z.string().nullable(),
    items: z.array(OrderLine),
    total: MinorUnits,
    currency: Currency,
    sessionId: z.string().nullable(),
    currentAttemptNo: z.int().nonnegative(),
    flags: z.array(OrderFlag),
    version: z.int(),
    paidAt: Instant.nullable(),
    /** The payment intent the status is about. */
    paymentIntentId: z.string().nullable(),
  }),
  money: OrderMoney,
  payments: z.array(AdminPayment),
  refunds: z.array(AdminRefund),
  attempts: z.array(AdminAttempt),
  events: z.array(AdminOrderEvent),
  deliveries: z.array(AdminDelivery),
});
export type AdminOrderDetail = z.infer<typeof AdminOrderDetail>;

/** `POST /api/admin/orders/:orderId/refund`; without `paymentIntentId`, the order's primary payment. */
export const RefundRequest = z.object({
  amount: z.int().positive(),
  /** One per confirmation in the panel: a double submit replays the same refund instead of a second one. */
  idempotencyKey: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/),
  paymentIntentId: z
    .string()
    .regex(/^pi_[A-Za-z0-9_]+$/)
    .optional(),
});
export type RefundRequest = z.infer<typeof RefundRequest>;

export const RefundEnvelope = z.object({
  refund: z.object({
    id: z.string(),
    paymentIntentId: z.string(),
    amount: MinorUnits,
    currency: Currency,
    status: RefundStatus,
  }),
});
export type RefundEnvelope = z.infer<typeof RefundEnvelope>;

/** Amounts per currency, e.g. `{ usd: 12900 }`. */
const AmountsByCurrency = z.record(Currency, z.int());

export const Dashboard = z.object({
  byStatus: z.record(OrderStatus, z.int().nonnegative()),
  /** Money kept (received − refunded) of orders paid in the period, per currency; UTC days. */
  revenue: z.object({ today: AmountsByCurrency, last7Days: AmountsByCurrency }),
  /** 14 UTC days, oldest first. */
  perDay: z.array(
    z.object({ date: z.iso.date(), byStatus: z.partialRecord(OrderStatus, z.int().nonnegative()) }),
  ),
  /** Orders with money to give back: a duplicate payment not yet refunded, or a payment that does not match. */
  needsRefund: z.int().nonnegative(),
  watch: WatchSummary,
  /** Stripe events about sessions or payments the store never created, received in the last 7 days. */
  unmatchedEvents: z.int().nonnegative(),
});
export type Dashboard = z.infer<typeof Dashboard>;

/** A Stripe event that changed no order, because it is not provably about one. */
export const UnmatchedEvent = z.object({
  id: z.string(),
  type: z.string(),
  /** When Stripe created it. */
  created: Instant,
  receivedAt: Instant,
  receivedVia: EventChannel,
  outcome: StripeEventOutcome,
  /** Why it matched no order. */
  note: UnmatchedReason.nullable(),
  objectId: z.string().nullable(),
  /** The amount and currency the object carries, when it has one. */
  amount: z.int().nullable(),
  currency: Currency.nullable(),
  /** The order the object claims to be about (metadata or client_reference_id): a claim, not a fact. */
  claimedOrderId: z.string().nullable(),
  stripeEvent: z.unknown(),
});
export type UnmatchedEvent = z.infer<typeof UnmatchedEvent>;

export const UnmatchedEventsPage = z.object({
  events: z.array(UnmatchedEvent),
  nextCursor: z.string().nullable(),
});
export type UnmatchedEventsPage = z.infer<typeof UnmatchedEventsPage>;

export const LostSession = z.object({
  orderId: OrderId,
  attemptNo: z.int().positive(),
  sessionId: z.string(),
  orderStatus: OrderStatus,
  checkedAt: Instant.nullable(),
  createdAt: Instant,
});
export type LostSession = z.infer<typeof LostSession>;

/** `GET /api/admin/watch`: the watch list, the lost sessions and the last background passes. */
export const WatchReport = z.object({
  summary: WatchSummary,
  lostSessions: z.array(LostSession),
  reconcile: z.object({
    lastRunAt: Instant.nullable(),
    lastError: z.string().nullable(),
  }),
  sweep: z.object({
    lastRunAt: Instant.nullable(),
    /** Stripe's time of the newest event the sweep has seen. */
    cursor: Instant.nullable(),
    lastError: z.string().nullable(),
  }),
});
export type WatchReport = z.infer<typeof WatchReport>;
