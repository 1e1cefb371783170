import { createHash } from 'node:crypto';
import type { ApiErrorBody, PaymentIntent, PaymentMethod } from '../objects/types.js';
import { docUrl } from './errors.js';
import { emitEvent, type EmitContext, type PaymentContext } from './payment-context.js';

/**
 * 3-D Secure, as Stripe's test cards ask for it (https://docs.stripe.com/payments/3d-secure): confirming with
 * such a card leaves the payment intent in `requires_action` (`payment_intent.requires_action`) with a
 * `next_action` pointing at the emulator's authentication page; completing it charges the card (which may still
 * decline), failing it sends the intent back to `requires_payment_method` with
 * `payment_intent_authentication_failure` (`payment_intent.payment_failed`, no charge).
 */

export type AuthenticationOutcome = 'complete' | 'fail';

/** `last_payment_error.message` after a failed authentication (Stripe's API text). */
export const AUTHENTICATION_FAILURE_MESSAGE =
  'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.';

/** What Stripe's checkout page tells the customer after a failed authentication. */
export const AUTHENTICATION_FAILURE_CUSTOMER_MESSAGE =
  'We are unable to authenticate your payment method. Please choose a different payment method and try again.';

export const AUTHENTICATION_FAILURE_CODE = 'payment_intent_authentication_failure';

/** The emulator's authentication page for an intent (Stripe's "3D Secure 2 Test Page"). */
export function authenticationPath(intentId: string): string {
  return `/c/authenticate/${intentId}`;
}

/**
 * Puts the intent in `requires_action` with the card as its payment method and emits
 * `payment_intent.requires_action`. With a `return_url` the next action is a redirect (the page sends the
 * customer back there); without, `use_stripe_sdk` (Stripe.js opens the page; here `stripe_js` is its URL).
 */
export function requireAuthentication(
  ctx: PaymentContext,
  intent: PaymentIntent,
  pm: PaymentMethod,
  where: EmitContext,
  returnUrl: string | null,
): void {
  const url = ctx.pageUrl(authenticationPath(intent.id));
  intent.status = 'requires_action';
  intent.payment_method = pm.id;
  intent.last_payment_error = null;
  intent.next_action = returnUrl
    ? { type: 'redirect_to_url', redirect_to_url: { return_url: returnUrl, url } }
    : {
        type: 'use_stripe_sdk',
        use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url, source: sourceIdFor(intent.id) },
      };
  emitEvent(ctx, where, 'payment_intent.requires_action', intent);
}

/** The next action's `return_url`, if the confirmation gave one. */
export function returnUrlOf(intent: PaymentIntent): string | null {
  return intent.next_action?.type === 'redirect_to_url'
    ? intent.next_action.redirect_to_url.return_url
    : null;
}

/**
 * The customer failed (or abandoned) the challenge: nothing is charged, the intent waits for another payment
 * method (`payment_intent.payment_failed`).
 */
export function failAuthentication(
  ctx: PaymentContext,
  intent: PaymentIntent,
  pm: PaymentMethod | undefined,
  where: EmitContext,
): void {
  intent.status = 'requires_payment_method';
  intent.payment_method = null;
  intent.next_action = null;
  const error: ApiErrorBody = {
    type: 'invalid_request_error',
    code: AUTHENTICATION_FAILURE_CODE,
    doc_url: docUrl(AUTHENTICATION_FAILURE_CODE),
    message: AUTHENTICATION_FAILURE_MESSAGE,
  };
  if (pm) error.payment_method = structuredClone(pm);
  intent.last_payment_error = error;
  emitEvent(ctx, where, 'payment_intent.payment_failed', intent);
}

/** The intent's payment method being authenticated; throws when the intent is not waiting for it. */
export function awaitingAuthentication(
  ctx: PaymentContext,
  intent: PaymentIntent,
): PaymentMethod | undefined {
  const pmId = typeof intent.payment_method === 'string' ? intent.payment_method : intent.payment_method?.id;
  return pmId ? ctx.store.paymentMethods.get(pmId) : undefined;
}

/** Stripe's `use_stripe_sdk.source` is a `src_…` id; derived from the intent's, so `--seed` runs repeat. */
function sourceIdFor(intentId: string): string {
  const digest = createHash('sha256').update(`3ds:${intentId}`).digest('base64');
  return `src_${digest.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}`;
}
