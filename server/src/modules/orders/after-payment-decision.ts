import { type DisputeStatus, OPEN_DISPUTE_STATUSES, type RefundStatus } from '@checkstand/contract';
import {
  type AttemptSnapshot,
  type Decision,
  type DisputeSnapshot,
  type FraudWarningSnapshot,
  type MoneySnapshot,
  type OrderSnapshot,
  type PaymentSnapshot,
  type RefundSnapshot,
  chargedTotal,
  flagsAfter,
  ignored,
  sameFlags,
  withFlags,
} from './decision-types.js';
import { type OrderTrigger, nextStatus } from './order-state-machine.js';
import type { PaymentFact, RefundInfo } from './payment-fact.js';

/**
 * What Stripe tells about a payment after it arrived: its refunds, its disputes, Radar's early fraud warnings.
 * Each such object has a lifecycle whose states only move forward (a rank per state), so the facts may arrive in
 * any order, any number of times, and from any channel (webhook, sweep, read-back): the store keeps, per object,
 * the furthest state it heard of, and derives the order's money, status and flags from all of them.
 */

/** A refund's states in the order they happen: it may fail after it succeeded (the card was closed). */
const REFUND_RANK: Record<RefundStatus, number> = {
  requires_action: 0,
  pending: 1,
  succeeded: 2,
  failed: 3,
  canceled: 3,
};

/** An inquiry (`warning_*`) may escalate to a dispute, never the reverse; `won`/`lost` end it. */
const DISPUTE_RANK: Record<DisputeStatus, number> = {
  warning_needs_response: 0,
  warning_under_review: 1,
  warning_closed: 2,
  needs_response: 3,
  under_review: 4,
  won: 5,
  lost: 5,
};

const isOpen = (status: DisputeStatus) => (OPEN_DISPUTE_STATUSES as readonly string[]).includes(status);

/** A fact about a payment the order has not recorded: it waits for the payment, or is not about this order. */
function paymentOf(
  money: MoneySnapshot,
  attempt: AttemptSnapshot | null,
  paymentIntentId: string | null,
  what: string,
): PaymentSnapshot | Decision {
  const payment = money.payments.find((p) => p.paymentIntentId === paymentIntentId);
  if (payment) return payment;
  // A refund or a dispute proves its payment succeeded: when it is this attempt's intent, the payment's own
  // event is on its way (or lost, and the sweep or the watch list brings it); the fact waits for it.
  return paymentIntentId !== null && attempt?.paymentIntentId === paymentIntentId
    ? { outcome: 'deferred', note: `${what}_before_its_payment` }
    : ignored(`${what}_of_unknown_payment`);
}

const isDecision = (value: PaymentSnapshot | Decision): value is Decision => 'outcome' in value;

/** The furthest of what the store knew and what Stripe now says. */
function mergeRefund(known: RefundSnapshot | undefined, reported: RefundInfo): RefundSnapshot {
  const incoming: RefundSnapshot = {
    id: reported.id,
    paymentIntentId: reported.paymentIntentId,
    amount: reported.amount,
    currency: reported.currency,
    status: reported.status,
    reason: reported.reason,
    failureReason: reported.failureReason,
    requestedBy: reported.requestedBy ?? null,
  };
  if (!known) return incoming;
  const ahead = REFUND_RANK[reported.status] > REFUND_RANK[known.status];
  return {
    ...known,
    status: ahead ? reported.status : known.status,
    reason: known.reason ?? incoming.reason,
    failureReason: ahead
      ? (incoming.failureReason ?? known.failureReason)
      : (known.failureReason ?? (reported.status === known.status ? incoming.failureReason : null)),
    requestedBy: known.requestedBy ?? incoming.requestedBy,
  };
}

const sameRefund = (a: RefundSnapshot, b: RefundSnapshot) =>
  a.status === b.status &&
  a.reason === b.reason &&
  a.failureReason === b.failureReason &&
  a.requestedBy === b.requestedBy;

