import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionParams, startHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function expectStripeError(
  promise: Promise<unknown>,
  expected: { type?: string; param?: string; code?: string; message?: RegExp; statusCode?: number },
): Promise<Stripe.errors.StripeError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeError);
  const stripeError = error as Stripe.errors.StripeError;
  if (expected.type) expect(stripeError.type).toBe(expected.type);
  if (expected.param) expect(stripeError.param).toBe(expected.param);
  if (expected.code) expect(stripeError.code).toBe(expected.code);
  if (expected.message) expect(stripeError.message).toMatch(expected.message);
  if (expected.statusCode) expect(stripeError.statusCode).toBe(expected.statusCode);
  return stripeError;
}

describe('POST /v1/checkout/sessions', () => {
  it('creates an open, unpaid session with computed amounts and a hosted-page url', async () => {
    const params = sessionParams();
    const session = await h.stripe.checkout.sessions.create(params);
    expect(session.id).toMatch(/^cs_test_[A-Za-z0-9]+$/);
    expect(session.object).toBe('checkout.session');
    expect(session.status).toBe('open');
    expect(session.payment_status).toBe('unpaid');
    expect(session.mode).toBe('payment');
    expect(session.amount_subtotal).toBe(1250 * 2 + 499);
    expect(session.amount_total).toBe(1250 * 2 + 499);
    expect(session.currency).toBe('eur');
    expect(session.url).toBe(`${h.emulator.url}/c/pay/${session.id}`);
    expect(session.success_url).toBe(params.success_url);
    expect(session.cancel_url).toBe(params.cancel_url);
    expect(session.metadata).toEqual({ order_id: 'ord_1', attempt_no: '1' });
    expect(session.client_reference_id).toBe('ord_1');
    expect(session.customer_email).toBe('jenny@example.com');
    expect(session.expires_at).toBe(params.expires_at);
    expect(session.payment_intent).toBeNull();
    expect(session.payment_method_types).toEqual(['card', 'sepa_debit']);
    expect(session.livemode).toBe(false);
    expect(session.lastResponse.requestId).toMatch(/^req_/);
  });

  it('accepts payment_method_types (older API versions) and allowed_payment_method_types (the current SDK)', async () => {
    // stripe@23's types no longer list payment_method_types on create; integrations written for older API versions
    // still send it.
    const legacy = {
      ...sessionParams(),
      payment_method_types: ['card'],
    } as Stripe.Checkout.SessionCreateParams;
    expect((await h.stripe.checkout.sessions.create(legacy)).payment_method_types).toEqual(['card']);
    const allowed = await h.stripe.checkout.sessions.create(
      sessionParams({ allowed_payment_method_types: ['card', 'link'] }),
    );
    expect(allowed.payment_method_types).toEqual(['card']);
    expect(allowed.allowed_payment_method_types).toEqual(['card', 'link']);
    const usd = await h.stripe.checkout.sessions.create(
      sessionParams({
        line_items: [
          { price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'x' } }, quantity: 1 },
        ],
      }),
    );
    expect(usd.payment_method_types).toEqual(['card']);
    await expectStripeError(
      h.stripe.checkout.sessions.create({
        ...sessionParams(),
        payment_method_types: ['alipay'],
      } as Stripe.Checkout.SessionCreateParams),
      { param: 'payment_method_types[0]' },
    );
  });

  it('defaults expires_at to 24 hours ahead', async () => {
    const { expires_at: _ignored, ...params } = sessionParams();
    const session = await h.stripe.checkout.sessions.create(params);
    expect(session.expires_at - session.created).toBe(24 * 3600);
  });

  it('rejects expires_at outside 30 minutes..24 hours, naming the param', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectStripeError(h.stripe.checkout.sessions.create(sessionParams({ expires_at: now + 600 })), {
      type: 'StripeInvalidRequestError',
      param: 'expires_at',
      message: /at least 30 minutes/,
      statusCode: 400,
    });
    await expectStripeError(
      h.stripe.checkout.sessions.create(sessionParams({ expires_at: now + 25 * 3600 })),
      {
        param: 'expires_at',
        message: /less than 24 hours/,
      },
    );
  });

  it('answers missing and invalid params with Stripe errors', async () => {
    const { success_url: _s, ...noSuccess } = sessionParams();
    await expectStripeError(h.stripe.checkout.sessions.create(noSuccess), {
      type: 'StripeInvalidRequestError',
      param: 'success_url',
      message: /Missing required param: success_url/,
    });
    const { mode: _m, ...noMode } = sessionParams();
    await expectStripeError(h.stripe.checkout.sessions.create(noMode), { param: 'mode' });
    await expectStripeError(h.stripe.checkout.sessions.create(sessionParams({ line_items: [] })), {
      param: 'line_items',
    });
    await expectStripeError(
      h.stripe.checkout.sessions.create(
        sessionParams({
          line_items: [{ price_data: { currency: 'eur', unit_amount: 500, product_data: { name: 'x' } } }],
        }),
      ),
      { param: 'line_items[0][quantity]' },
    );
    await expectStripeError(
      h.stripe.checkout.sessions.create(
        sessionParams({
          line_items: [
            { price_data: { currency: 'zzz', unit_amount: 500, product_data: { name: 'x' } }, quantity: 1 },
          ],
        }),
      ),
      { param: 'line_items[0][price_data][currency]', message: /Invalid currency/ },
    );
    await expectStripeError(h.stripe.checkout.sessions.create(sessionParams({ success_url: 'not a url' })), {
      param: 'success_url',
      message: /Not a valid URL/,
    });
    await expectStripeError(
      h.stripe.checkout.sessions.create({
        ...sessionParams(),
        bogus_param: 'x',
      } as Stripe.Checkout.SessionCreateParams),
      { param: 'bogus_param', message: /Received unknown parameter: bogus_param/ },
    );
    await expectStripeError(
      h.stripe.checkout.sessions.create(
        sessionParams({
          line_items: [
            { price_data: { currency: 'eur', unit_amount: 10, product_data: { name: 'x' } }, quantity: 1 },
          ],
        }),
      ),
      { param: 'line_items', message: /at least €0.50/ },
    );
  });
});

