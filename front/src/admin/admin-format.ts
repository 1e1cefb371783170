import type {
  DisputeStatus,
  FulfilmentStatus,
  HistorySource,
  HoldStatus,
  MessageKind,
  MessageStatus,
  NotReadyReason,
  OrderFlag,
  OrderStatus,
  RefundStatus,
  WatchState,
} from '@checkstand/contract';
import { statusTone, type StatusTone } from '../orders/order-status';

/** Statuses as the shop owner reads them: the states of the lifecycle, not the shopper's wording. */
export const ADMIN_STATUS_LABELS: Record<OrderStatus, string> = {
  pending: 'Pending',
  processing: 'Processing',
  paid: 'Paid',
  payment_mismatch: 'Payment mismatch',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
};

/** The badge colour of a status for the owner: a mismatched payment is a problem to act on, not a wait. */
export function adminStatusTone(status: OrderStatus): StatusTone {
  return status === 'payment_mismatch' ? 'danger' : statusTone(status);
}

/** Flags the server raises on an order that needs a person: each blocks shipping until it is dealt with. */
export const FLAG_INFO: Record<OrderFlag, { label: string; text: string }> = {
  duplicate_payment: {
    label: 'Duplicate payment',
    text: 'This order was paid more than once. Refund the extra payment: the customer should only pay once.',
  },
  dispute_open: {
    label: 'Dispute open',
    text: 'The customer’s bank is disputing a payment of this order. Don’t ship it; answer the dispute in Stripe before its evidence is due.',
  },
  dispute_lost: {
    label: 'Dispute lost',
    text: 'A dispute on this order was lost: the bank took the money back. Don’t ship it.',
  },
  fraud_warning: {
    label: 'Fraud warning',
    text: 'Stripe received an early fraud warning on a payment of this order. Don’t ship it; refunding it in full now usually avoids a dispute and its fee.',
  },
  oversold: {
    label: 'Oversold',
    text: 'Paid after its hold ended and the stock ran out: add stock or refund.',
  },
};

export function flagLabel(flag: OrderFlag): string {
  return FLAG_INFO[flag].label;
}

/** Where the goods are. */
export const FULFILMENT_LABELS: Record<FulfilmentStatus, string> = {
  unfulfilled: 'Unfulfilled',
  fulfilled: 'Fulfilled',
  returned: 'Returned',
};

/** Why an order is not ready to ship: a few words for the list, a sentence for the order page. */
export const NOT_READY_INFO: Record<NotReadyReason, { label: string; text: string }> = {
  not_paid: { label: 'Not paid', text: 'The order isn’t paid.' },
  payment_mismatch: {
    label: 'Payment mismatch',
    text: 'The money received doesn’t match the order (amount or currency).',
  },
  refunded_in_full: { label: 'Refunded in full', text: 'Everything paid has been refunded.' },
  duplicate_payment: {
    label: 'Duplicate payment',
    text: 'An extra payment still holds the customer’s money: refund it first.',
  },
  dispute_open: { label: 'Dispute open', text: 'A dispute on a payment of this order is still open.' },
  dispute_lost: { label: 'Dispute lost', text: 'A dispute on a payment of this order was lost.' },
  fraud_warning: {
    label: 'Fraud warning',
    text: 'Stripe sent an early fraud warning on a payment of this order.',
  },
  oversold: {
    label: 'Oversold',
    text: 'It was paid after its hold ended and the stock ran out: add stock or refund it.',
  },
  already_fulfilled: { label: 'Already fulfilled', text: 'The order has already been marked fulfilled.' },
  returned: { label: 'Returned', text: 'The order was returned.' },
};

/** Where the units held for a checkout are: still held, taken by the payment, or back on sale. */
export const HOLD_STATUS_INFO: Record<HoldStatus, { label: string; text: string }> = {
  held: { label: 'Held', text: 'Kept for the checkout until it is paid or ends.' },
  committed: { label: 'Committed', text: 'Taken from stock by the payment.' },
  released: { label: 'Released', text: 'Back on sale: the checkout ended or the hold was released.' },
};

/** The e-mails the store sends, in words. */
export const MESSAGE_KIND_LABELS: Record<MessageKind, string> = {
  order_confirmation: 'Order confirmation',
  payment_failed: 'Payment failed',
  payment_processing: 'Payment processing',
  refund_issued: 'Refund issued',
  dispute_opened: 'Dispute opened (to the owner)',
};

export const MESSAGE_STATUS_LABELS: Record<MessageStatus, string> = {
  pending: 'Pending',
  sent: 'Sent',
  failed: 'Failed',
  skipped: 'Skipped',
};

