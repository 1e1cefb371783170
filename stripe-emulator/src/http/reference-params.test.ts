import { describe, expect, it } from 'vitest';
import { StripeFailure } from '../domain/errors.js';
import { parseForm } from './form.js';
import { s, validateParams, type ObjSpec, type Spec } from './params.js';
import { narrowSpec, operationSpec, referenceParams, specFromSchema } from './reference-params.js';

/** The operations whose parameters the emulator takes from Stripe's spec (see the resources' `referenceRoute`). */
const FROM_SCHEMA: [string, string][] = [
  ['GET', '/v1/checkout/sessions/:session'],
  ['POST', '/v1/checkout/sessions/:session/expire'],
  ['GET', '/v1/checkout/sessions/:session/line_items'],
  ['GET', '/v1/payment_intents/:intent'],
  ['GET', '/v1/events'],
  ['GET', '/v1/events/:id'],
  ['POST', '/v1/refunds'],
  ['GET', '/v1/refunds/:refund'],
  ['GET', '/v1/charges/:charge'],
];

function kinds(spec: Spec): string[] {
  if (spec.t === 'object') return [spec.t, ...Object.values(spec.fields).flatMap(kinds)];
  if (spec.t === 'array') return [spec.t, ...kinds(spec.items)];
  return [spec.t];
}

function failure<F extends Record<string, Spec>>(spec: ObjSpec<F>, form: string): unknown {
  try {
    validateParams(spec, parseForm(form));
  } catch (error) {
    if (error instanceof StripeFailure) return { status: error.status, ...error.errorObject };
    throw error;
  }
  return undefined;
}

describe('parameters from the vendored Stripe spec', () => {
  it.each(FROM_SCHEMA)('%s %s converts exactly (no accept-anything fallback)', (method, route) => {
    const spec = operationSpec(method, route);
    expect(Object.keys(spec.fields)).toContain('expand');
    expect(kinds(spec)).not.toContain('any');
  });

  it('takes the query and body parameters, not the path ones', () => {
    expect(Object.keys(operationSpec('GET', '/v1/payment_intents/:intent').fields).sort()).toEqual([
      'client_secret',
      'expand',
    ]);
    expect(Object.keys(operationSpec('POST', '/v1/refunds').fields)).toContain('refund_application_fee');
  });

  it("converts Stripe's idioms: ranges, metadata, unsettable values, lengths and enums", () => {
    expect(operationSpec('GET', '/v1/events').fields.created).toEqual({ t: 'range' });
    const refund = operationSpec('POST', '/v1/refunds').fields;
    expect(refund.metadata).toEqual({ t: 'map' });
    expect(refund.origin).toEqual({ t: 'string', enum: ['customer_balance'] });
    expect(refund.charge).toEqual({ t: 'string', max: 5000 });
    expect(() => specFromSchema({ anyOf: [{ type: 'string' }, { type: 'integer' }] }, 'x')).toThrow(
      'x: anyOf with 2 alternatives',
    );
    expect(() => specFromSchema({ type: 'number' }, 'x')).toThrow('x: type number');
  });

  it('narrows with the limits Stripe documents only in prose, and rejects anything else', () => {
    const events = referenceParams(
      'GET',
      '/v1/events',
      s.obj({
        limit: s.int({ min: 1, max: 100 }),
        type: s.str(),
        types: s.arr(s.str()),
        created: s.range(),
        delivery_success: s.bool(),
      }),
    );
    expect(failure(events, 'limit=0')).toMatchObject({
      status: 400,
      param: 'limit',
      message: 'This value must be greater than or equal to 1.',
    });
    expect(failure(events, 'type=a&bogus=1')).toMatchObject({
      param: 'bogus',
      code: 'parameter_unknown',
      message: 'Received unknown parameter: bogus',
    });
    // Stripe's, but not declared by the route: not emulated, so refused rather than ignored.
    expect(failure(events, 'ending_before=evt_1')).toMatchObject({
      status: 400,
      param: 'ending_before',
      code: 'parameter_not_emulated',
    });
    expect(failure(events, 'expand[]=data.data.object')).toBeUndefined();
    expect(failure(events, `type=${'a'.repeat(5001)}`)).toMatchObject({ param: 'type' });
    expect(failure(events, 'delivery_success=maybe')).toMatchObject({ message: 'Invalid boolean: maybe' });
    expect(failure(events, 'limit=5&types[0]=a&created[gte]=1')).toBeUndefined();

    expect(() => referenceParams('GET', '/v1/events', s.obj({ nope: s.str() }))).toThrow(
      "GET /v1/events[nope] is not one of Stripe's parameters",
    );
    expect(() => referenceParams('GET', '/v1/events', s.obj({ limit: s.str() }))).toThrow(
      "declared as string, Stripe's spec says integer",
    );
    expect(() =>
      referenceParams('POST', '/v1/refunds', s.obj({ reason: s.enum(['duplicate', 'other']) })),
    ).toThrow("declared enum is not a subset of Stripe's");
    expect(() => referenceParams('GET', '/v1/nothing', s.obj({}))).toThrow('not in reference/');
  });

  it('keeps the stricter bound of both sides', () => {
    expect(narrowSpec({ t: 'string', max: 22 }, { t: 'string', max: 5000 }, 'x')).toEqual({
      t: 'string',
      max: 22,
    });
    expect(narrowSpec({ t: 'integer', min: 5 }, { t: 'integer', min: 1, max: 9 }, 'x')).toEqual({
      t: 'integer',
      min: 5,
      max: 9,
    });
    expect(
      narrowSpec({ t: 'array', items: { t: 'string', max: 5000 } }, s.arr(s.str(), { max: 20 }), 'x'),
    ).toEqual({ t: 'array', items: { t: 'string', max: 5000 }, max: 20 });
  });
});
