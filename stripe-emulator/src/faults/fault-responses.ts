import { docUrl } from '../domain/errors.js';
import { header, json, type HttpRequest, type HttpResponse } from '../http/types.js';

/**
 * The answers of the faults that answer (the others hold the request or lose its answer). Neither executes the
 * request nor saves anything under its `Idempotency-Key`, as when Stripe refuses before the endpoint starts: the
 * same call with the same key runs for real next time.
 */

function echoed(req: HttpRequest): Record<string, string> {
  const key = header(req, 'idempotency-key');
  return key ? { 'Idempotency-Key': key } : {};
}

/**
 * Stripe's rate limiter: 429, `invalid_request_error` with code `rate_limit`. No `Stripe-Should-Retry` header
 * (stripe-node retries a 429 only with `Stripe-Should-Retry: true`, as lock timeouts send), so the SDK surfaces
 * a rate limit instead of retrying it.
 */
export function rateLimited(req: HttpRequest): HttpResponse {
  return json(
    429,
    {
      error: {
        type: 'invalid_request_error',
        code: 'rate_limit',
        doc_url: docUrl('rate_limit'),
        message:
          'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.',
      },
    },
    echoed(req),
  );
}

/** A 500 `api_error`, which the SDKs retry (with the same idempotency key). */
export function serverError(req: HttpRequest): HttpResponse {
  return json(
    500,
    {
      error: {
        type: 'api_error',
        message:
          'An unknown error occurred while processing your request (simulated by the emulator: nothing was executed).',
      },
    },
    echoed(req),
  );
}
