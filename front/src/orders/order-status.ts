import {
  CUSTOMER_REASON_WORDS,
  type OrderStatus,
  type PublicOrder,
  UNDER_REVIEW_MESSAGE,
} from '@checkstand/contract';

/** How each status reads to a customer, and the colour of its badge. */
export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: 'Awaiting payment',
  processing: 'Processing',
  paid: 'Paid',
  payment_mismatch: 'Payment under review',
  failed: 'Payment failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
  partially_refunded: 'Partially refunded',
  refunded: 'Refunded',
};

export type StatusTone = 'success' | 'waiting' | 'danger' | 'neutral';

export function statusTone(status: OrderStatus): StatusTone {
  switch (status) {
    case 'paid':
    case 'partially_refunded':
      return 'success';
    // `payment_mismatch`: money arrived that does not match the order; the customer waits for the shop.
    case 'pending':
    case 'processing':
    case 'payment_mismatch':
      return 'waiting';
    case 'failed':
    case 'expired':
      return 'danger';
    case 'cancelled':
    case 'refunded':
      return 'neutral';
  }
}

/** Why the order is where it is, as a sentence, or null when there is nothing useful to say. */
export function reasonMessage(order: Pick<PublicOrder, 'status' | 'statusReason'>): string | null {
  if (order.status === 'payment_mismatch') return UNDER_REVIEW_MESSAGE;
  if (order.statusReason) return CUSTOMER_REASON_WORDS[order.statusReason];
  switch (order.status) {
    case 'failed':
      return 'The payment didn’t go through. Nothing was charged.';
    case 'expired':
      return 'The time to complete the payment ran out. Nothing was charged.';
    case 'cancelled':
      return 'This order was cancelled. Nothing was charged.';
    default:
      return null;
  }
}

/**
 * A card decline leaves the Checkout Session open: the customer may still pay in it. `payment_failed` is a
 * payment the bank did not complete after it was submitted (a delayed debit): that one is final.
 */
export function isCardDecline(order: Pick<PublicOrder, 'status' | 'statusReason'>): boolean {
  return order.status === 'failed' && order.statusReason !== 'payment_failed';
}

const dateTimeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** "Nov 26, 2026, 5:53 AM" in the shopper's time zone; the API sends ISO UTC. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateTimeFormat.format(date);
}