/** Stripe's refund statuses as the owner reads them. */
export const REFUND_STATUS_LABELS: Record<RefundStatus, string> = {
  pending: 'Pending',
  requires_action: 'Requires action',
  succeeded: 'Succeeded',
  failed: 'Failed',
  canceled: 'Canceled',
};

/** Stripe's dispute statuses (`warning_*` are inquiries: no money withdrawn yet). */
export const DISPUTE_STATUS_LABELS: Record<DisputeStatus, string> = {
  warning_needs_response: 'Inquiry: needs response',
  warning_under_review: 'Inquiry: under review',
  warning_closed: 'Inquiry closed',
  needs_response: 'Needs response',
  under_review: 'Under review',
  won: 'Won',
  lost: 'Lost',
};

/** A Stripe code (`expired_or_canceled_card`, `fraudulent`) as lower-case words: "expired or canceled card". */
export function codeWords(code: string): string {
  return code.replaceAll('_', ' ').trim().toLowerCase();
}

/** Who or what wrote a history entry. */
export const SOURCE_LABELS: Record<HistorySource, string> = {
  webhook: 'Webhook',
  sweep: 'Stripe event list',
  customer: 'Customer',
  admin: 'Admin',
  reconcile: 'Reconciler',
};

/** The watch list's states of a Checkout Session, with what each means for the owner. */
export const WATCH_INFO: Record<WatchState, { label: string; text: string }> = {
  watching: {
    label: 'Watching',
    text: 'The store keeps reading this session from Stripe until it is over.',
  },
  done: {
    label: 'Done',
    text: 'Stripe says this session is over (paid, failed or expired): no more reads needed.',
  },
  lost: {
    label: 'Lost',
    text: 'Stripe keeps answering that it doesn’t know this session, so the store stopped reading it.',
  },
};

/** A code from the server (`unknown_session`, `payment_succeeded`) as words: "Unknown session". */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replaceAll('_', ' ');
  return (
    words.charAt(0).toUpperCase() +
    words
      .slice(1)
      .toLowerCase()
      .replace(/\bid\b/g, 'ID')
  );
}

/**
 * A long Stripe id shortened for a table cell: `cs_test_a1B2…Zz9` (prefix, the first few characters and the
 * last few), so two ids can still be told apart at a glance. The full id stays in the cell for copy and search.
 */
export function shortId(id: string, head = 5, tail = 4): string {
  const underscore = id.lastIndexOf('_');
  const prefix = underscore >= 0 ? id.slice(0, underscore + 1) : '';
  const rest = id.slice(prefix.length);
  if (rest.length <= head + tail + 1) return id;
  return `${prefix}${rest.slice(0, head)}…${rest.slice(-tail)}`;
}

const dateTime = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
});
const dateTimeSeconds = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
});
const timeOnly = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', second: '2-digit' });

function valid(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

const dateOnly = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
const hourMinute = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });

/** "Nov 26, 2026" and "5:53 PM" apart, for a narrow column. */
export function formatAdminDateParts(iso: string): { date: string; time: string } | null {
  const date = valid(iso);
  return date ? { date: dateOnly.format(date), time: hourMinute.format(date) } : null;
}

/** "Nov 26, 2026, 5:53 PM", in the browser's time zone. */
export function formatAdminDate(iso: string | null): string {
  const date = iso ? valid(iso) : null;
  return date ? dateTime.format(date) : '—';
}

/** "Nov 26, 5:53:12 PM": the history needs the seconds, events often come within the same minute. */
export function formatEventTime(iso: string): string {
  const date = valid(iso);
  return date ? dateTimeSeconds.format(date) : iso;
}

export function formatClock(date: Date): string {
  return timeOnly.format(date);
}

/** A UTC calendar day (`YYYY-MM-DD`, as the dashboard sends them) as "Nov 26". */
export function formatUtcDay(day: string, style: 'short' | 'long' = 'short'): string {
  const date = valid(`${day}T00:00:00Z`);
  if (!date) return day;
  return new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
    ...(style === 'long' ? { weekday: 'short' } : {}),
  }).format(date);
}

/** Plural or singular noun with its count: "1 order", "3 orders". */
export function countOf(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** A duration in seconds as a person says it: "just now", "45 seconds", "3 minutes", "2 hours", "4 days". */
export function formatAge(seconds: number): string {
  if (seconds < 5) return 'just now';
  if (seconds < 90) return countOf(Math.round(seconds), 'second');
  const minutes = seconds / 60;
  if (minutes < 90) return countOf(Math.round(minutes), 'minute');
  const hours = minutes / 60;
  if (hours < 36) return countOf(Math.round(hours), 'hour');
  return countOf(Math.round(hours / 24), 'day');
}
