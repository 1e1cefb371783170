import { AppError } from '../../common/errors.js';
import {
  StripeNotConfiguredError,
  StripeRequestError,
  StripeUnavailableError,
} from '../stripe/stripe-gateway.js';

/** Maps a Stripe failure during a customer's action onto the error the customer gets. */
export function providerError(error: unknown): unknown {
  if (error instanceof StripeNotConfiguredError) {
    return new AppError(503, 'payments_not_configured', 'Payments are not configured on this store.');
  }
  if (error instanceof StripeUnavailableError || error instanceof StripeRequestError) {
    return new AppError(
      502,
      'payment_provider_unavailable',
      'The payment service is unavailable right now. Nothing was charged; please try again in a moment.',
    );
  }
  return error;
}
