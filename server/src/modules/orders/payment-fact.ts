/**
 * A fact Stripe told us about a payment, from a webhook event, an event found by the sweep, or an object read
 * back from the API (success-page sync, admin sync, the watch list). Which order and attempt it is about is
 * established before, by attribution (payments/stripe-events/attribution.ts): a fact carries no claim of its own.
 */
export type PaymentFact =
  | {
      kind: 'checkout_completed';
      sessionId: string;
      paymentStatus: 'paid' | 'unpaid' | 'no_payment_required';
      paymentIntentId: string | null;
      amountTotal: number | null;
      currency: string | null;
      customerEmail: string | null;
    }
  | {
      kind: 'async_payment_succeeded';
      sessionId: string;
      paymentIntentId: string | null;
      amountTotal: number | null;
      currency: string | null;
      customerEmail: string | null;
    }
  | { kind: 'async_payment_failed'; sessionId: string; paymentIntentId: string | null }
  | { kind: 'session_expired'; sessionId: string }
  | {
      kind: 'payment_failed';
      paymentIntentId: string;
      code: string | null;
      declineCode: string | null;
      message: string | null;
    }
  | { kind: 'payment_canceled'; paymentIntentId: string; reason: string | null }
  | {
      kind: 'charge_refunded';
      /** Null for a charge made without a payment intent (not by Checkout): never one of ours. */
      paymentIntentId: string | null;
      chargeId: string;
      /** The charge's running total refunded (Stripe sends the total, not the increment). */
      amountRefunded: number;
      currency: string;
    };

export type FactKind = PaymentFact['kind'];

/** Facts that move money (a payment received, a refund): deciding them needs the order's payments. */
export function isMoneyFact(fact: PaymentFact): boolean {
  return (
    fact.kind === 'charge_refunded' ||
    fact.kind === 'async_payment_succeeded' ||
    (fact.kind === 'checkout_completed' && fact.paymentStatus !== 'unpaid')
  );
}
