import type { CustomerReason, OrderStatus, PublicOrder } from '@checkstand/contract';

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

/** What a customer reads about a `payment_mismatch` order: money arrived, but not what the order expects. */
export const UNDER_REVIEW_MESSAGE =
  'We received a payment that doesn’t match this order, so it is under review. The shop will contact you about it.';

/**
 * The contract's customer reasons in the customer's words. The server already folds Stripe's decline codes into
 * these (fraud signals read as a plain "declined"); exhaustive, so a new reason does not compile without words.
 */
const REASONS: Record<CustomerReason, string> = {
  card_declined: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  expired_card: 'Your card has expired.',
  incorrect_cvc: 'Your card’s security code (CVC) was incorrect.',
  incorrect_number: 'Your card number was incorrect.',
  authentication_failed: 'Your bank couldn’t confirm the payment was yours. Nothing was charged.',
  processing_error: 'An error occurred while processing your card. Nothing was charged.',
  payment_failed: 'Your bank did not complete the payment, so nothing was taken.',
  awaiting_payment: 'Your bank is confirming the payment.',
  session_expired: 'The time to complete the payment ran out. Nothing was charged.',
  session_lost: 'The payment page is no longer available.',
  checkout_not_created: 'We couldn’t open the payment page in time. Nothing was charged.',
  customer_cancelled: 'You cancelled this order. Nothing was charged.',
  payment_under_review: UNDER_REVIEW_MESSAGE,
  partially_refunded: 'Part of this order was refunded.',
  refunded: 'This order was refunded in full.',
};

/** Why the order is where it is, as a sentence, or null when there is nothing useful to say. */
export function reasonMessage(order: Pick<PublicOrder, 'status' | 'statusReason'>): string | null {
  if (order.status === 'payment_mismatch') return UNDER_REVIEW_MESSAGE;
  if (order.statusReason) return REASONS[order.statusReason];
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
