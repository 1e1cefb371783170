import type { HistoryKind, HistoryOutcome, HistorySource, StripeEventOutcome } from '@checkstand/contract';
import type {
  CheckoutAttemptRow,
  CheckoutPlanJson,
  OrderRow,
  checkoutAttempts,
  disputes,
  earlyFraudWarnings,
  payments,
  refunds,
  webhookDeliveries,
} from '../../db/schema.js';
import type { OrderStatus, OrderTrigger } from './order-state-machine.js';
import type {
  DISPUTE_KEYS,
  FRAUD_WARNING_KEYS,
  NEW_ATTEMPT_KEYS,
  NEW_PAYMENT_KEYS,
  REFUND_KEYS,
} from './order-statements.js';

/**
 * What a change to an order is made of, as every caller describes it to the one writer (`order-writer.ts`):
 * the status change, the columns, the attempt, payments, refunds, disputes, warnings, the history row, and the
 * Stripe event and webhook delivery that carried it.
 */

export interface HistoryEntry {
  source: HistorySource;
  kind: HistoryKind;
  /** Defaults to `applied` (a status change is always applied). */
  outcome?: HistoryOutcome;
  stripeEventId?: string | null;
  detail?: Record<string, unknown>;
}

/** The attempt columns a change may set (its session id and URL are set once, by `recordCreatedSession`). */
export type AttemptPatch = Partial<
  Pick<
    CheckoutAttemptRow,
    'status' | 'outcome' | 'paymentStatus' | 'paymentIntentId' | 'missingCount' | 'watch'
  >
>;

/** Order columns other than the status (which only a trigger changes). */
export type OrderFields = Partial<
  Pick<
    OrderRow,
    | 'currentAttemptNo'
    | 'currentSessionId'
    | 'amountReceived'
    | 'amountRefunded'
    | 'paymentIntentId'
    | 'paidAt'
    | 'customerEmail'
    | 'flags'
    | 'fulfilmentStatus'
    | 'fulfilledAt'
    | 'carrier'
    | 'trackingNumber'
    | 'charges'
    | 'contact'
    | 'shippingCountry'
  >
>;

export type NewAttempt = Pick<typeof checkoutAttempts.$inferInsert, (typeof NEW_ATTEMPT_KEYS)[number]> & {
  plan: CheckoutPlanJson;
};
export type NewPayment = Pick<typeof payments.$inferInsert, (typeof NEW_PAYMENT_KEYS)[number]>;
export type NewRefund = Pick<typeof refunds.$inferInsert, (typeof REFUND_KEYS)[number]>;
export type NewDispute = Pick<typeof disputes.$inferInsert, (typeof DISPUTE_KEYS)[number]>;
export type NewFraudWarning = Pick<
  typeof earlyFraudWarnings.$inferInsert,
  (typeof FRAUD_WARNING_KEYS)[number]
>;
/** A webhook delivery's log row. */
export type DeliveryRow = Omit<typeof webhookDeliveries.$inferInsert, 'id' | 'receivedAt'>;

export interface OrderChange {
  /** The status change, checked against the table. */
  trigger?: OrderTrigger;
  /** Why the order is in its (new) status; unchanged when absent. */
  statusReason?: string | null;
  order?: OrderFields;
  /** `checked`: the change carries the session's state as Stripe told it now (stamps `checked_at`). */
  attempt?: { row: CheckoutAttemptRow; patch: AttemptPatch; checked?: boolean } | null;
  newAttempt?: NewAttempt | null;
  newPayment?: NewPayment | null;
  /** A payment's refunded total: the sum of its succeeded refunds (it falls when a refund fails). */
  paymentRefunded?: { paymentIntentId: string; amountRefunded: number } | null;
  /** Refunds as they now stand (inserted, or updated in place). */
  refunds?: NewRefund[] | null;
  /** A dispute as it now stands. */
  dispute?: NewDispute | null;
  /** An early fraud warning as it now stands. */
  fraudWarning?: NewFraudWarning | null;
  history: HistoryEntry | null;
  /** The Stripe event that carried the change: its outcome, written in the same statement. */
  stripeEvent?: { id: string; outcome: StripeEventOutcome; note: string } | null;
  /** The webhook delivery that carried it, logged in the same statement. */
  delivery?: DeliveryRow | null;
}

/** A change the writer has just persisted (inside the caller's transaction). */
export interface WrittenChange {
  before: OrderRow;
  /** The order as written. */
  after: OrderRow;
  from: OrderStatus;
  /** Equal to `from` when the change moved no status. */
  to: OrderStatus;
  change: OrderChange;
}
