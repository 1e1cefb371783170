import { z } from 'zod';
import {
  AttemptOutcome,
  AttemptStatus,
  DeliveryResult,
  DisputeStatus,
  FulfilmentStatus,
  NotReadyReason,
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
import { OrderCharges, OrderContact } from './shop.js';
import { AdminHold, AdminMessage } from './stock-mail.js';

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
  /** `true`: only orders ready to ship; `false`: only paid orders that are not (something blocks them). */
  ready: z.enum(['true', 'false']).optional(),
  /** Only orders carrying this flag. */
  flag: OrderFlag.optional(),
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
  fulfilmentStatus: FulfilmentStatus,
  /** Computed: money matches, nothing refunded in full, no dispute, no fraud warning, no extra money held. */
  readyToShip: z.boolean(),
  /** From what Stripe charged (null before payment, or for a digital order's shipping). */
  shippingCountry: z.string().nullable(),
  shippingMethod: z.string().nullable(),
  discount: MinorUnits.nullable(),
  tax: MinorUnits.nullable(),
  promotionCode: z.string().nullable(),
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
  /** Withdrawn by disputes still open (at risk). */
  disputed: MinorUnits,
  /** Lost to disputes (withdrawn and not reinstated). */
  lost: MinorUnits,
  /** received − refunded − lost. */
  net: z.int(),
  /** Refunds requested and not settled yet (not counted in `refunded`). */
  refundsPending: MinorUnits,
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

export const AdminDispute = z.object({
  id: z.string(),
  paymentIntentId: z.string().nullable(),
  amount: MinorUnits,
  currency: Currency,
  reason: z.string(),
  status: DisputeStatus,
  /** When the owner's evidence is due (null once submitted or closed). */
  evidenceDueBy: Instant.nullable(),
  amountWithdrawn: MinorUnits,
  amountReinstated: MinorUnits,
  createdAt: Instant,
  updatedAt: Instant,
  /** It arrived after the order was marked fulfilled: the goods are gone. */
  afterFulfilment: z.boolean(),
});
export type AdminDispute = z.infer<typeof AdminDispute>;

export const AdminFraudWarning = z.object({
  id: z.string(),
  paymentIntentId: z.string().nullable(),
  fraudType: z.string(),
  /** Refunding the charge now avoids the dispute that usually follows (Stripe's advice). */
  actionable: z.boolean(),
  createdAt: Instant,
  afterFulfilment: z.boolean(),
});
export type AdminFraudWarning = z.infer<typeof AdminFraudWarning>;

export const AdminFulfilment = z.object({
  status: FulfilmentStatus,
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  fulfilledAt: Instant.nullable(),
  readyToShip: z.boolean(),
  /** Why it is not ready (empty when it is). */
  notReadyBecause: z.array(NotReadyReason),
});
export type AdminFulfilment = z.infer<typeof AdminFulfilment>;

/** `POST /api/admin/orders/:orderId/fulfilment`. Shipping an order that is not ready needs `overrideReason`. */
export const FulfilmentRequest = z.object({
  action: z.enum(['fulfil', 'return']),
  carrier: z.string().trim().min(1).max(100).optional(),
  trackingNumber: z.string().trim().min(1).max(100).optional(),
  overrideReason: z.string().trim().min(3).max(500).optional(),
});
export type FulfilmentRequest = z.infer<typeof FulfilmentRequest>;

/** The reply to a fulfilment request: where the order's goods now are. */
export const FulfilmentEnvelope = z.object({ fulfilment: AdminFulfilment });
export type FulfilmentEnvelope = z.infer<typeof FulfilmentEnvelope>;

/** `details` of `not_ready_to_ship` (409): why the order is not ready, to show before asking for an override. */
export const NotReadyDetails = z.object({ notReadyBecause: z.array(NotReadyReason) });

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
  /** What Stripe charged, once paid. */
  charges: OrderCharges.nullable(),
  /** Who it is for and where it goes, as collected at checkout. */
  contact: OrderContact,
  fulfilment: AdminFulfilment,
  payments: z.array(AdminPayment),
  refunds: z.array(AdminRefund),
  disputes: z.array(AdminDispute),
  fraudWarnings: z.array(AdminFraudWarning),
  attempts: z.array(AdminAttempt),
  /** Stock held or taken for it, per attempt and product. */
  holds: z.array(AdminHold),
  /** The e-mails about it, oldest first, with their delivery status. */
  messages: z.array(AdminMessage),
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
  /** Stripe's reason; `fraudulent` after an early fraud warning tells Radar (and avoids the dispute). */
  reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
});
export type RefundRequest = z.infer<typeof RefundRequest>;

export const RefundEnvelope = z.object({
  refund: z.object({
    id: z.string(),
    paymentIntentId: z.string(),
    amount: MinorUnits,
    currency: Currency,
    status: RefundStatus,
    /** Why Stripe says it failed, when it did at once. */
    failureReason: z.string().nullable(),
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
  /** Orders ready to ship now. */
  readyToShip: z.int().nonnegative(),
  /** Disputes waiting for the owner's evidence, the soonest due first, with the money at risk. */
  disputesNeedingResponse: z.array(
    z.object({
      disputeId: z.string(),
      orderId: OrderId,
      status: DisputeStatus,
      reason: z.string(),
      amount: MinorUnits,
      currency: Currency,
      evidenceDueBy: Instant.nullable(),
    }),
  ),
  /** Money at risk in open disputes, per currency. */
  amountAtRisk: AmountsByCurrency,
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
