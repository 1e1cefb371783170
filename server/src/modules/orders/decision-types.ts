import {
  type AttemptOutcome,
  type AttemptStatus,
  type FulfilmentStatus,
  type OrderFlag,
  ORDER_FLAGS,
  chargesAddUp,
} from '@checkstand/contract';
import type { OrderStatus, OrderTrigger } from './order-state-machine.js';
import type { OrderChargesJson, OrderContactJson, OrderRow } from '../../db/schema.js';
import type { DisputeInfo, FraudWarningInfo, RefundInfo } from './payment-fact.js';

/** What the order looks like to the decision (read under the order's row lock). */
export interface OrderSnapshot {
  status: OrderStatus;
  /** The order's items at its prices, in `currency`: what a session's subtotal must be. */
  expectedAmount: number;
  /**
   * What Stripe charged for it (items − discount + shipping + tax), once a session paid; null before. A payment
   * matches the order when it is this amount (or `expectedAmount` while nothing was charged yet).
   */
  chargedAmount?: number | null;
  currency: string;
  currentAttemptNo: number;
  /** The primary payment: the one the status is about. */
  paymentIntentId: string | null;
  amountReceived: number | null;
  amountRefunded: number;
  flags: readonly string[];
  fulfilmentStatus: FulfilmentStatus;
}

/** What a payment of the order must be: Stripe's charged total once a session paid, the items' total before. */
export function chargedTotal(order: Pick<OrderSnapshot, 'expectedAmount' | 'chargedAmount'>): number {
  return order.chargedAmount ?? order.expectedAmount;
}

/**
 * The total Stripe charged for the order, when its recorded breakdown is one the order accepts (the session's
 * subtotal is the order's items, in its currency, and its figures add up); null otherwise. A session that charged
 * 50 cents for a $178 order is recorded for the owner to see, but its total is not what the order must be paid.
 */
export function approvedChargedAmount(
  order: Pick<OrderRow, 'totalAmount' | 'currency' | 'charges'>,
): number | null {
  const charges = order.charges;
  if (!charges) return null;
  const approved =
    charges.subtotal === order.totalAmount && charges.currency === order.currency && chargesAddUp(charges);
  return approved ? charges.total : null;
}

/** The attempt (Checkout Session) the fact is about, when it has one. */
export interface AttemptSnapshot {
  attemptNo: number;
  status: AttemptStatus;
  outcome: AttemptOutcome | null;
  paymentStatus: string | null;
  paymentIntentId: string | null;
}

/** A payment the order received. */
export interface PaymentSnapshot {
  paymentIntentId: string;
  amount: number;
  currency: string;
  /** The sum of its succeeded refunds. */
  amountRefunded: number;
}

/** A refund of one of the order's payments, as the store last recorded it. */
export type RefundSnapshot = Required<RefundInfo>;

/** A dispute as the store last recorded it: what Stripe last reported, at its furthest. */
export type DisputeSnapshot = DisputeInfo;

/** An early fraud warning as the store last recorded it. */
export type FraudWarningSnapshot = FraudWarningInfo;

/**
 * The order's money as recorded: the caller loads what the fact needs (payments for every money fact; refunds,
 * disputes or warnings for facts about those) and leaves the rest empty.
 */
export interface MoneySnapshot {
  payments: readonly PaymentSnapshot[];
  refunds: readonly RefundSnapshot[];
  disputes: readonly DisputeSnapshot[];
  fraudWarnings: readonly FraudWarningSnapshot[];
}

export const noMoney = (): MoneySnapshot => ({ payments: [], refunds: [], disputes: [], fraudWarnings: [] });

export interface AttemptChange {
  status?: AttemptStatus;
  outcome?: AttemptOutcome;
  paymentStatus?: string;
  paymentIntentId?: string;
}

export interface Decision {
  /**
   * `deferred`: the fact is provably about this order but cannot be placed yet (a refund reported before the
   * payment it refunds): nothing is recorded, and it must come again (Stripe redelivers a webhook answered 5xx).
   */
  outcome: 'applied' | 'ignored' | 'deferred';
  /** Why, in a word the history shows (`superseded_attempt`, `stale_fact`, `duplicate_payment`…). */
  note: string;
  /** The status change, checked against the table again by the writer. */
  trigger?: OrderTrigger;
  statusReason?: string | null;
  /**
   * A payment that becomes the order's primary one, with what its session charged and collected (no payment
   * intent: nothing was to pay, a discount covered everything).
   */
  primary?: {
    paymentIntentId: string | null;
    amount: number;
    amountRefunded: number;
    customerEmail: string | null;
    charges: OrderChargesJson | null;
    contact: OrderContactJson | null;
  };
  /** A payment received for the first time. */
  newPayment?: PaymentSnapshot;
  /** A payment's refunded total (its succeeded refunds) changed; it falls when a refund fails. */
  paymentRefunded?: { paymentIntentId: string; amountRefunded: number };
  /** The order-level refunded amount (the primary payment's). */
  amountRefunded?: number;
  /** Refunds to record as they now stand. */
  refunds?: RefundSnapshot[];
  /** A dispute to record as it now stands. */
  dispute?: DisputeSnapshot;
  /** An early fraud warning to record as it now stands. */
  fraudWarning?: FraudWarningSnapshot;
  /** The order's flags, when they change. */
  flags?: OrderFlag[];
  /** The attempt follows its session whatever happens to the order. */
  attempt?: AttemptChange;
  /** A dispute or a warning that arrived after the goods left. */
  afterFulfilment?: boolean;
}

export const ignored = (note: string, attempt?: AttemptChange): Decision => ({
  outcome: 'ignored',
  note,
  ...(attempt && Object.keys(attempt).length > 0 ? { attempt } : {}),
});

/**
 * The order's flags with each of `set` on or off, and nothing else changed (unknown values dropped). Each flag
 * has one owner: `duplicate_payment` the payments, `dispute_*` the disputes, `fraud_warning` the warnings.
 */
export function withFlags(current: readonly string[], set: Partial<Record<OrderFlag, boolean>>): OrderFlag[] {
  return ORDER_FLAGS.filter((flag) => set[flag] ?? current.includes(flag));
}

export const sameFlags = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((flag) => b.includes(flag));

/** `duplicate_payment` stands while an extra payment (not the primary) still holds money. */
export function flagsAfter(
  current: readonly string[],
  payments: readonly PaymentSnapshot[],
  primaryPaymentIntentId: string | null,
): OrderFlag[] {
  const owed = payments.some(
    (p) => p.paymentIntentId !== primaryPaymentIntentId && p.amountRefunded < p.amount,
  );
  return withFlags(current, { duplicate_payment: owed });
}
