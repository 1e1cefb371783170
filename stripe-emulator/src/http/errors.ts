import { StripeFailure } from '../domain/errors.js';
import type { ApiErrorBody } from '../objects/types.js';
import { json, type HttpResponse } from './types.js';

/** Refusals only the HTTP layer makes (routing, idempotency keys, unexpected errors); the rest come from domain/. */
export function unrecognizedUrl(method: string, path: string): StripeFailure {
  return new StripeFailure(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}

export function idempotencyError(message: string): StripeFailure {
  return new StripeFailure(400, { type: 'idempotency_error', message });
}

export function apiError(message: string): StripeFailure {
  return new StripeFailure(500, { type: 'api_error', message });
}

/** How every app answers a refusal: Stripe's status, and its error object under `error`. */
export function failureResponse(failure: StripeFailure, headers: Record<string, string> = {}): HttpResponse {
  const body: { error: ApiErrorBody } = { error: failure.errorObject };
  return json(failure.status, body, headers);
}
