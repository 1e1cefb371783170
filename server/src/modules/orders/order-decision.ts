import { chargesAddUp, hasReceivedMoney } from '@checkstand/contract';
import { disputeReported, fraudWarningReported, refundsReported } from './after-payment-decision.js';
import {
  type AttemptChange,
  type AttemptSnapshot,
  type Decision,
  type MoneySnapshot,
  type OrderSnapshot,
  type PaymentSnapshot,
  flagsAfter,
  ignored,
} from './decision-types.js';
import { type OrderTrigger, nextStatus } from './order-state-machine.js';
import type { PaymentFact } from './payment-fact.js';

export * from './decision-types.js';

/**
 * How far a session has come, so a fact older than what the store knows cannot undo it: 0 nothing tried,
 * 1 a card declined (the session stays open), 2 a delayed payment processing, 3 terminal (paid, failed,
 * expired). A decline is always older than "processing", and "processing" older than its outcome.
 */
type Progress = { rank: 0 | 1 | 2 | 3; terminal?: 'paid' | 'failed' | 'expired' };

function progressOfAttempt(attempt: AttemptSnapshot): Progress {
  if (attempt.status === 'expired' || attempt.status === 'abandoned') return { rank: 3, terminal: 'expired' };
  if (attempt.status === 'complete') {
    if (attempt.outcome === 'processing') return { rank: 2 };
    return { rank: 3, terminal: attempt.outcome === 'failed' ? 'failed' : 'paid' };
  }
  return { rank: attempt.outcome === 'declined' ? 1 : 0 };
}

function progressOfFact(fact: PaymentFact): Progress | null {
  switch (fact.kind) {
    case 'payment_failed':
      return { rank: 1 };
    case 'checkout_completed':
      return fact.paymentStatus === 'unpaid' ? { rank: 2 } : { rank: 3, terminal: 'paid' };
    case 'async_payment_succeeded':
      return { rank: 3, terminal: 'paid' };
    case 'async_payment_failed':
      return { rank: 3, terminal: 'failed' };
    case 'session_expired':
      return { rank: 3, terminal: 'expired' };
    default:
      return null;
  }
}

/** A fact is stale when the attempt has already come further, or ended otherwise (money aside: it always wins). */
function isStale(attempt: AttemptSnapshot, fact: Progress): boolean {
  const known = progressOfAttempt(attempt);
  if (fact.terminal === 'paid') return false;
  if (fact.rank < known.rank) return true;
  return fact.rank === 3 && known.rank === 3 && fact.terminal !== known.terminal;
}

/** Only what differs from the attempt as it is. */
function attemptChange(attempt: AttemptSnapshot | null, wanted: AttemptChange): AttemptChange | undefined {
  if (!attempt) return undefined;
  const change: AttemptChange = {};
  if (wanted.status && wanted.status !== attempt.status) change.status = wanted.status;
  if (wanted.outcome && wanted.outcome !== attempt.outcome) change.outcome = wanted.outcome;
  if (wanted.paymentStatus && wanted.paymentStatus !== attempt.paymentStatus) {
    change.paymentStatus = wanted.paymentStatus;
  }
  if (wanted.paymentIntentId && !attempt.paymentIntentId) change.paymentIntentId = wanted.paymentIntentId;
  return change;
}

/**
 * Decides what a fact does to an order. Pure: the caller holds the order's lock (and the attempt's), and the
 * writer persists the decision with its history row. `money` is what the order recorded of its payments,
 * refunds, disputes and warnings (the caller loads what the fact needs). Rules (docs/design.md, "State machine"):
 * - money received always wins: a payment applies from any status and any attempt; `paid` only when the amount
 *   and currency are what the order expects, `payment_mismatch` otherwise; another payment on an order that
 *   already has one is an extra payment, flagged for a refund;
 * - a fact older than what the store knows of its session (a decline after "processing", "processing" after
 *   the outcome) changes nothing;
 * - failures and expiries of a superseded attempt never touch the order;
 * - a transition the table does not allow is ignored, not an error;
 * - refunds, disputes and warnings keep the furthest state Stripe reported (after-payment-decision.ts).
 */
