import { invalidRequest, type StripeFailure } from '../domain/errors.js';
import type { IdempotentEntry } from '../state/idempotency.js';
import { idempotencyError } from './errors.js';
import type { FormObject } from './form.js';
import type { HttpRequest, HttpResponse } from './types.js';

/**
 * `Idempotency-Key` on POST requests, as Stripe documents it (https://docs.stripe.com/api/idempotent_requests):
 * - the status and body of the first request are saved "regardless of whether it succeeds or fails", 500s
 *   included, and replayed (`Idempotent-Replayed: true`) to every later request with the key;
 * - but only once the endpoint has begun executing: a request refused for its parameters saves nothing, so the
 *   key can be retried with corrected parameters;
 * - a key reused on another endpoint, or with other parameters, is refused (400 `idempotency_error`);
 * - keys are 1 to 255 characters and expire after 24 hours (emulator time: `POST /_emulator/clock/advance`
 *   ages them), after which the key runs a new request.
 * Requests run one at a time here, so Stripe's `idempotency_key_in_use` (a concurrent request with the same key)
 * cannot happen.
 */

/** Order-independent serialization of parsed parameters: what an `Idempotency-Key` is bound to. */
export function fingerprint(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${fingerprint(obj[k])}`).join(',')}}`;
}

export const MAX_KEY_LENGTH = 255;

export function checkIdempotencyKey(key: string): void {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH)
    throw invalidRequest(
      `Idempotent key length is ${key.length}, which is outside accepted lengths. Idempotent Keys must be 1-${MAX_KEY_LENGTH} characters long. If you're looking for a decent generator, try using a UUID defined by IETF RFC 4122.`,
    );
}

/** The refusals of a request's parameters: what Stripe's validation answers before any endpoint executes. */
const PARAMETER_CODES = new Set([
  'parameter_unknown',
  'parameter_missing',
  'parameter_invalid_empty',
  'parameter_invalid_integer',
  'parameter_invalid_string_blank',
  'parameter_invalid_string_empty',
  'parameters_exclusive',
  'parameter_not_emulated',
  'url_invalid',
]);

/**
 * Whether a refusal thrown by an executing endpoint is saved for its key. Handlers check some parameters
 * themselves (a missing `url`, an unknown event type in `enabled_events`): a 400 coded as a parameter problem,
 * or uncoded and naming one of the request's parameters, is validation and is not saved. Everything else is the
 * endpoint's result and is: a declined card (402), a missing object (404), a refusal because of an object's
 * state (an expired session cannot be expired again, a refunded charge cannot be refunded again).
 */
export function savesFailure(failure: StripeFailure, form: FormObject): boolean {
  const { type, code, param } = failure.errorObject;
  if (failure.status !== 400 || type !== 'invalid_request_error') return true;
  if (code !== undefined) return !PARAMETER_CODES.has(code);
  const root = param?.split('[')[0];
  return root === undefined || !Object.hasOwn(form, root);
}

/** The answer to a key already used: the first result again, or `idempotency_error` if the request differs. */
export function replay(
  previous: IdempotentEntry,
  key: string,
  req: HttpRequest,
  print: string,
  headers: Record<string, string>,
): HttpResponse {
  if (previous.method !== req.method || previous.path !== req.path)
    throw idempotencyError(
      `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${previous.method} ${previous.path}' vs '${req.method} ${req.path}'). Try using a key other than '${key}' if you meant to execute a different request.`,
    );
  if (previous.fingerprint !== print)
    throw idempotencyError(
      `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    );
  return {
    status: previous.status,
    headers: {
      'Content-Type': 'application/json',
      ...headers,
      'Idempotent-Replayed': 'true',
      'Original-Request': previous.requestId,
    },
    body: previous.body,
  };
}