/** What the refunds (of one payment) total once they succeeded. */
export function succeededTotal(refunds: readonly RefundSnapshot[], paymentIntentId: string): number {
  return refunds
    .filter((r) => r.paymentIntentId === paymentIntentId && r.status === 'succeeded')
    .reduce((sum, r) => sum + r.amount, 0);
}

/**
 * Refunds of one payment, as Stripe reported them. The payment's refunded amount is the sum of its succeeded
 * refunds; for the primary payment the order's status follows that sum, back to `paid` when every refund failed.
 */
export function refundsReported(
  order: OrderSnapshot,
  attempt: AttemptSnapshot | null,
  money: MoneySnapshot,
  fact: Extract<PaymentFact, { kind: 'refunds_reported' }>,
): Decision {
  if (fact.refunds === null) throw new Error('refunds must be read from Stripe before deciding');
  const found = paymentOf(money, attempt, fact.paymentIntentId, 'refund');
  if (isDecision(found)) return found;
  const payment = found;
  const changed: RefundSnapshot[] = [];
  let failed = false;
  for (const reported of fact.refunds) {
    if (reported.paymentIntentId !== payment.paymentIntentId) continue;
    const known = money.refunds.find((r) => r.id === reported.id);
    const merged = mergeRefund(known, reported);
    if (known && sameRefund(known, merged)) continue;
    changed.push(merged);
    if (REFUND_RANK[merged.status] === 3 && (!known || REFUND_RANK[known.status] < 3)) failed = true;
  }
  if (changed.length === 0) return ignored('refund_already_recorded');
  const after = [...money.refunds.filter((r) => !changed.some((c) => c.id === r.id)), ...changed];
  const refunded = Math.min(succeededTotal(after, payment.paymentIntentId), payment.amount);
  const moved = refunded !== payment.amountRefunded;
  const base: Decision = {
    outcome: 'applied',
    note: failed ? 'refund_failed' : 'refund_recorded',
    refunds: changed,
    ...(moved
      ? { paymentRefunded: { paymentIntentId: payment.paymentIntentId, amountRefunded: refunded } }
      : {}),
  };
  if (payment.paymentIntentId !== order.paymentIntentId) {
    const payments = money.payments.map((p) => (p === payment ? { ...p, amountRefunded: refunded } : p));
    const flags = flagsAfter(order.flags, payments, order.paymentIntentId);
    return {
      ...base,
      note: failed ? 'refund_failed' : moved ? 'extra_payment_refunded' : base.note,
      ...(sameFlags(flags, order.flags) ? {} : { flags }),
    };
  }
  if (!moved) return base;
  const received = order.amountReceived ?? payment.amount;
  const matches = payment.amount === chargedTotal(order) && payment.currency === order.currency;
  let trigger: OrderTrigger | null;
  if (refunded >= received) trigger = 'full_refund';
  else if (order.status === 'refunded')
    trigger = matches ? (refunded > 0 ? 'partial_refund' : 'refund_reversed') : 'mismatch_refund_reversed';
  else if (refunded > 0) trigger = 'partial_refund';
  else trigger = order.status === 'partially_refunded' ? 'refund_reversed' : null;
  const withAmount: Decision = { ...base, amountRefunded: refunded };
  if (!trigger || !nextStatus(order.status, trigger)) return withAmount;
  const to = nextStatus(order.status, trigger);
  return {
    ...withAmount,
    note: failed ? 'refund_failed' : trigger,
    trigger,
    statusReason:
      to === 'refunded'
        ? 'refunded'
        : to === 'partially_refunded'
          ? 'partially_refunded'
          : to === 'payment_mismatch'
            ? payment.currency === order.currency
              ? 'amount_mismatch'
              : 'currency_mismatch'
            : null,
  };
}