export function decide(
  order: OrderSnapshot,
  attempt: AttemptSnapshot | null,
  money: MoneySnapshot,
  fact: PaymentFact,
): Decision {
  if (fact.kind === 'refunds_reported') return refundsReported(order, attempt, money, fact);
  if (fact.kind === 'dispute_reported') return disputeReported(order, attempt, money, fact);
  if (fact.kind === 'fraud_warning_reported') return fraudWarningReported(order, attempt, money, fact);
  if (fact.kind === 'payment_canceled') {
    // Stripe cancels a session's intent when the session expires; the session's own events decide.
    return ignored('informational');
  }
  if (
    fact.kind === 'async_payment_succeeded' ||
    (fact.kind === 'checkout_completed' && fact.paymentStatus !== 'unpaid')
  ) {
    return paymentReceived(order, attempt, money.payments, fact);
  }
  const progress = progressOfFact(fact);
  if (attempt && progress && isStale(attempt, progress)) return ignored('stale_fact');

  const current = attempt === null || attempt.attemptNo === order.currentAttemptNo;
  let trigger: OrderTrigger;
  let reason: string;
  let note: string;
  let change: AttemptChange | undefined;
  switch (fact.kind) {
    case 'checkout_completed':
      trigger = 'checkout_completed_unpaid';
      reason = 'awaiting_payment';
      note = 'awaiting_async_payment';
      change = attemptChange(attempt, {
        status: 'complete',
        outcome: 'processing',
        paymentStatus: 'unpaid',
        ...pi(fact.paymentIntentId),
      });
      break;
    case 'payment_failed':
      trigger = 'payment_declined';
      reason = fact.declineCode ?? fact.code ?? 'payment_failed';
      note = 'payment_declined';
      change = attemptChange(attempt, { outcome: 'declined', ...pi(fact.paymentIntentId) });
      break;
    case 'async_payment_failed':
      trigger = 'async_payment_failed';
      reason = 'async_payment_failed';
      note = 'async_payment_failed';
      change = attemptChange(attempt, {
        status: 'complete',
        outcome: 'failed',
        paymentStatus: 'unpaid',
        ...pi(fact.paymentIntentId),
      });
      break;
    case 'session_expired':
      trigger = 'session_expired';
      reason = 'session_expired';
      note = 'session_expired';
      change = attemptChange(attempt, { status: 'expired' });
      break;
  }
  if (hasReceivedMoney(order.status)) return ignored('late_fact_after_payment', change);
  if (!current) return ignored('superseded_attempt', change);
  if (order.status === 'failed' && (trigger === 'payment_declined' || trigger === 'async_payment_failed')) {
    return ignored('already_failed', change);
  }
  if (!nextStatus(order.status, trigger)) return ignored(`not_allowed_from_${order.status}`, change);
  return {
    outcome: 'applied',
    note,
    trigger,
    statusReason: reason,
    ...(change && Object.keys(change).length > 0 ? { attempt: change } : {}),
  };
}

function pi(paymentIntentId: string | null): { paymentIntentId?: string } {
  return paymentIntentId ? { paymentIntentId } : {};
}

function paymentReceived(
  order: OrderSnapshot,
  attempt: AttemptSnapshot | null,
  payments: readonly PaymentSnapshot[],
  fact: Extract<PaymentFact, { kind: 'checkout_completed' | 'async_payment_succeeded' }>,
): Decision {
  const paymentIntentId = fact.paymentIntentId;
  const change = attemptChange(attempt, {
    status: 'complete',
    outcome: 'paid',
    paymentStatus: fact.kind === 'checkout_completed' ? fact.paymentStatus : 'paid',
    ...pi(paymentIntentId),
  });
  const amount = fact.amountTotal ?? 0;
  const currency = fact.currency ?? '';
  // Paid means: the session charged for the order's items (its subtotal is the order's total, in its currency),
  // its figures add up, and the money received is the session's total.
  const subtotal = fact.charges?.subtotal ?? fact.amountTotal;
  const addsUp = !fact.charged || chargesAddUp(fact.charged);
  const matches =
    fact.amountTotal !== null && subtotal === order.expectedAmount && currency === order.currency && addsUp;
  const withChange = change && Object.keys(change).length > 0 ? { attempt: change } : {};
  const bought = { charges: fact.charged ?? null, contact: fact.charges?.contact ?? null };
  if (!paymentIntentId) {
    // A discount that covers everything: Checkout completes with nothing to pay and no payment intent.
    const free =
      fact.kind === 'checkout_completed' &&
      fact.paymentStatus === 'no_payment_required' &&
      amount === 0 &&
      matches;
    if (!free || hasReceivedMoney(order.status) || !nextStatus(order.status, 'payment_succeeded')) {
      // Otherwise Checkout always pays through a payment intent; without one there is nothing to refund or to
      // match a later event to, so it is recorded, never applied.
      return ignored('payment_without_intent', change);
    }
    return {
      outcome: 'applied',
      note: 'nothing_to_pay',
      trigger: 'payment_succeeded',
      statusReason: null,
      primary: {
        paymentIntentId: null,
        amount: 0,
        amountRefunded: 0,
        customerEmail: fact.customerEmail,
        ...bought,
      },
      ...withChange,
    };
  }
  const received: PaymentSnapshot = { paymentIntentId, amount, currency, amountRefunded: 0 };
  const primary = {
    paymentIntentId,
    amount,
    amountRefunded: 0,
    customerEmail: fact.customerEmail,
    ...bought,
  };

  if (!hasReceivedMoney(order.status)) {
    const trigger: OrderTrigger = matches ? 'payment_succeeded' : 'payment_mismatched';
    if (!nextStatus(order.status, trigger)) return ignored(`not_allowed_from_${order.status}`, change);
    return {
      outcome: 'applied',
      note: matches ? 'payment_succeeded' : 'payment_mismatch',
      trigger,
      statusReason: matches ? null : currency === order.currency ? 'amount_mismatch' : 'currency_mismatch',
      primary,
      newPayment: received,
      ...withChange,
    };
  }
  if (paymentIntentId === order.paymentIntentId) return ignored('already_paid', change);
  if (payments.some((p) => p.paymentIntentId === paymentIntentId)) {
    return ignored('extra_payment_already_recorded', change);
  }
  const after = [...payments, received];
  if (order.status === 'payment_mismatch' && matches) {
    // The right money after the wrong one: it becomes the primary payment; the wrong one is to be refunded.
    return {
      outcome: 'applied',
      note: 'payment_succeeded',
      trigger: 'payment_succeeded',
      statusReason: null,
      primary,
      newPayment: received,
      amountRefunded: 0,
      flags: flagsAfter(order.flags, after, paymentIntentId),
      ...withChange,
    };
  }
  return {
    outcome: 'applied',
    note: 'duplicate_payment',
    newPayment: received,
    flags: flagsAfter(order.flags, after, order.paymentIntentId),
    ...withChange,
  };
}
