import { AppError } from '../../common/errors.js';
import { StripeNotConfiguredError, StripeRequestError, StripeUnavailableError } from './stripe-gateway.js';

/**
 * Maps a Stripe failure during a customer's action onto the error the customer gets, by whose fault it is:
 * - Stripe unavailable (network, 5xx, rate limited): theirs, 502 `payment_provider_unavailable`, try again;
 * - Stripe refused our request (4xx: a bug of ours, a revoked key): ours, a 500 that the exception filter logs
 *   loudly with Stripe's answer as its cause; nothing in it says "try again".
 */
export function providerError(error: unknown): unknown {
  if (error instanceof StripeNotConfiguredError) {
    return new AppError(503, 'payments_not_configured', 'Payments are not configured on this store.');
  }
  if (error instanceof StripeUnavailableError) {
    return new AppError(
      502,
      'payment_provider_unavailable',
      'The payment service is unavailable right now. Nothing was charged; please try again in a moment.',
    );
  }
  if (error instanceof StripeRequestError) {
    const ours = new AppError(
      500,
      'internal_error',
      'Something went wrong on our side; nothing was charged. We have been told and are on it.',
    );
    (ours as Error & { cause?: unknown }).cause = error;
    return ours;
  }
  return error;
}
