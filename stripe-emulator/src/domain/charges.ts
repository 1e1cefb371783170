import { createHash } from 'node:crypto';
import { ids } from '../core/ids.js';
import { chargeOutcome, newCharge } from '../objects/builders.js';
import type { ApiErrorBody, Charge, PaymentIntent, PaymentMethod } from '../objects/types.js';
import { docUrl, StripeFailure } from './errors.js';
import { emitEvent, type EmitContext, type PaymentContext } from './payment-context.js';
import { scheduleAfterPayment } from './post-payment.js';
import type { Decline } from './test-cards.js';

/**
 * Charges: how a payment intent's charge is created and changes state, with its events, and the errors a failed
 * card charge answers with. Shared by Checkout payments, API payment intents and delayed settlements.
 */

/**
 * Charges a card on an intent: `charge.succeeded` → `payment_intent.succeeded`, or `charge.failed` →
 * `payment_intent.payment_failed` (the intent back to `requires_payment_method`).
 */
export function chargeCard(
  ctx: PaymentContext,
  intent: PaymentIntent,
  pm: PaymentMethod,
  decline: Decline | undefined,
  where: EmitContext,
  /** The customer completed a 3-D Secure challenge for this charge. */
  authenticated = false,
): Charge {
  const failure = decline
    ? {
        code: decline.code,
        message: decline.message,
        ...(decline.declineCode ? { declineCode: decline.declineCode } : {}),
      }
    : null;
  const charge = newCharge({
    intent,
    paymentMethod: pm,
    created: ctx.clock.now(),
    status: decline ? 'failed' : 'succeeded',
    failure,
    receiptEmail: intent.receipt_email,
  });
  if (authenticated && charge.payment_method_details.type === 'card')
    charge.payment_method_details.card.three_d_secure = {
      authentication_flow: 'challenge',
      electronic_commerce_indicator: '05',
      exemption_indicator: null,
      result: 'authenticated',
      result_reason: null,
      transaction_id: uuidFrom(charge.id),
      version: '2.2.0',
    };
  ctx.store.charges.set(charge.id, charge);
  intent.latest_charge = charge.id;
  if (decline) {
    emitEvent(ctx, where, 'charge.failed', charge);
    intent.status = 'requires_payment_method';
    intent.payment_method = null;
    intent.last_payment_error = paymentError(decline, charge, pm);
    emitEvent(ctx, where, 'payment_intent.payment_failed', intent);
    return charge;
  }
  emitEvent(ctx, where, 'charge.succeeded', charge);
  intent.status = 'succeeded';
  intent.amount_received = intent.amount;
  intent.payment_method = pm.id;
  intent.last_payment_error = null;
  emitEvent(ctx, where, 'payment_intent.succeeded', intent);
  scheduleAfterPayment(ctx, charge);
  return charge;
}

/** A UUID-shaped id derived from another id (so `--seed` runs stay reproducible). */
function uuidFrom(id: string): string {
  const hex = createHash('sha256').update(id).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A delayed (SEPA Direct Debit) charge: stored `pending` as the intent's latest charge; no event yet. */
export function pendingCharge(ctx: PaymentContext, intent: PaymentIntent, pm: PaymentMethod): Charge {
  const charge = newCharge({
    intent,
    paymentMethod: pm,
    created: ctx.clock.now(),
    status: 'pending',
    failure: null,
    receiptEmail: intent.receipt_email,
  });
  ctx.store.charges.set(charge.id, charge);
  intent.latest_charge = charge.id;
  return charge;
}

/** A pending charge's funds arrived. */
export function markChargeSucceeded(charge: Charge): void {
  charge.status = 'succeeded';
  charge.paid = true;
  charge.balance_transaction = ids.balanceTransaction();
  charge.outcome = chargeOutcome('succeeded', null);
}

/** A pending charge failed (nothing was captured). */
export function markChargeFailed(charge: Charge, failure: { code: string; message: string }): void {
  charge.status = 'failed';
  charge.paid = false;
  charge.captured = false;
  charge.amount_captured = 0;
  charge.failure_code = failure.code;
  charge.failure_message = failure.message;
  charge.outcome = chargeOutcome('failed', failure);
}

/** The intent's `last_payment_error` after a declined card charge. */
export function paymentError(
  decline: { code: string; declineCode?: string; message: string },
  charge: Charge,
  pm: PaymentMethod,
): ApiErrorBody {
  const error: ApiErrorBody = {
    type: 'card_error',
    code: decline.code,
    message: decline.message,
    charge: charge.id,
    doc_url: docUrl(decline.code),
    payment_method: structuredClone(pm),
  };
  if (decline.declineCode) error.decline_code = decline.declineCode;
  return error;
}

/** Stripe's answer to a declined confirmation: 402 `card_error` with the charge, the intent and the method. */
export function declineError(
  decline: Decline,
  intent: PaymentIntent,
  charge: Charge,
  pm: PaymentMethod,
): StripeFailure {
  const body: ApiErrorBody = {
    ...paymentError(decline, charge, pm),
    payment_intent: structuredClone(intent),
  };
  return new StripeFailure(402, body);
}
