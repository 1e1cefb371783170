import { startEmulator } from '@checkstand/stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashOrderToken } from '../src/modules/orders/order-token.js';
import { ENGINES } from './support/databases.js';
import { PRODUCTS, type Stack, orderReaches, startStack, stacksForEachTest } from './support/stack.js';

const stack = stacksForEachTest();

const [dripper, kettle, third] = [PRODUCTS[0]!, PRODUCTS[1]!, PRODUCTS[2]!];

describe.each(ENGINES)('create-checkout-session on %s', (engine) => {
  it('creates the order before the redirect, priced by the server, with one reserved attempt and a session', async () => {
    const s = await stack(engine);
    const before = Date.now();
    const res = await s.api.checkout({
      items: [
        { id: dripper.id, quantity: 2, title: 'Free stuff', unitAmount: 1, price: 0 },
        { id: kettle.id, quantity: 1 },
      ],
      email: 'ada@example.com',
      total: 1,
    });
    expect(res.status).toBe(201);
    const { orderId, orderToken, sessionId, url } = res.body;
    expect(orderId).toMatch(/^ord_[0-9A-Z]{26}$/);
    expect(orderToken).toMatch(/^otk_[A-Za-z0-9_-]{43}$/);
    expect(sessionId).toMatch(/^cs_test_/);
    expect(url).toContain(sessionId);

    const expectedTotal = dripper.unitAmount * 2 + kettle.unitAmount;
    const order = await s.sql.order(orderId);
    expect(order).toMatchObject({
      status: 'pending',
      total_amount: expectedTotal,
      currency: 'usd',
      customer_email: 'ada@example.com',
      current_attempt_no: 1,
      current_session_id: sessionId,
      amount_received: null,
    });
    // Only a hash of the token is stored.
    expect(order.access_token_hash).toBe(hashOrderToken(orderToken));
    expect(JSON.stringify(order)).not.toContain(orderToken);

    expect(await s.sql.attempts(orderId)).toEqual([
      expect.objectContaining({ attempt_no: 1, session_id: sessionId, status: 'open' }),
    ]);
    expect((await s.sql.history(orderId)).map((e) => e.kind)).toEqual([
      'order_created',
      'checkout_session_created',
    ]);

    // What Stripe received: the same total, the routing metadata, the customer's email, our expiry.
    const session = await s.stripe.checkout.sessions.retrieve(sessionId);
    expect(session.amount_total).toBe(expectedTotal);
    expect(session.metadata).toEqual({ order_id: orderId, attempt_no: '1' });
    expect(session.client_reference_id).toBe(orderId);
    expect(session.customer_email).toBe('ada@example.com');
    expect(session.success_url).toBe(`${s.store.baseUrl}/checkout/success?session_id={CHECKOUT_SESSION_ID}`);
    expect(session.cancel_url).toBe(`${s.store.baseUrl}/checkout/cancel?order_id=${orderId}`);
    expect(session.expires_at * 1000).toBeGreaterThanOrEqual(before + 59 * 60_000);
    expect(session.expires_at * 1000).toBeLessThanOrEqual(Date.now() + 61 * 60_000);
    const lines = await s.stripe.checkout.sessions.listLineItems(sessionId);
    expect(lines.data.map((l) => [l.description, l.quantity, l.amount_total])).toEqual([
      [dripper.title, 2, dripper.unitAmount * 2],
      [kettle.title, 1, kettle.unitAmount],
    ]);

    // The payment intent carries the order id too, so payment_intent.* events can be matched.
    await s.control.pay(sessionId);
    const paid = await orderReaches(s, orderId, 'paid');
    const intent = await s.stripe.paymentIntents.retrieve(paid.payment_intent_id!);
    expect(intent.metadata).toMatchObject({ order_id: orderId, attempt_no: '1' });
    expect(paid.amount_received).toBe(expectedTotal);
  });

  it('merges the same product listed twice', async () => {
    const s = await stack(engine);
    const { orderId, sessionId } = await s.api.order([
      { id: dripper.id, quantity: 1 },
      { id: kettle.id, quantity: 1 },
      { id: dripper.id, quantity: 3 },
    ]);
    const view = (await s.api.bySession(sessionId)).body.order;
    expect(view.id).toBe(orderId);
    expect(view.items.map((i) => [i.productId, i.quantity, i.lineTotal])).toEqual([
      [dripper.id, 4, dripper.unitAmount * 4],
      [kettle.id, 1, kettle.unitAmount],
    ]);
    expect(view.total).toBe(dripper.unitAmount * 4 + kettle.unitAmount);
  });
});

