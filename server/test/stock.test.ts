import {
  AdminHoldList,
  AdminProductEnvelope,
  AdminProductList,
  HoldsReleased,
  InsufficientStockDetails,
  MAX_HELD_UNITS_PER_CHECKOUT,
  MAX_HELD_UNITS_PER_CLIENT,
  ProductList,
  SCARCE_SESSION_MINUTES,
} from '@checkstand/contract';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/database.js';
import { Reconciler } from '../src/modules/payments/reconcile/reconciler.service.js';
import { ADMIN_ENV, AdminClient } from './support/admin.js';
import { ENGINES } from './support/databases.js';
import {
  type Created,
  type ErrorReply,
  type HttpResult,
  type Stack,
  orderReaches,
  startStack,
  stacksForEachTest,
} from './support/stack.js';

/**
 * Stock held while the customer pays (issue 18): a checkout reserves its stock-limited units with its order,
 * no oversell under concurrency, holds end with their attempt, a late payment without stock is flagged, the
 * reconciler recovers missed releases, and hoarding is capped.
 */
const stack = stacksForEachTest({ env: { ...ADMIN_ENV, TRUST_PROXY: '1' } });

const KETTLE = 'prod_gooseneck_kettle';
const DRIPPER = 'prod_pour_over_dripper';

async function owner(s: Stack): Promise<AdminClient> {
  const admin = new AdminClient(s.store.baseUrl);
  expect((await admin.login()).status).toBe(200);
  return admin;
}

async function setStock(admin: AdminClient, productId: string, stock: number | null) {
  return (await admin.expect(AdminProductEnvelope, 'PATCH', `/api/admin/products/${productId}`, { stock }))
    .product;
}

