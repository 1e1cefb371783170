import type { Order, OrderStatus } from '../api/orders';

/** How each status reads to a customer, and the colour of its badge. */
export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: 'Awaiting payment',
  processing: 'Processing',
  paid: 'Paid',
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
    case 'pending':
    case 'processing':
      return 'waiting';
    case 'failed':
    case 'expired':
      return 'danger';
    case 'cancelled':
    case 'refunded':
      return 'neutral';
  }
}

/**
 * Stripe decline codes (https://docs.stripe.com/declines/codes) and our own reasons, in the customer's words.
 * Declines not listed read as a plain "declined": the bank rarely says more, and guessing would mislead.
 */
const REASONS: Record<string, string> = {
  generic_decline: 'Your card was declined.',
  card_declined: 'Your card was declined.',
  do_not_honor: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  expired_card: 'Your card has expired.',
  incorrect_cvc: 'Your card’s security code (CVC) was incorrect.',
  incorrect_number: 'Your card number was incorrect.',
  processing_error: 'An error occurred while processing your card. Nothing was charged.',
  lost_card: 'Your card was declined.',
  stolen_card: 'Your card was declined.',
  fraudulent: 'Your card was declined.',
  async_payment_failed: 'Your bank did not complete the payment, so nothing was taken.',
  session_expired: 'The time to complete the payment ran out. Nothing was charged.',
  checkout_not_created: 'We couldn’t open the payment page in time. Nothing was charged.',
  customer_cancelled: 'You cancelled this order. Nothing was charged.',
  awaiting_payment: 'Your bank is confirming the payment.',
};

/** Why the order is where it is, as a sentence, or null when there is nothing useful to say. */
export function reasonMessage(order: Pick<Order, 'status' | 'statusReason'>): string | null {
  const known = order.statusReason ? REASONS[order.statusReason] : undefined;
  if (known) return known;
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

/** A card decline leaves the Checkout Session open: the customer may still pay in it. */
export function isCardDecline(order: Pick<Order, 'status' | 'statusReason'>): boolean {
  return order.status === 'failed' && order.statusReason !== 'async_payment_failed';
}

const dateTimeFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** "Nov 26, 2026, 5:53 AM" in the shopper's time zone; the API sends ISO UTC. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateTimeFormat.format(date);
}
