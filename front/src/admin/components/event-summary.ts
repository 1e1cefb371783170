import { NOT_READY_REASONS, type AdminOrderEvent, type NotReadyReason } from '@checkstand/contract';
import { formatMoney } from '../../money/format-money';
import { DISPUTE_STATUS_LABELS, NOT_READY_INFO, codeWords, formatAdminDate, humanize } from '../admin-format';

/**
 * One readable line for a history entry, from the `detail` the server wrote (its `note` says what happened):
 * "Refund failed: expired_or_canceled_card (re_1, $10.00)", "Dispute opened: $62.50, fraudulent…". The codes
 * Stripe sends stay as they are in this line, so they can be searched for in Stripe and in the logs. `detail` is
 * free-form in the contract: every field is read defensively, and a note this file does not know is shown as
 * words.
 */

type Detail = Record<string, unknown>;

function text(detail: Detail, key: string): string | null {
  const value = detail[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

function amount(detail: Detail, key: string, currency: string): string | null {
  const value = detail[key];
  return typeof value === 'number' && Number.isSafeInteger(value) ? formatMoney(value, currency) : null;
}

interface RefundInDetail {
  id: string | null;
  amount: number | null;
  status: string | null;
  failureReason: string | null;
}

function refundsOf(detail: Detail): RefundInDetail[] {
  const list = detail.refunds;
  if (!Array.isArray(list)) return [];
  return list
    .filter((item): item is Detail => typeof item === 'object' && item !== null)
    .map((item) => ({
      id: text(item, 'id'),
      amount: typeof item.amount === 'number' && Number.isSafeInteger(item.amount) ? item.amount : null,
      status: text(item, 'status'),
      failureReason: text(item, 'failureReason'),
    }));
}

/** The not-ready reasons a history entry lists, in words. */
export function reasonsOf(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value
    .filter((r): r is NotReadyReason => (NOT_READY_REASONS as readonly unknown[]).includes(r))
    .map((r) => NOT_READY_INFO[r].label.toLowerCase())
    .join(', ');
}

/** " on pi_…", when the entry names its payment. */
function onPayment(detail: Detail): string {
  const pi = text(detail, 'paymentIntentId');
  return pi ? ` on ${pi}` : '';
}

function refundLine(note: string, detail: Detail, currency: string): string | null {
  const total = amount(detail, 'amountRefunded', currency);
  const refunded = total ? `${total} refunded in all${onPayment(detail)}` : null;
  switch (note) {
    case 'refund_failed': {
      const failed = refundsOf(detail).find((r) => r.status === 'failed' || r.failureReason) ?? null;
      const reason = failed?.failureReason ?? 'no reason given';
      const which = [
        failed?.id,
        failed?.amount !== null && failed?.amount !== undefined ? formatMoney(failed.amount, currency) : null,
      ].filter(Boolean);
      return `Refund failed: ${reason}${which.length ? ` (${which.join(', ')})` : ''}. No money went back.`;
    }
    case 'full_refund':
      return `Refunded in full${refunded ? `: ${refunded}` : ''}.`;
    case 'partial_refund':
      return `Partial refund${refunded ? `: ${refunded}` : ''}.`;
    case 'refund_reversed':
      return `Refund reversed: the money came back to the shop${refunded ? `; ${refunded}` : ''}.`;
    case 'refund_recorded': {
      const latest = refundsOf(detail).at(-1);
      return `Refund recorded${latest?.status ? ` (${latest.status})` : ''}${refunded ? `: ${refunded}` : ''}.`;
    }
    case 'refund_already_recorded':
      return 'Refund already recorded: nothing changed.';
    case 'extra_payment_refunded':
      return `Extra payment refunded${refunded ? `: ${refunded}` : ''}.`;
  }
  return null;
}

function disputeLine(note: string, detail: Detail, currency: string): string | null {
  const money = amount(detail, 'amount', currency);
  const reason = text(detail, 'reason');
  const status = text(detail, 'status');
  const statusWords =
    status && status in DISPUTE_STATUS_LABELS
      ? DISPUTE_STATUS_LABELS[status as keyof typeof DISPUTE_STATUS_LABELS].toLowerCase()
      : status;
  const due = text(detail, 'evidenceDueBy');
  switch (note) {
    case 'dispute_opened':
      return [
        `Dispute opened${money ? `: ${money}` : ''}`,
        reason ? `reason ${codeWords(reason)}` : null,
        due ? `evidence due ${formatAdminDate(due)}` : null,
      ]
        .filter(Boolean)
        .join(', ')
        .concat('.');
    case 'dispute_updated':
      return `Dispute updated${statusWords ? `: ${statusWords}` : ''}.`;
    case 'dispute_won': {
      const back = amount(detail, 'amountReinstated', currency);
      return `Dispute won${back ? `: ${back} reinstated` : ''}.`;
    }
    case 'dispute_lost': {
      const gone = amount(detail, 'amountWithdrawn', currency);
      return `Dispute lost${gone ? `: ${gone} taken back by the bank` : ''}.`;
    }
    case 'inquiry_closed':
      return 'Inquiry closed without a dispute.';
    case 'dispute_already_recorded':
      return 'Dispute already recorded: nothing changed.';
  }
  return null;
}

function warningLine(note: string, detail: Detail): string | null {
  const type = text(detail, 'fraudType');
  const actionable = detail.actionable === true;
  switch (note) {
    case 'fraud_warning':
      return `Early fraud warning${type ? `: ${type}` : ''}${actionable ? ' (actionable: refund it in full to avoid a dispute)' : ' (not actionable)'}.`;
    case 'fraud_warning_resolved':
      return 'Early fraud warning no longer actionable.';
    case 'fraud_warning_already_recorded':
      return 'Early fraud warning already recorded: nothing changed.';
  }
  return null;
}

function fulfilmentLine(event: AdminOrderEvent): string | null {
  const { detail } = event;
  const by = text(detail, 'by');
  const carrier = text(detail, 'carrier');
  const tracking = text(detail, 'trackingNumber');
  const shipped = [carrier ? `via ${carrier}` : null, tracking ? `tracking ${tracking}` : null]
    .filter(Boolean)
    .join(', ');
  const who = by ? ` by ${by}` : '';
  switch (event.kind) {
    case 'order_fulfilled':
      return `Marked fulfilled${who}${shipped ? `, ${shipped}` : ''}.`;
    case 'order_fulfilled_override': {
      const reasons = reasonsOf(detail.notReadyBecause);
      const why = text(detail, 'overrideReason');
      return `Marked fulfilled${who} although not ready to ship${reasons ? ` (${reasons})` : ''}${shipped ? `, ${shipped}` : ''}. Reason given: “${why ?? '—'}”.`;
    }
    case 'order_returned':
      return `Marked returned${who}.`;
  }
  return null;
}

/** The entry's line, or null when it has nothing to say beyond its kind and facts. */
export function eventSummary(event: AdminOrderEvent, currency: string): string | null {
  const fulfilment = fulfilmentLine(event);
  if (fulfilment) return fulfilment;
  const note = text(event.detail, 'note');
  if (!note) return null;
  const line =
    refundLine(note, event.detail, currency) ??
    disputeLine(note, event.detail, currency) ??
    warningLine(note, event.detail) ??
    humanize(note);
  const late = event.detail.afterFulfilment === true;
  return late ? `${line} It arrived after the order was fulfilled: the goods have already shipped.` : line;
}