describe('cart tampering', () => {
  const line = (id: string, quantity: unknown) => ({ id, quantity });
  const cases: [string, unknown, string][] = [
    ['a JSON array', [], 'invalid_cart'],
    ['a JSON string', '"cart"', 'invalid_json'],
    ['no items', {}, 'invalid_cart'],
    ['an empty cart', { items: [] }, 'invalid_cart'],
    ['items that are not an array', { items: { id: dripper.id, quantity: 1 } }, 'invalid_cart'],
    ['51 lines', { items: Array.from({ length: 51 }, (_, i) => line(`prod_${i}`, 1)) }, 'invalid_cart'],
    ['a zero quantity', { items: [line(dripper.id, 0)] }, 'invalid_cart'],
    ['a negative quantity', { items: [line(dripper.id, -3)] }, 'invalid_cart'],
    ['a fractional quantity', { items: [line(dripper.id, 1.5)] }, 'invalid_cart'],
    ['a quantity as a string', { items: [line(dripper.id, '2')] }, 'invalid_cart'],
    ['a quantity of 100', { items: [line(dripper.id, 100)] }, 'invalid_cart'],
    ['a huge quantity', { items: [line(dripper.id, 1e12)] }, 'invalid_cart'],
    ['a merged quantity over 99', { items: [line(dripper.id, 60), line(dripper.id, 60)] }, 'invalid_cart'],
    ['a numeric id', { items: [{ id: 42, quantity: 1 }] }, 'invalid_cart'],
    ['an id of 1,000 characters', { items: [line('p'.repeat(1000), 1)] }, 'invalid_cart'],
    [
      'an unknown product',
      { items: [line(dripper.id, 1), line('prod_does_not_exist', 1)] },
      'unknown_product',
    ],
    ['a bad email', { items: [line(dripper.id, 1)], email: 'not-an-email' }, 'invalid_email'],
    [
      'an email that is not a string',
      { items: [line(dripper.id, 1)], email: { $ne: null } },
      'invalid_email',
    ],
  ];

  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ engine: 'pglite' });
  });
  afterAll(() => s.close());

  it.each(cases)('rejects %s with 400 and stores nothing', async (_name, body, code) => {
    const res = await s.api.checkout(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe('string');
    expect(await s.sql.count('orders')).toBe(0);
    expect(await s.sql.count('checkout_attempts')).toBe(0);
  });
});

describe('cart input', () => {
  it('names the products that are not sold and ignores prototype-pollution keys', async () => {
    const s = await stack('pglite');
    const unknown = await s.api.checkout({
      items: [
        { id: 'prod_gone', quantity: 1 },
        { id: third.id, quantity: 1 },
      ],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({
      code: 'unknown_product',
      details: { productIds: ['prod_gone'] },
    });
    expect(unknown.body.error.message).toContain('prod_gone');

    const polluted = await s.api.checkout(
      `{"items":[{"id":"${third.id}","quantity":1,"__proto__":{"quantity":1000}}],"__proto__":{"email":"x@y.z"},"constructor":{"prototype":{"admin":true}}}`,
    );
    expect(polluted.status).toBe(201);
    const view = (await s.api.bySession(polluted.body.sessionId)).body.order;
    expect(view.items).toEqual([expect.objectContaining({ productId: third.id, quantity: 1 })]);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect((await s.sql.order(view.id)).customer_email).toBeNull();
  });

  it('refuses a product taken off sale between browsing and checkout', async () => {
    const s = await stack('pglite');
    const { sql } = await import('drizzle-orm');
    await s.db.database.db.execute(sql`update products set active = false where id = ${kettle.id}`);
    const res = await s.api.checkout({ items: [{ id: kettle.id, quantity: 1 }] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('unknown_product');
    expect(await s.sql.count('orders')).toBe(0);
  });
});

describe('when Stripe is unavailable', () => {
  it('answers 502, keeps the order, and the same order can be paid once Stripe is back', async () => {
    const s = await stack('pglite');
    const port = new URL(s.emulator.url).port;
    await s.emulator.close();

    const res = await s.api.checkout({ items: [{ id: dripper.id, quantity: 1 }] });
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('payment_provider_unavailable');
    const { orderId, orderToken } = res.body.error.details as { orderId: string; orderToken: string };
    expect(await s.sql.order(orderId)).toMatchObject({ status: 'pending', current_session_id: null });
    expect(await s.sql.attempts(orderId)).toEqual([
      expect.objectContaining({ attempt_no: 1, status: 'creating' }),
    ]);
    expect((await s.sql.history(orderId)).map((e) => [e.kind, e.outcome])).toEqual([
      ['order_created', 'applied'],
      ['checkout_session_failed', 'failed'],
    ]);
    expect((await s.api.retry(orderId, orderToken)).status).toBe(502);

    // Stripe is back (same address); the retry replays attempt 1 with its idempotency key.
    const revived = await startEmulator({
      port: Number(port),
      webhooks: [{ url: `${s.store.baseUrl}/api/payments/webhook`, secret: s.webhookSecret }],
      retrySchedule: [0.2, 0.5],
      logger: () => undefined,
    });
    try {
      const retried = await s.api.retry(orderId, orderToken);
      expect(retried.status).toBe(201);
      expect(await s.sql.attempts(orderId)).toEqual([
        expect.objectContaining({ attempt_no: 1, session_id: retried.body.sessionId, status: 'open' }),
      ]);
      await s.control.pay(retried.body.sessionId);
      await orderReaches(s, orderId, 'paid');
    } finally {
      await revived.close();
    }
  });

  it('answers 503 when no Stripe key is configured, and writes nothing', async () => {
    const s = await stack('pglite', { STRIPE_SECRET_KEY: '' });
    const res = await s.api.checkout({ items: [{ id: dripper.id, quantity: 1 }] });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('payments_not_configured');
    expect(await s.sql.count('orders')).toBe(0);
  });
});