describe('idempotency', () => {
  it('replays the first response for the same key and parameters', async () => {
    const params = sessionParams({ client_reference_id: 'idem-1' });
    const key = `order:idem-1:attempt:1:${Date.now()}`;
    const first = await h.stripe.checkout.sessions.create(params, { idempotencyKey: key });
    const second = await h.stripe.checkout.sessions.create(params, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    const listed = await h.stripe.checkout.sessions.list({ limit: 100 });
    expect(listed.data.filter((s) => s.client_reference_id === 'idem-1')).toHaveLength(1);
  });

  it('rejects the same key with other parameters (idempotency_error)', async () => {
    const key = `order:idem-2:attempt:1:${Date.now()}`;
    await h.stripe.checkout.sessions.create(sessionParams({ client_reference_id: 'idem-2' }), {
      idempotencyKey: key,
    });
    const error = await expectStripeError(
      h.stripe.checkout.sessions.create(sessionParams({ client_reference_id: 'idem-2-changed' }), {
        idempotencyKey: key,
      }),
      { type: 'StripeIdempotencyError', statusCode: 400, message: /same parameters/ },
    );
    expect(error.raw).toMatchObject({ type: 'idempotency_error' });
  });
});

describe('retrieve, list, line items, expire', () => {
  it('retrieves a session, expanding payment_intent and line_items', async () => {
    const created = await h.stripe.checkout.sessions.create(sessionParams());
    const paid = await h.control.pay(created.id, { card: '4242424242424242' });
    expect(paid.body.outcome).toBe('succeeded');
    const session = await h.stripe.checkout.sessions.retrieve(created.id, {
      expand: ['payment_intent', 'line_items'],
    });
    const intent = session.payment_intent as Stripe.PaymentIntent;
    expect(intent.object).toBe('payment_intent');
    expect(intent.status).toBe('succeeded');
    expect(intent.metadata).toEqual({ order_id: 'ord_1' });
    expect(session.line_items?.data.map((item) => item.description)).toEqual(['Enamel mug', 'Coffee beans']);
    const plain = await h.stripe.checkout.sessions.retrieve(created.id);
    expect(plain.payment_intent).toBe(intent.id);
  });

  it('rejects an expand path that does not exist', async () => {
    const created = await h.stripe.checkout.sessions.create(sessionParams());
    await expectStripeError(h.stripe.checkout.sessions.retrieve(created.id, { expand: ['nope'] }), {
      param: 'expand',
      message: /cannot be expanded/,
    });
  });

  it('404s an unknown session with resource_missing', async () => {
    await expectStripeError(h.stripe.checkout.sessions.retrieve('cs_test_missing'), {
      type: 'StripeInvalidRequestError',
      code: 'resource_missing',
      param: 'session',
      statusCode: 404,
      message: /No such checkout.session: 'cs_test_missing'/,
    });
  });

  it('lists sessions newest first, filtered by payment_intent and status, with paging', async () => {
    const a = await h.stripe.checkout.sessions.create(sessionParams());
    const b = await h.stripe.checkout.sessions.create(sessionParams());
    const page = await h.stripe.checkout.sessions.list({ limit: 2 });
    expect(page.data.map((s) => s.id)).toEqual([b.id, a.id]);
    expect(page.has_more).toBe(true);
    const next = await h.stripe.checkout.sessions.list({ limit: 1, starting_after: b.id });
    expect(next.data[0]?.id).toBe(a.id);

    await h.control.pay(b.id, { card: '4000000000000002' });
    const declined = await h.stripe.checkout.sessions.retrieve(b.id);
    const byIntent = await h.stripe.checkout.sessions.list({
      payment_intent: declined.payment_intent as string,
    });
    expect(byIntent.data.map((s) => s.id)).toEqual([b.id]);
    const open = await h.stripe.checkout.sessions.list({ status: 'open', limit: 100 });
    expect(open.data.every((s) => s.status === 'open')).toBe(true);
  });

  it('lists line items with unit prices', async () => {
    const created = await h.stripe.checkout.sessions.create(sessionParams());
    const items = await h.stripe.checkout.sessions.listLineItems(created.id, {
      expand: ['data.price.product'],
    });
    expect(items.object).toBe('list');
    expect(items.data).toHaveLength(2);
    const [mug] = items.data;
    expect(mug).toMatchObject({
      object: 'item',
      quantity: 2,
      amount_subtotal: 2500,
      amount_total: 2500,
      currency: 'eur',
    });
    expect(mug?.price?.unit_amount).toBe(1250);
    const product = mug?.price?.product as Stripe.Product;
    expect(product).toMatchObject({
      object: 'product',
      name: 'Enamel mug',
      metadata: { product_id: 'p_mug' },
    });
  });

  it('expires an open session once; a second expire is a 400', async () => {
    const created = await h.stripe.checkout.sessions.create(sessionParams());
    const expired = await h.stripe.checkout.sessions.expire(created.id);
    expect(expired.status).toBe('expired');
    expect(expired.url).toBeNull();
    expect(await h.control.eventTypes(created.id)).toEqual(['checkout.session.expired']);
    await expectStripeError(h.stripe.checkout.sessions.expire(created.id), {
      statusCode: 400,
      message: /status of `expired`/,
    });
  });
});

describe('HTTP surface', () => {
  it('401s without a key or with a malformed one, like Stripe', async () => {
    const none = await fetch(`${h.emulator.url}/v1/checkout/sessions`);
    expect(none.status).toBe(401);
    const noneBody = (await none.json()) as { error: { type: string; message: string } };
    expect(noneBody.error.type).toBe('invalid_request_error');
    expect(noneBody.error.message).toMatch(/You did not provide an API key/);
    const bad = await fetch(`${h.emulator.url}/v1/checkout/sessions`, {
      // Underscores are not in the alphabet of Stripe's keys (a publishable key has its own refusal).
      headers: { Authorization: 'Bearer sk_test_not_a_key' },
    });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /Invalid API Key provided/,
    );
    expect(bad.headers.get('request-id')).toMatch(/^req_/);
    const sdk = new Stripe('sk_live_nope', {
      host: new URL(h.emulator.url).hostname,
      port: Number(new URL(h.emulator.url).port),
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    await expectStripeError(sdk.checkout.sessions.list(), {
      type: 'StripeAuthenticationError',
      statusCode: 401,
    });
  });

  it('accepts any sk_test_ key', async () => {
    const url = new URL(h.emulator.url);
    const other = new Stripe('sk_test_SomeOtherKey123', {
      host: url.hostname,
      port: Number(url.port),
      protocol: 'http',
    });
    const list = await other.checkout.sessions.list({ limit: 1 });
    expect(list.object).toBe('list');
  });

  it('404s an unknown URL with "Unrecognized request URL"', async () => {
    const response = await fetch(`${h.emulator.url}/v1/nothing/here`, {
      headers: { Authorization: `Bearer ${h.emulator.secretKey}` },
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/nothing\/here\)/);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
  });

  it('reports the health of the emulator', async () => {
    const health = await h.control.request('GET', '/_emulator/health');
    expect(health.status).toBe(200);
  });
});