/** A checkout from a client address (the store believes X-Forwarded-For: TRUST_PROXY=1). */
async function checkout(
  s: Stack | string,
  items: { id: string; quantity: number }[],
  address = '203.0.113.7',
): Promise<HttpResult<Created & ErrorReply>> {
  const base = typeof s === 'string' ? s : s.store.baseUrl;
  const res = await fetch(`${base}/api/payments/create-checkout-session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ items }),
  });
  return { status: res.status, body: (await res.json()) as Created & ErrorReply };
}

async function created(s: Stack, items: { id: string; quantity: number }[], address?: string) {
  const res = await checkout(s, items, address);
  if (res.status !== 201) throw new Error(`checkout failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function counters(s: Stack, productId: string) {
  const [row] = await queryRows<{ stock: number | null; reserved: number }>(
    s.db.database.db,
    sql`select stock, reserved from products where id = ${productId}`,
  );
  return row!;
}

function holdsOf(s: Stack, orderId: string) {
  return queryRows<{ attempt_no: number; product_id: string; quantity: number; status: string }>(
    s.db.database.db,
    sql`select attempt_no, product_id, quantity, status from stock_reservations where order_id = ${orderId}
        order by attempt_no, product_id`,
  );
}

async function sessionsAtStripe(s: Stack): Promise<number> {
  return (await s.stripe.checkout.sessions.list({ limit: 100 })).data.length;
}

describe.each(ENGINES)('stock held while the customer pays, on %s', (engine) => {
  it('admin endpoints: auth, validation, unknown product or hold, and the list', async () => {
    const s = await stack(engine);
    const anonymous = new AdminClient(s.store.baseUrl);
    for (const [method, route, body] of [
      ['GET', '/api/admin/products', undefined],
      ['PATCH', `/api/admin/products/${KETTLE}`, { stock: 3 }],
      ['GET', '/api/admin/holds', undefined],
      ['POST', '/api/admin/holds/ord_x/1/release', undefined],
    ] as const) {
      expect((await anonymous.call(method, route, body)).status).toBe(401);
    }
    const admin = await owner(s);
    for (const body of [{ stock: -1 }, { stock: 1.5 }, { stock: '3' }, {}, { stock: 3, extra: true }, [3]]) {
      const res = await admin.call('PATCH', `/api/admin/products/${KETTLE}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_stock' } });
    }
    const unknown = await admin.call('PATCH', '/api/admin/products/prod_nope', { stock: 3 });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'product_not_found' } });
    for (const route of ['/api/admin/holds/ord_nope/1/release', '/api/admin/holds/ord_nope/x/release']) {
      const res = await admin.call('POST', route, {});
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'hold_not_found' } });
    }

    const kettle = await setStock(admin, KETTLE, 5);
    expect(kettle).toMatchObject({ id: KETTLE, stock: 5, reserved: 0, available: 5, active: true });
    const list = await admin.expect(AdminProductList, 'GET', '/api/admin/products');
    expect(list.products.find((p) => p.id === KETTLE)).toMatchObject({ stock: 5, available: 5 });
    expect(list.products.find((p) => p.id === DRIPPER)).toMatchObject({ stock: null, available: null });
    const unlimited = await setStock(admin, KETTLE, null);
    expect(unlimited).toMatchObject({ stock: null, available: null });
  });

  it('reserves with the order; a cart short of stock is refused with what is available, writing nothing', async () => {
    const s = await stack(engine);
    const admin = await owner(s);
    await setStock(admin, KETTLE, 2);
    const before = Date.now();
    const o = await created(s, [
      { id: KETTLE, quantity: 2 },
      { id: DRIPPER, quantity: 1 },
    ]);
    expect(await counters(s, KETTLE)).toEqual({ stock: 2, reserved: 2 });
    expect(await counters(s, DRIPPER)).toEqual({ stock: null, reserved: 0 }); // unlimited: nothing held
    const publicList = ProductList.parse((await s.api.raw('GET', '/api/products')).body);
    expect(publicList.find((p) => p.id === KETTLE)?.available).toBe(0);

    // The session of a cart that holds stock lives as short as Stripe allows.
    const session = await s.stripe.checkout.sessions.retrieve(o.sessionId);
    const lifetime = session.expires_at * 1000 - before;
    expect(lifetime).toBeGreaterThan(SCARCE_SESSION_MINUTES * 60_000 - 5_000);
    expect(lifetime).toBeLessThan(SCARCE_SESSION_MINUTES * 60_000 + 5_000);
    const holds = await admin.expect(AdminHoldList, 'GET', '/api/admin/holds');
    expect(holds.holds).toEqual([
      expect.objectContaining({
        orderId: o.orderId,
        attemptNo: 1,
        productId: KETTLE,
        quantity: 2,
        status: 'held',
      }),
    ]);

    const refused = await checkout(s, [{ id: KETTLE, quantity: 1 }], '198.51.100.9');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('insufficient_stock');
    expect(InsufficientStockDetails.parse(refused.body.error.details)).toEqual({
      products: [{ productId: KETTLE, requested: 1, available: 0 }],
    });
    expect(await s.sql.count('orders')).toBe(1);
    expect(await s.sql.count('checkout_attempts')).toBe(1);
    expect(await sessionsAtStripe(s)).toBe(1);
    expect(await counters(s, KETTLE)).toEqual({ stock: 2, reserved: 2 });
  });

  it('releases on expiry, and takes the units on payment', async () => {
    const s = await stack(engine);
    const admin = await owner(s);
    await setStock(admin, KETTLE, 3);
    const lapsed = await created(s, [{ id: KETTLE, quantity: 2 }]);
    const bought = await created(s, [{ id: KETTLE, quantity: 1 }], '198.51.100.20');
    expect(await counters(s, KETTLE)).toEqual({ stock: 3, reserved: 3 });
    await s.control.pay(bought.sessionId);
    await orderReaches(s, bought.orderId, 'paid');
    expect(await counters(s, KETTLE)).toEqual({ stock: 2, reserved: 2 });
    expect((await holdsOf(s, bought.orderId))[0]?.status).toBe('committed');

    await s.control.advanceClock(SCARCE_SESSION_MINUTES * 60 + 5);
    await orderReaches(s, lapsed.orderId, 'expired');
    expect(await counters(s, KETTLE)).toEqual({ stock: 2, reserved: 0 });
    expect((await holdsOf(s, lapsed.orderId))[0]?.status).toBe('released');
    expect((await admin.expect(AdminHoldList, 'GET', '/api/admin/holds')).holds).toEqual([]);
  });

  it('cancel releases; a retry holds again, and is refused when the units went to someone else', async () => {
    const s = await stack(engine);
    const admin = await owner(s);
    await setStock(admin, KETTLE, 2);
    const o = await created(s, [{ id: KETTLE, quantity: 2 }]);
    const retried = await s.api.retry(o.orderId, o.orderToken);
    expect(retried.status).toBe(201);
    expect(await holdsOf(s, o.orderId)).toEqual([
      { attempt_no: 1, product_id: KETTLE, quantity: 2, status: 'released' },
      { attempt_no: 2, product_id: KETTLE, quantity: 2, status: 'held' },
    ]);
    expect(await counters(s, KETTLE)).toEqual({ stock: 2, reserved: 2 });

    expect((await s.api.cancel(o.orderId, o.orderToken)).status).toBe(200);
    expect((await holdsOf(s, o.orderId)).map((h) => h.status)).toEqual(['released', 'released']);
    expect(await counters(s, KETTLE)).toEqual({ stock: 2, reserved: 0 });

    const other = await created(s, [{ id: KETTLE, quantity: 2 }], '198.51.100.30');
    const late = await s.api.retry(o.orderId, o.orderToken);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('insufficient_stock');
    expect((await s.sql.order(o.orderId)).status).toBe('cancelled');
    expect(await s.sql.attempts(o.orderId)).toHaveLength(2);
    expect(await counters(s, KETTLE)).toEqual({ stock: 2, reserved: 2 });
    expect((await holdsOf(s, other.orderId))[0]?.status).toBe('held');
  });

  it('a payment after its hold was released, with the stock gone, is paid and flagged oversold', async () => {
    const s = await stack(engine);
    const admin = await owner(s);
    await setStock(admin, KETTLE, 1);
    const first = await created(s, [{ id: KETTLE, quantity: 1 }]);
    const released = await admin.expect(
      HoldsReleased,
      'POST',
      `/api/admin/holds/${first.orderId}/1/release`,
      {},
    );
    expect(released).toEqual({ released: 1 });
    const again = await admin.call('POST', `/api/admin/holds/${first.orderId}/1/release`, {});
    expect(again.status).toBe(404);

    const second = await created(s, [{ id: KETTLE, quantity: 1 }], '198.51.100.40');
    await s.control.pay(second.sessionId);
    await orderReaches(s, second.orderId, 'paid');
    expect(await counters(s, KETTLE)).toEqual({ stock: 0, reserved: 0 });

    // The first customer still had its payment page open, and pays.
    await s.control.pay(first.sessionId);
    const paid = await orderReaches(s, first.orderId, 'paid');
    expect(paid.flags).toEqual(['oversold']);
    expect((await s.sql.order(second.orderId)).flags).toEqual([]);
    expect(await counters(s, KETTLE)).toEqual({ stock: 0, reserved: 0 }); // never negative
  });

  it('the reconciler releases a hold whose release was missed', async () => {
    const s = await stack(engine);
    const admin = await owner(s);
    await setStock(admin, KETTLE, 3);
    const o = await created(s, [{ id: KETTLE, quantity: 2 }]);
    const open = await created(s, [{ id: KETTLE, quantity: 1 }], '198.51.100.50');
    // The attempt ended without its release (a bug, an old version, a hand edit), long ago.
    await s.db.database.db.execute(
      sql`update checkout_attempts set status = 'expired', watch = 'done' where order_id = ${o.orderId}`,
    );
    await s.db.database.db.execute(
      sql`update stock_reservations set expires_at = now() - interval '1 hour' where order_id = ${o.orderId}`,
    );
    const report = await s.store.app.get(Reconciler).runOnce();
    expect(report?.stockReleased).toBe(1);
    expect(await counters(s, KETTLE)).toEqual({ stock: 3, reserved: 1 });
    expect((await holdsOf(s, o.orderId))[0]?.status).toBe('released');
    expect((await holdsOf(s, open.orderId))[0]?.status).toBe('held'); // still payable: kept
  });

  it('caps hoarding: one client cannot hold the whole stock, and a real customer still buys', async () => {
    const s = await stack(engine);
    const admin = await owner(s);
    await setStock(admin, KETTLE, 30);
    const hoarder = '192.0.2.66';
    const tooBig = await checkout(s, [{ id: KETTLE, quantity: MAX_HELD_UNITS_PER_CHECKOUT + 1 }], hoarder);
    expect(tooBig.status).toBe(409);
    expect(tooBig.body.error).toMatchObject({ code: 'hold_limit_reached', details: { scope: 'checkout' } });

    // The attack: checkouts for all the stock, never paid.
    const results = [];
    for (let i = 0; i < 3; i += 1) {
      results.push(await checkout(s, [{ id: KETTLE, quantity: MAX_HELD_UNITS_PER_CHECKOUT }], hoarder));
    }
    expect(results.map((r) => r.status)).toEqual([201, 201, 409]);
    expect(results[2]!.body.error).toMatchObject({
      code: 'hold_limit_reached',
      details: { scope: 'client', limit: MAX_HELD_UNITS_PER_CLIENT, held: 20 },
    });
    expect(await s.sql.count('orders')).toBe(2);
    expect(await counters(s, KETTLE)).toEqual({ stock: 30, reserved: MAX_HELD_UNITS_PER_CLIENT });

    // The owner sees who holds what (one opaque key for the hoarder).
    const holds = (await admin.expect(AdminHoldList, 'GET', '/api/admin/holds')).holds;
    expect(holds).toHaveLength(2);
    expect(new Set(holds.map((h) => h.holder)).size).toBe(1);
    expect(holds[0]!.holder).not.toContain('192.0.2');

    const customer = await created(s, [{ id: KETTLE, quantity: 3 }], '198.51.100.77');
    await s.control.pay(customer.sessionId);
    await orderReaches(s, customer.orderId, 'paid');
    expect(await counters(s, KETTLE)).toEqual({ stock: 27, reserved: MAX_HELD_UNITS_PER_CLIENT });
  });
});

describe.runIf(ENGINES.includes('postgres'))('no oversell under concurrency, on PostgreSQL', () => {
  it('12 buyers for the last 3 units: exactly 3 checkouts, 9 refused, nothing written for them', async () => {
    const s = await stack('postgres');
    await setStock(await owner(s), KETTLE, 3);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => checkout(s, [{ id: KETTLE, quantity: 1 }], `198.51.100.${i + 1}`)),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(9);
    for (const r of refused) expect(r.body.error.code).toBe('insufficient_stock');
    expect(await s.sql.count('orders')).toBe(3);
    expect(await s.sql.count('checkout_attempts')).toBe(3);
    expect(await sessionsAtStripe(s)).toBe(3);
    expect(await counters(s, KETTLE)).toEqual({ stock: 3, reserved: 3 });
  });

  it('the same across two server instances on one database', async () => {
    const s = await stack('postgres');
    await setStock(await owner(s), KETTLE, 3);
    const second = await startStack({ engine: 'postgres', db: s.db, env: { TRUST_PROXY: '1' } });
    try {
      const bases = [s.store.baseUrl, second.store.baseUrl];
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          checkout(bases[i % 2]!, [{ id: KETTLE, quantity: 1 }], `198.51.100.${i + 1}`),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(3);
      expect(
        results.filter((r) => r.status === 409 && r.body.error.code === 'insufficient_stock'),
      ).toHaveLength(9);
      expect(await s.sql.count('orders')).toBe(3);
      expect((await sessionsAtStripe(s)) + (await sessionsAtStripe(second))).toBe(3);
      expect(await counters(s, KETTLE)).toEqual({ stock: 3, reserved: 3 });
    } finally {
      await second.close();
    }
  });
});
