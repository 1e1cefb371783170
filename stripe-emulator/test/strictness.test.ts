import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STRIPE_API_VERSIONS } from '../src/http/api-versions.js';
import { sdkFor, sessionParams, startHarness, waitFor, type Harness } from './support/harness.js';

/**
 * One test per strictness rule of the emulator (see README "Stripe API subset" and docs/emulator-fidelity.md):
 * error codes and params, parameters Stripe has but the emulator does not emulate, API versions, events rendered
 * per endpoint version, idempotency keys, secret rotation and key formats. Through the official SDK where it
 * surfaces what is checked, raw HTTP where it would hide it (headers, what the SDK refuses to send).
 */

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

interface Raw {
  status: number;
  headers: Headers;
  error: Record<string, unknown>;
  body: Record<string, unknown>;
}

/** A raw API request: form-encoded body, the emulator's key unless `headers` says otherwise. */
async function api(
  method: string,
  path: string,
  body = '',
  headers: Record<string, string> = {},
): Promise<Raw> {
  const response = await fetch(`${h.emulator.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${h.emulator.secretKey}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    ...(method === 'GET' ? {} : { body }),
  });
  const json = (await response.json()) as Record<string, unknown>;
  return {
    status: response.status,
    headers: response.headers,
    body: json,
    error: (json.error ?? {}) as Record<string, unknown>,
  };
}

/** The StripeError a call fails with (the test fails if it succeeds). */
async function failure(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await promise.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeError);
  return error as Stripe.errors.StripeError;
}

const verifier = new Stripe('sk_test_verifier');

describe('errors carry Stripe code and param', () => {
  it('parameter_unknown: "Received unknown parameter: x"', async () => {
    const error = await failure(
      // The SDK's types forbid unknown parameters; the point is what the API answers to one.
      h.stripe.coupons.create({ duration: 'once', percent_off: 10, bogus: 'x' } as Stripe.CouponCreateParams),
    );
    expect(error).toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      code: 'parameter_unknown',
      param: 'bogus',
      message: 'Received unknown parameter: bogus',
    });
    expect(error.raw).toMatchObject({ doc_url: 'https://stripe.com/docs/error-codes/parameter-unknown' });
  });

  it('parameter_missing: "Missing required param: x."', async () => {
    // The SDK's types require `url`; the point is what the API answers without it.
    const error = await failure(h.stripe.webhookEndpoints.create({ enabled_events: ['*'] } as never));
    expect(error).toMatchObject({
      code: 'parameter_missing',
      param: 'url',
      message: 'Missing required param: url.',
    });
  });

  it('parameter_invalid_integer: "Invalid integer: abc"', async () => {
    const response = await api('POST', '/v1/coupons', 'duration=once&amount_off=abc&currency=eur');
    expect(response.status).toBe(400);
    expect(response.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'parameter_invalid_integer',
      param: 'amount_off',
      message: 'Invalid integer: abc',
    });
    const list = await api('GET', '/v1/events?limit=ten');
    expect(list.error).toMatchObject({ code: 'parameter_invalid_integer', param: 'limit' });
  });

  it('parameter_invalid_empty: an empty value for a parameter that cannot be unset', async () => {
    const response = await api('POST', '/v1/checkout/sessions', 'mode=payment&automatic_tax[enabled]=');
    expect(response.status).toBe(400);
    expect(response.error).toMatchObject({
      code: 'parameter_invalid_empty',
      param: 'automatic_tax[enabled]',
    });
    expect(response.error.message).toMatch(/^You passed an empty string for 'automatic_tax\[enabled\]'/);
  });

  it('resource_missing: "No such checkout.session: \'cs_…\'"', async () => {
    const error = await failure(h.stripe.checkout.sessions.retrieve('cs_test_nope'));
    expect(error).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      message: "No such checkout.session: 'cs_test_nope'",
    });
  });

  it('url_invalid: a webhook endpoint URL that is not http(s)', async () => {
    const error = await failure(h.stripe.webhookEndpoints.create({ url: 'ftp://x', enabled_events: ['*'] }));
    expect(error).toMatchObject({ statusCode: 400, code: 'url_invalid', param: 'url' });
  });
});

describe('parameters Stripe has but the emulator does not emulate', () => {
  it('are refused with parameter_not_emulated, never ignored', async () => {
    const error = await failure(
      h.stripe.checkout.sessions.create({ ...sessionParams(), customer: 'cus_123' }),
    );
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_not_emulated', param: 'customer' });
    expect(error.message).toMatch(/does not emulate the parameter customer/);
    // Nothing was created.
    expect((await h.stripe.checkout.sessions.list()).data).toHaveLength(0);

    // Nested, and on an endpoint whose parameters come from Stripe's spec (POST /v1/refunds).
    const nested = await failure(
      h.stripe.checkout.sessions.create({
        ...sessionParams(),
        payment_intent_data: { metadata: { order_id: 'ord_1' }, application_fee_amount: 10 },
      }),
    );
    expect(nested).toMatchObject({ param: 'payment_intent_data[application_fee_amount]' });
    const refund = await api('POST', '/v1/refunds', 'payment_intent=pi_x&reverse_transfer=true');
    expect(refund.error).toMatchObject({ code: 'parameter_not_emulated', param: 'reverse_transfer' });
    // A parameter Stripe does not have at all stays unknown.
    const unknown = await api('POST', '/v1/refunds', 'payment_intent=pi_x&reverse=true');
    expect(unknown.error).toMatchObject({ code: 'parameter_unknown', param: 'reverse' });
  });
});

describe('Stripe-Version', () => {
  it('refuses a version Stripe never released with a 400, and accepts every released one', async () => {
    const unknown = await api('GET', '/v1/events', '', { 'Stripe-Version': '2099-01-01' });
    expect(unknown.status).toBe(400);
    expect(unknown.error).toEqual({
      type: 'invalid_request_error',
      message: 'Invalid Stripe API version: 2099-01-01',
    });
    // Right date, wrong release name: not a version either.
    expect((await api('GET', '/v1/events', '', { 'Stripe-Version': '2025-09-30.acacia' })).status).toBe(400);

    const older = await api('GET', '/v1/events', '', { 'Stripe-Version': '2024-06-20' });
    expect(older.status).toBe(200);
    expect(older.headers.get('stripe-version')).toBe('2024-06-20');
    const sdk = await h.stripe.events.list();
    expect(sdk.lastResponse.headers['stripe-version']).toBe(Stripe.API_VERSION);
  });

  it('knows exactly the versions the stripe SDK lists (and so the SDK own, and the 2023 spec one)', () => {
    const sdkDir = dirname(createRequire(import.meta.url).resolve('stripe'));
    const types = readFileSync(join(sdkDir, 'resources', 'WebhookEndpoints.d.ts'), 'utf8');
    const union = /type ApiVersion = ([^;]+);/.exec(types)?.[1] ?? '';
    const listed = [...union.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    expect(listed.length).toBeGreaterThan(100);
    expect(STRIPE_API_VERSIONS).toEqual(listed);
    expect(STRIPE_API_VERSIONS).toContain(Stripe.API_VERSION);
    expect(STRIPE_API_VERSIONS).toContain('2023-08-16');
  });
});

describe('events are rendered for the webhook endpoint API version', () => {
  it('labels each delivery with its endpoint version, and refuses an unknown endpoint version', async () => {
    const endpoint = await h.stripe.webhookEndpoints.create({
      url: `${h.receiver.url}/versioned`,
      enabled_events: ['checkout.session.completed'],
      api_version: '2024-06-20',
    });
    expect(endpoint.api_version).toBe('2024-06-20');
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    await h.control.pay(session.id, { card: '4242424242424242' });
    const delivered = await waitFor(() => {
      const versioned = h.receiver.webhooks().find((r) => r.path === '/versioned');
      const forwarded = h.receiver
        .webhooks()
        .find((r) => r.path === '/webhook' && r.body.includes('"checkout.session.completed"'));
      return versioned && forwarded && { versioned, forwarded };
    });
    const versioned = verifier.webhooks.constructEvent(
      delivered.versioned.body,
      delivered.versioned.headers['stripe-signature'] as string,
      endpoint.secret ?? '',
    );
    const forwarded = verifier.webhooks.constructEvent(
      delivered.forwarded.body,
      delivered.forwarded.headers['stripe-signature'] as string,
      h.emulator.webhookSecret,
    );
    expect(versioned.id).toBe(forwarded.id);
    expect(versioned.api_version).toBe('2024-06-20');
    // An endpoint without a version gets the event as created (the version of the request that caused it).
    expect(forwarded.api_version).toBe(Stripe.API_VERSION);
    expect((await h.stripe.events.retrieve(forwarded.id)).api_version).toBe(Stripe.API_VERSION);

    const error = await failure(
      h.stripe.webhookEndpoints.create({
        url: `${h.receiver.url}/x`,
        enabled_events: ['*'],
        api_version: '2099-01-01' as Stripe.WebhookEndpointCreateParams.ApiVersion,
      }),
    );
    expect(error).toMatchObject({ statusCode: 400, param: 'api_version' });
  });
});

describe('idempotency keys', () => {
  const coupon = 'duration=once&percent_off=10';

  it('reject a key reused with other parameters (idempotency_error), or on another endpoint', async () => {
    await h.stripe.coupons.create({ duration: 'once', percent_off: 10 }, { idempotencyKey: 'k-params' });
    const error = await failure(
      h.stripe.coupons.create({ duration: 'once', percent_off: 20 }, { idempotencyKey: 'k-params' }),
    );
    expect(error).toMatchObject({ statusCode: 400, type: 'StripeIdempotencyError' });
    expect(error.message).toMatch(/same parameters they were first used with/);
    const other = await api('POST', '/v1/products', 'name=mug', { 'Idempotency-Key': 'k-params' });
    expect(other.error).toMatchObject({ type: 'idempotency_error' });
    expect(other.error.message).toMatch(/same endpoint they were first used for/);
  });

  it('save nothing for a request refused for its parameters: the key works again, corrected', async () => {
    const key = { 'Idempotency-Key': 'k-validation' };
    const refused = await api('POST', '/v1/coupons', `${coupon}&bogus=1`, key);
    expect(refused.status).toBe(400);
    const again = await api('POST', '/v1/coupons', `${coupon}&bogus=1`, key);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    const corrected = await api('POST', '/v1/coupons', coupon, key);
    expect(corrected.status).toBe(200);
    const replayed = await api('POST', '/v1/coupons', coupon, key);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body.id).toBe(corrected.body.id);
  });

  it('replay an error the endpoint answered once it executed, like a success', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    await h.stripe.checkout.sessions.expire(session.id);
    const path = `/v1/checkout/sessions/${session.id}/expire`;
    const first = await api('POST', path, '', { 'Idempotency-Key': 'k-expire' });
    expect(first.status).toBe(400);
    const second = await api('POST', path, '', { 'Idempotency-Key': 'k-expire' });
    expect(second.status).toBe(400);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('original-request')).toBe(first.headers.get('request-id'));
  });

  it('expire after 24 hours (emulator time): the key then runs a new request', async () => {
    const first = await h.stripe.coupons.create(
      { duration: 'once', percent_off: 10 },
      { idempotencyKey: 'k-day' },
    );
    await h.control.advance(24 * 3600 - 1);
    const early = await failure(
      h.stripe.coupons.create({ duration: 'once', percent_off: 20 }, { idempotencyKey: 'k-day' }),
    );
    expect(early.type).toBe('StripeIdempotencyError');
    await h.control.advance(1);
    const later = await h.stripe.coupons.create(
      { duration: 'once', percent_off: 20 },
      { idempotencyKey: 'k-day' },
    );
    expect(later.id).not.toBe(first.id);
    expect(later.percent_off).toBe(20);
    expect(later.lastResponse.headers['idempotent-replayed']).toBeUndefined();
  });

  it('are 1 to 255 characters long', async () => {
    const long = await api('POST', '/v1/coupons', coupon, { 'Idempotency-Key': 'k'.repeat(256) });
    expect(long.status).toBe(400);
    expect(long.error.message).toMatch(/Idempotent Keys must be 1-255 characters long/);
    expect((await api('POST', '/v1/coupons', coupon, { 'Idempotency-Key': 'k'.repeat(255) })).status).toBe(
      200,
    );
  });
});

describe('webhook secret rotation', () => {
  it('signs with both secrets during the overlap (two v1), then with the new one only', async () => {
    const { body: endpoints } = await h.control.request<{ data: { id: string }[] }>(
      'GET',
      '/_emulator/webhook_endpoints',
    );
    const id = endpoints.data[0]?.id ?? '';
    const oldSecret = h.emulator.webhookSecret;
    const rolled = await h.control.request<{
      secret: string;
      active_secrets: string[];
      previous_secret_expires_at: number;
    }>('POST', `/_emulator/webhook_endpoints/${id}/roll_secret`, { expires_in_seconds: 3600 });
    expect(rolled.status).toBe(200);
    const newSecret = rolled.body.secret;
    expect(newSecret).toMatch(/^whsec_/);
    expect(rolled.body.active_secrets).toEqual([newSecret, oldSecret]);

    const firstSession = await h.stripe.checkout.sessions.create(sessionParams());
    await h.control.pay(firstSession.id, { card: '4242424242424242' });
    const during = await waitFor(() => h.receiver.webhooks().find((r) => r.body.includes(firstSession.id)));
    const header = during.headers['stripe-signature'] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(verifier.webhooks.constructEvent(during.body, header, oldSecret).type).toBeTruthy();
    expect(verifier.webhooks.constructEvent(during.body, header, newSecret).type).toBeTruthy();

    await h.control.advance(3600);
    const secondSession = await h.stripe.checkout.sessions.create(sessionParams({ expires_at: undefined }));
    await h.control.pay(secondSession.id, { card: '4242424242424242' });
    const after = await waitFor(() => h.receiver.webhooks().find((r) => r.body.includes(secondSession.id)));
    const single = after.headers['stripe-signature'] as string;
    expect(single).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifier.webhooks.constructEvent(after.body, single, newSecret).type).toBeTruthy();
    expect(() => verifier.webhooks.constructEvent(after.body, single, oldSecret)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );

    const tooLong = await h.control.request('POST', `/_emulator/webhook_endpoints/${id}/roll_secret`, {
      expires_in_seconds: 24 * 3600 + 1,
    });
    expect(tooLong.status).toBe(400);
  });
});

describe('API keys as Stripe issues them', () => {
  it('accepts secret and restricted test keys, and nothing else', async () => {
    expect((await sdkFor(h.emulator, 'sk_test_51Hx9AbCdEf0123456789').events.list()).object).toBe('list');
    expect((await sdkFor(h.emulator, 'rk_test_51Hx9AbCdEf0123456789').events.list()).object).toBe('list');

    const underscore = await failure(sdkFor(h.emulator, 'sk_test_not_a_key').events.list());
    expect(underscore).toMatchObject({ statusCode: 401, type: 'StripeAuthenticationError' });
    expect(underscore.message).toMatch(/^Invalid API Key provided: sk_test_\*+_key$/);

    const live = await failure(sdkFor(h.emulator, 'sk_live_51Hx9AbCdEf0123456789').events.list());
    expect(live).toMatchObject({ statusCode: 401 });
    expect(live.message).toMatch(/only plays test mode and refuses live keys/);
    expect(live.message).not.toContain('sk_live_51Hx9AbCdEf0123456789');
    const restrictedLive = await failure(sdkFor(h.emulator, 'rk_live_51Hx9AbCdEf0123456789').events.list());
    expect(restrictedLive.message).toMatch(/refuses live keys/);

    const publishable = await failure(sdkFor(h.emulator, 'pk_test_51Hx9AbCdEf0123456789').events.list());
    expect(publishable).toMatchObject({ statusCode: 401 });
    expect(publishable.message).toMatch(/^This API call cannot be made with a publishable API key/);
  });
});
