import type { Charge } from '../objects/types.js';
import { scheduleFollowUp, type PaymentContext } from './payment-context.js';
import { afterPaymentOf } from './payment-methods.js';
import type { AfterPayment } from './test-cards.js';

/** Stripe's test cards whose charges are disputed later, with the dispute Stripe opens. */
const DISPUTES: Partial<
  Record<AfterPayment, { reason: 'fraudulent' | 'product_not_received' | 'general'; inquiry: boolean }>
> = {
  dispute_fraudulent: { reason: 'fraudulent', inquiry: false },
  dispute_product_not_received: { reason: 'product_not_received', inquiry: false },
  dispute_inquiry: { reason: 'general', inquiry: true },
};

/** The test card behind a charge, by its fingerprint (see payment-methods.ts). */
export function afterPaymentOfCharge(charge: Charge): AfterPayment | undefined {
  const details = charge.payment_method_details;
  return details.type === 'card' ? afterPaymentOf(details.card.fingerprint) : undefined;
}

/**
 * After a card charge succeeded: a test card that is disputed or gets an early fraud warning schedules it
 * (`disputeDelaySeconds` of emulator time later; the default 0 means "at the next sweep", i.e. before the next
 * request is served, which is when Stripe's test disputes exist too: the CLI's dispute triggers list them right
 * after the payment).
 */
export function scheduleAfterPayment(ctx: PaymentContext, charge: Charge): void {
  const after = afterPaymentOfCharge(charge);
  if (after === undefined) return;
  const delay = ctx.settings.disputeDelaySeconds;
  const dispute = DISPUTES[after];
  if (dispute) scheduleFollowUp(ctx, delay, { kind: 'dispute', chargeId: charge.id, ...dispute });
  else if (after === 'early_fraud_warning')
    scheduleFollowUp(ctx, delay, { kind: 'early_fraud_warning', chargeId: charge.id });
}
