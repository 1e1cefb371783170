import { type OrderStatus, isPaidStatus, nextStatus } from './order-state-machine.js';

/**
 * A fact Stripe told us about a payment, from a webhook event or from an object read back from the
 * API (success-page sync, admin sync, reconciliation). All four paths apply facts through `decide`.
 */
export type PaymentFact =
  | {
      kind: 'checkout_completed';
      sessionId: string;
      attemptNo: number | null;
      paymentStatus: 'paid' | 'unpaid' | 'no_payment_required';
      paymentIntentId: string | null;
      amountTotal: number | null;
      currency: string | null;
      customerEmail: string | null;
    }
  | {
      kind: 'async_payment_succeeded';
      sessionId: string;
      attemptNo: number | null;
      paymentIntentId: string | null;
      amountTotal: number | null;
      currency: string | null;
      customerEmail: string | null;
    }
  | {
      kind: 'async_payment_failed';
      sessionId: string;
      attemptNo: number | null;
      paymentIntentId: string | null;
    }
  | { kind: 'session_expired'; sessionId: string; attemptNo: number | null }
  | {
      kind: 'payment_failed';
      paymentIntentId: string;
      attemptNo: number | null;
      code: string | null;
      declineCode: string | null;
      message: string | null;
    }
  | { kind: 'payment_canceled'; paymentIntentId: string; attemptNo: number | null; reason: string | null }
  | {
      kind: 'charge_refunded';
      paymentIntentId: string | null;
      chargeId: string;
      amountCaptured: number;
      amountRefunded: number;
      currency: string;
    };

export type FactKind = PaymentFact['kind'];

/** What the order looks like to the decision (read under the order's row lock). */
export interface OrderSnapshot {
  status: OrderStatus;
  totalAmount: number;
  currency: string;
  currentAttemptNo: number;
  paymentIntentId: string | null;
  amountReceived: number | null;
  amountRefunded: number;
  flags: readonly string[];
}

export interface PaymentDetails {
  amountReceived: number;
  currency: string;
  paymentIntentId: string | null;
  customerEmail: string | null;
}

export type AttemptStatus = 'creating' | 'open' | 'complete' | 'expired' | 'abandoned';

export interface Decision {
  outcome: 'applied' | 'ignored';
  /** Why, in a word the history shows (e.g. `superseded_attempt`, `late_failure_after_payment`). */
  note: string;
  to?: OrderStatus;
  statusReason?: string | null;
  payment?: PaymentDetails;
  addFlags?: string[];
  amountRefunded?: number;
  /** The attempt's own state follows its session whatever happens to the order. */
  attempt?: { status?: AttemptStatus; paymentStatus?: string; paymentIntentId?: string };
}

export const FLAG_DUPLICATE_PAYMENT = 'duplicate_payment';
export const FLAG_AMOUNT_MISMATCH = 'amount_mismatch';

const ignored = (note: string, attempt?: Decision['attempt']): Decision => ({
  outcome: 'ignored',
  note,
  ...(attempt ? { attempt } : {}),
});

/**
 * Decides what a fact does to an order. Pure: the caller holds the order's lock, persists the
 * decision and records it in the history. Rules (DESIGN §4):
 * - money received always wins: a success applies from any status and any attempt, and a success on
 *   another attempt of an already-paid order only raises `duplicate_payment`;
 * - failures and expiries of a superseded attempt never touch the order;
 * - a transition the table does not allow is ignored, not an error.
 */
