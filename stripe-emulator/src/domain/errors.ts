import type { ApiErrorBody } from '../objects/types.js';

/** The HTTP statuses Stripe answers refusals with. */
export type FailureStatus = 400 | 401 | 402 | 404 | 500;

/**
 * A request Stripe refuses, described the way Stripe describes it: the status it answers with (400 invalid
 * request, 402 declined card, 404 missing object, …) and its error object (`type`, `code`, `decline_code`,
 * `param`, `message`, plus the `charge`, `payment_intent` and `payment_method` when Stripe includes them). The
 * domain throws it without knowing about HTTP; the apps turn it into their responses (`http/errors.ts`).
 */
export class StripeFailure extends Error {
  constructor(
    readonly status: FailureStatus,
    /** Serialized as is (key order included) under `error` in the response body. */
    readonly errorObject: ApiErrorBody,
  ) {
    super(errorObject.message);
    this.name = 'StripeFailure';
  }
}

export function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;
}

export function invalidRequest(message: string, param?: string, code?: string): StripeFailure {
  const body: ApiErrorBody = { type: 'invalid_request_error', message };
  if (code) {
    body.code = code;
    body.doc_url = docUrl(code);
  }
  if (param) body.param = param;
  return new StripeFailure(400, body);
}

export function resourceMissing(objectName: string, id: string, param: string): StripeFailure {
  return new StripeFailure(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    doc_url: docUrl('resource_missing'),
    message: `No such ${objectName}: '${id}'`,
    param,
  });
}

export function missingParam(param: string): StripeFailure {
  return invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');
}

/** Card details Stripe's payment form rejects before charging (400 `card_error`). */
export function cardError(code: string, message: string, param: string): StripeFailure {
  return new StripeFailure(400, { type: 'card_error', code, message, param });
}