/** A dispute (or inquiry) of one of the order's payments. */
export function disputeReported(
  order: OrderSnapshot,
  attempt: AttemptSnapshot | null,
  money: MoneySnapshot,
  fact: Extract<PaymentFact, { kind: 'dispute_reported' }>,
): Decision {
  const found = paymentOf(money, attempt, fact.paymentIntentId, 'dispute');
  if (isDecision(found)) return found;
  const known = money.disputes.find((d) => d.id === fact.id);
  const { kind: _, ...incoming } = fact;
  let merged: DisputeSnapshot = incoming;
  if (known) {
    const ahead = DISPUTE_RANK[fact.status] > DISPUTE_RANK[known.status];
    merged = {
      ...(ahead ? incoming : known),
      chargeId: known.chargeId ?? fact.chargeId,
      evidenceDueBy: ahead
        ? (fact.evidenceDueBy ?? known.evidenceDueBy)
        : (known.evidenceDueBy ?? fact.evidenceDueBy),
      amountWithdrawn: Math.max(known.amountWithdrawn, fact.amountWithdrawn),
      amountReinstated: Math.max(known.amountReinstated, fact.amountReinstated),
    };
    if (
      merged.status === known.status &&
      merged.amountWithdrawn === known.amountWithdrawn &&
      merged.amountReinstated === known.amountReinstated &&
      merged.evidenceDueBy?.getTime() === known.evidenceDueBy?.getTime() &&
      merged.chargeId === known.chargeId
    ) {
      return ignored('dispute_already_recorded');
    }
  }
  const after = [...money.disputes.filter((d) => d.id !== merged.id), merged];
  const flags = withFlags(order.flags, {
    dispute_open: after.some((d) => isOpen(d.status)),
    dispute_lost: after.some((d) => d.status === 'lost'),
  });
  const statusChanged = !known || known.status !== merged.status;
  const note = !known
    ? 'dispute_opened'
    : !statusChanged
      ? 'dispute_updated'
      : merged.status === 'won'
        ? 'dispute_won'
        : merged.status === 'lost'
          ? 'dispute_lost'
          : merged.status === 'warning_closed'
            ? 'inquiry_closed'
            : 'dispute_updated';
  return {
    outcome: 'applied',
    note,
    dispute: merged,
    ...(sameFlags(flags, order.flags) ? {} : { flags }),
    ...(order.fulfilmentStatus === 'fulfilled' && !known ? { afterFulfilment: true } : {}),
  };
}

/** An early fraud warning: actionable until disputed or refunded in full, and never actionable again after. */
export function fraudWarningReported(
  order: OrderSnapshot,
  attempt: AttemptSnapshot | null,
  money: MoneySnapshot,
  fact: Extract<PaymentFact, { kind: 'fraud_warning_reported' }>,
): Decision {
  const found = paymentOf(money, attempt, fact.paymentIntentId, 'fraud_warning');
  if (isDecision(found)) return found;
  const known = money.fraudWarnings.find((w) => w.id === fact.id);
  const merged: FraudWarningSnapshot = {
    id: fact.id,
    paymentIntentId: fact.paymentIntentId,
    chargeId: known?.chargeId ?? fact.chargeId,
    fraudType: known?.fraudType ?? fact.fraudType,
    actionable: known ? known.actionable && fact.actionable : fact.actionable,
    raisedAt: known?.raisedAt ?? fact.raisedAt,
  };
  if (known && known.actionable === merged.actionable && known.chargeId === merged.chargeId) {
    return ignored('fraud_warning_already_recorded');
  }
  const after = [...money.fraudWarnings.filter((w) => w.id !== merged.id), merged];
  const flags = withFlags(order.flags, { fraud_warning: after.some((w) => w.actionable) });
  return {
    outcome: 'applied',
    note: merged.actionable ? 'fraud_warning' : 'fraud_warning_resolved',
    fraudWarning: merged,
    ...(sameFlags(flags, order.flags) ? {} : { flags }),
    ...(order.fulfilmentStatus === 'fulfilled' && !known ? { afterFulfilment: true } : {}),
  };
}