export function decide(order: OrderSnapshot, fact: PaymentFact, attemptNo: number | null): Decision {
  const current = attemptNo === null || attemptNo === order.currentAttemptNo;
  switch (fact.kind) {
    case 'checkout_completed':
      if (fact.paymentStatus === 'unpaid') {
        const attempt = { status: 'complete' as const, paymentStatus: 'unpaid', ...pi(fact.paymentIntentId) };
        if (!current) return ignored('superseded_attempt', attempt);
        const to = nextStatus(order.status, 'checkout_completed_unpaid');
        if (!to) return ignored(`not_allowed_from_${order.status}`, attempt);
        return {
          outcome: 'applied',
          note: 'awaiting_async_payment',
          to,
          statusReason: 'awaiting_payment',
          attempt,
        };
      }
      return paymentSucceeded(order, fact);
    case 'async_payment_succeeded':
      return paymentSucceeded(order, fact);
    case 'async_payment_failed':
    case 'payment_failed': {
      const attempt =
        fact.kind === 'async_payment_failed'
          ? { status: 'complete' as const, paymentStatus: 'unpaid', ...pi(fact.paymentIntentId) }
          : pi(fact.paymentIntentId);
      if (isPaidStatus(order.status)) return ignored('late_failure_after_payment', attempt);
      if (!current) return ignored('superseded_attempt', attempt);
      const to = nextStatus(order.status, 'payment_failed');
      if (!to) return ignored(`not_allowed_from_${order.status}`, attempt);
      const reason =
        fact.kind === 'async_payment_failed'
          ? 'async_payment_failed'
          : (fact.declineCode ?? fact.code ?? 'payment_failed');
      if (to === order.status) return ignored('already_failed', attempt);
      return { outcome: 'applied', note: 'payment_failed', to, statusReason: reason, attempt };
    }
    case 'session_expired': {
      const attempt = { status: 'expired' as const };
      if (!current) return ignored('superseded_attempt', attempt);
      const to = nextStatus(order.status, 'session_expired');
      if (!to) return ignored(`not_allowed_from_${order.status}`, attempt);
      return { outcome: 'applied', note: 'session_expired', to, statusReason: 'session_expired', attempt };
    }
    case 'payment_canceled':
      // Stripe cancels a session's intent when the session expires; the session's own events decide.
      return ignored('informational');
    case 'charge_refunded':
      return refunded(order, fact);
  }
}

function pi(paymentIntentId: string | null): { paymentIntentId?: string } {
  return paymentIntentId ? { paymentIntentId } : {};
}

function paymentSucceeded(
  order: OrderSnapshot,
  fact: Extract<PaymentFact, { kind: 'checkout_completed' | 'async_payment_succeeded' }>,
): Decision {
  const attempt = { status: 'complete' as const, paymentStatus: 'paid', ...pi(fact.paymentIntentId) };
  const amount = fact.amountTotal ?? order.totalAmount;
  const currency = fact.currency ?? order.currency;
  if (isPaidStatus(order.status)) {
    if (
      order.paymentIntentId === null ||
      fact.paymentIntentId === null ||
      order.paymentIntentId === fact.paymentIntentId
    ) {
      return ignored('already_paid', attempt);
    }
    if (order.flags.includes(FLAG_DUPLICATE_PAYMENT))
      return ignored('duplicate_payment_already_flagged', attempt);
    return { outcome: 'applied', note: 'duplicate_payment', addFlags: [FLAG_DUPLICATE_PAYMENT], attempt };
  }
  const to = nextStatus(order.status, 'payment_succeeded');
  if (!to) return ignored(`not_allowed_from_${order.status}`, attempt);
  const mismatch = amount !== order.totalAmount || currency !== order.currency;
  return {
    outcome: 'applied',
    note: 'payment_succeeded',
    to,
    statusReason: null,
    payment: {
      amountReceived: amount,
      currency,
      paymentIntentId: fact.paymentIntentId,
      customerEmail: fact.customerEmail,
    },
    ...(mismatch ? { addFlags: [FLAG_AMOUNT_MISMATCH] } : {}),
    attempt,
  };
}

function refunded(order: OrderSnapshot, fact: Extract<PaymentFact, { kind: 'charge_refunded' }>): Decision {
  if (!isPaidStatus(order.status) || fact.paymentIntentId !== order.paymentIntentId) {
    return ignored('refund_of_another_payment');
  }
  // Refund events carry the running total; an older one arriving late changes nothing.
  if (fact.amountRefunded <= order.amountRefunded) return ignored('refund_already_recorded');
  const received = order.amountReceived ?? fact.amountCaptured;
  const trigger = fact.amountRefunded >= received ? 'full_refund' : 'partial_refund';
  const to = nextStatus(order.status, trigger);
  if (!to) return ignored(`not_allowed_from_${order.status}`);
  return {
    outcome: 'applied',
    note: trigger,
    to,
    statusReason: trigger === 'full_refund' ? 'refunded' : 'partially_refunded',
    amountRefunded: fact.amountRefunded,
  };
}
