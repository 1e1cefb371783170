import { AppError } from '../../common/errors.js';
import { StripeNotConfiguredError, StripeRequestError, StripeUnavailableError } from './stripe-gateway.js';

/**
 * Maps a Stripe failure during a customer's action onto the error the customer gets, by whose fault it is:
 * - Stripe unavailable (network, 5xx, rate limited): theirs, 502 `payment_provider_unavailable`, try again;
 * - Stripe refused our request (4xx: a bug of ours, a revoked key): ours, a 500 that the exception filter logs
 *   loudly with Stripe's answer as its cause; nothing in it says "try again".
 * The customer's actions (checkout, retry, cancel) charge nothing when Stripe does not answer, so their message
 * says so. The owner's (a refund, a promotion code) may have been carried out by Stripe even when its answer was
 * lost, so theirs says where the outcome will show instead: a retry reuses the idempotency key, never acts twice.
 */
export function providerError(error: unknown, audience: 'customer' | 'owner' = 'customer'): unknown {
  if (error instanceof StripeNotConfiguredError) {
    return new AppError(503, 'payments_not_configured', 'Payments are not configured on this store.');
  }
  if (error instanceof StripeUnavailableError) {
    return new AppError(
      502,
      'payment_provider_unavailable',
      audience === 'customer'
        ? 'The payment service is unavailable right now. Nothing was charged; please try again in a moment.'
        : 'Stripe is unavailable right now or did not answer in time. If it acted anyway, the order shows it once Stripe reports it; please try again in a moment.',
    );
  }
  if (error instanceof StripeRequestError) {
    const ours = new AppError(
      500,
      'internal_error',
      audience === 'customer'
        ? 'Something went wrong on our side; nothing was charged. We have been told and are on it.'
        : 'Something went wrong on our side; the details are in the server log.',
    );
    (ours as Error & { cause?: unknown }).cause = error;
    return ours;
  }
  return error;
}
