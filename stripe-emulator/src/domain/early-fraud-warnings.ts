import { newEarlyFraudWarning } from '../objects/dispute-builders.js';
import type { EarlyFraudWarning } from '../objects/dispute-types.js';
import { NO_ORIGIN, type EventOrigin } from '../state/event-bus.js';
import { emitEvent, paymentEmitContext, type PaymentContext } from './payment-context.js';

/**
 * Radar early fraud warnings: the issuer's notice that a charge is likely fraudulent (Stripe's test card
 * 4000 0000 0000 5423). A warning is actionable until the charge is refunded (or disputed); acting on it is
 * refunding the charge.
 */

/** `radar.early_fraud_warning.created`, for a charge paid with the test card. */
export function openEarlyFraudWarning(ctx: PaymentContext, chargeId: string): EarlyFraudWarning | undefined {
  const charge = ctx.store.charges.get(chargeId);
  if (!charge || charge.status !== 'succeeded') return undefined;
  const warning = newEarlyFraudWarning(charge, ctx.clock.now());
  ctx.store.earlyFraudWarnings.set(warning.id, warning);
  const where = paymentEmitContext(ctx, warning.payment_intent, NO_ORIGIN);
  emitEvent(ctx, where, 'radar.early_fraud_warning.created', warning);
  return warning;
}

/** The charge was refunded or disputed: its warnings are no longer actionable (`…updated`). */
export function settleEarlyFraudWarnings(
  ctx: PaymentContext,
  chargeId: string,
  origin: EventOrigin,
  apiVersion?: string,
): void {
  for (const warning of ctx.store.earlyFraudWarnings.values()) {
    if (warning.charge !== chargeId || !warning.actionable) continue;
    warning.actionable = false;
    const where = paymentEmitContext(ctx, warning.payment_intent, origin, apiVersion);
    emitEvent(ctx, where, 'radar.early_fraud_warning.updated', warning, { actionable: true });
  }
}
