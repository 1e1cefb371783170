import { z } from 'zod';
import { OrderStatus } from './enums.js';
import { Currency, Instant, MinorUnits, OrderId, ProductId } from './primitives.js';
import { OrderCharges, PostalAddress } from './shop.js';

/**
 * Why an order is in its status, as a customer may read it. Card decline codes are folded into these (Stripe's
 * advice: never tell a customer their card was flagged as lost, stolen or fraudulent); the exact code stays in
 * the admin.
 */
export const CUSTOMER_REASONS = [
  'card_declined',
  'insufficient_funds',
  'expired_card',
  'incorrect_cvc',
  'incorrect_number',
  'authentication_failed',
  'processing_error',
  'payment_failed',
  'awaiting_payment',
  'session_expired',
  'session_lost',
  'checkout_not_created',
  'customer_cancelled',
  'payment_under_review',
  'partially_refunded',
  'refunded',
] as const;
export const CustomerReason = z.enum(CUSTOMER_REASONS);
export type CustomerReason = z.infer<typeof CustomerReason>;

/** What a customer reads about a `payment_mismatch` order: money arrived, but not what the order expects. */
export const UNDER_REVIEW_MESSAGE =
  'We received a payment that doesn’t match this order, so it is under review. The shop will contact you about it.';

/**
 * The customer reasons in the customer's words, the same on the order page and in the e-mails. The server folds
 * Stripe's decline codes into these first (fraud signals read as a plain "declined"); exhaustive, so a new reason
 * does not compile without its words.
 */
export const CUSTOMER_REASON_WORDS: Record<CustomerReason, string> = {
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

export const OrderLine = z.object({
  productId: ProductId,
  title: z.string(),
  unitAmount: MinorUnits,
  quantity: z.int().positive(),
  lineTotal: MinorUnits,
});
export type OrderLine = z.infer<typeof OrderLine>;

/**
 * What a customer may see of an order: no email, no token, no internal ids beyond the session and payment
 * intent of their own payment.
 */
export const PublicOrder = z.object({
  id: OrderId,
  status: OrderStatus,
  /** Why the order is in its status, in customer-safe words. */
  statusReason: CustomerReason.nullable(),
  items: z.array(OrderLine),
  total: MinorUnits,
  currency: Currency,
  createdAt: Instant,
  updatedAt: Instant,
  /** The current Checkout Session. */
  sessionId: z.string().nullable(),
  /** How many Checkout Sessions were opened for the order (1 + the retries that reached Stripe). */
  sessionCount: z.int().nonnegative(),
  /** The payment the order's status is about, once money arrived. */
  payment: z
    .object({
      amountReceived: MinorUnits,
      currency: Currency,
      paymentIntentId: z.string().nullable(),
      paidAt: Instant.nullable(),
    })
    .nullable(),
  amountRefunded: MinorUnits,
  /** What Stripe charged (subtotal, discount, shipping, tax, total), once paid. */
  charges: OrderCharges.nullable(),
  /** Where it ships, once paid (null for a digital order). */
  shipTo: z.object({ name: z.string().nullable(), address: PostalAddress }).nullable(),
  /** What the customer can do now, so pages do not re-implement the state machine. */
  actions: z.object({ retry: z.boolean(), cancel: z.boolean() }),
});
export type PublicOrder = z.infer<typeof PublicOrder>;

export const OrderEnvelope = z.object({ order: PublicOrder });
export type OrderEnvelope = z.infer<typeof OrderEnvelope>;

/** Header carrying an order's access token. */
export const ORDER_TOKEN_HEADER = 'X-Order-Token';
