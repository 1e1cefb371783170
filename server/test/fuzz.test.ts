import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/database.js';
import { closeTemplate } from './support/databases.js';
import { ADMIN, ADMIN_ENV, AdminClient } from './support/admin.js';
import { capturedLogger, leakedSecrets } from './support/log-capture.js';
import { PRODUCTS, type Stack, TEST_SECRET_KEY, orderReaches, startStack } from './support/stack.js';

/**
 * Bad input never hurts: thousands of generated malformed requests to the webhook, the checkout and the
 * order endpoints must each get a 4xx in the error shape, and leave the database exactly as it was.
 * Seeded, so a failure replays: FUZZ_SEED=… npm run test:fuzz.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const COUNT = Number(process.env.FUZZ_COUNT ?? 5000);

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}

interface FuzzRequest {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

let s: Stack;
let paidOrder: { orderId: string; orderToken: string; sessionId: string };
let pendingOrder: { orderId: string; orderToken: string; sessionId: string };
let completedEvent: Record<string, unknown>;

const logs = capturedLogger();
let adminCookie = '';

beforeAll(async () => {
  s = await startStack({ engine: 'pglite', logger: logs.logger, env: ADMIN_ENV });
  const admin = new AdminClient(s.store.baseUrl);
  await admin.login();
  adminCookie = admin.cookie ?? '';
  paidOrder = await s.api.order([{ id: PRODUCTS[0]!.id, quantity: 1 }]);
  pendingOrder = await s.api.order([{ id: PRODUCTS[1]!.id, quantity: 2 }]);
  await s.control.pay(paidOrder.sessionId);
  await orderReaches(s, paidOrder.orderId, 'paid');
  completedEvent = (await s.control.events(paidOrder.sessionId)).find(
    (e) => e.type === 'checkout.session.completed',
  )!;
}, 120_000);

afterAll(async () => {
  await s?.close();
  await closeTemplate();
});

async function snapshot() {
  const db = s.db.database.db;
  const [counts] = await queryRows<Record<string, number>>(
    db,
    sql`select (select count(*) from orders)::int as orders,
               (select count(*) from checkout_attempts)::int as attempts,
               (select count(*) from order_events)::int as history,
               (select count(*) from stripe_events)::int as events,
               (select count(*) from admin_sessions)::int as sessions`,
  );
  const orders = await queryRows<{ id: string; status: string; version: number }>(
    db,
    sql`select id, status, version from orders order by id`,
  );
  return { counts, orders };
}

function sign(
  payload: string | Buffer,
  timestamp = Math.floor(Date.now() / 1000),
  secret = s.webhookSecret,
): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(payload).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

function webhookCases(r: ReturnType<typeof prng>): FuzzRequest {
  const valid = JSON.stringify(completedEvent);
  const now = Math.floor(Date.now() / 1000);
  const json = (body: string, headers: Record<string, string>) => ({
    name: '',
    method: 'POST',
    path: '/api/payments/webhook',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const wrongShapes: unknown[] = [
    null,
    [],
    'event',
    42,
    {},
    { id: 'evt_x' },
    { id: 12, type: 'checkout.session.completed', created: now, data: { object: {} } },
    { id: 'evt_fuzz', type: 'checkout.session.completed', created: 'yesterday', data: { object: {} } },
    { id: 'evt_fuzz', type: 'checkout.session.completed', created: now, data: 'object' },
    { id: 'evt_fuzz', type: 'checkout.session.completed', created: now, data: { object: [] } },
    {
      id: 'evt_fuzz',
      type: 'checkout.session.completed',
      created: now,
      data: { object: { object: 'charge' } },
    },
    {
      id: 'evt_fuzz',
      type: 'checkout.session.completed',
      created: now,
      data: { object: { object: 'checkout.session', id: 'cs_1' } },
    },
    {
      id: 'evt_fuzz',
      type: 'charge.refunded',
      created: now,
      data: { object: { object: 'charge', id: 'ch_1' } },
    },
    { id: 'evt_fuzz', type: 'payment_intent.payment_failed', created: now, data: { object: { id: 'pi_1' } } },
    { id: 'not-an-event-id', type: 'checkout.session.completed', created: now, data: { object: {} } },
    { ...completedEvent, id: `evt_${'x'.repeat(300)}` },
    { ...completedEvent, type: '' },
    {
      __proto__: { polluted: true },
      id: 'evt_proto',
      type: 'checkout.session.expired',
      created: now,
      data: { object: {} },
    },
  ];
  switch (r.int(14)) {
    case 0:
      return json(valid, {});
    case 1:
      return json(valid, { 'stripe-signature': sign(valid, now, 'whsec_wrongsecret') });
    case 2:
      return json(valid, { 'stripe-signature': sign(valid, now - 301 - r.int(100_000)) });
    case 3:
      return json(valid, { 'stripe-signature': sign(valid, now + 301 + r.int(100_000)) });
    case 4: {
      const cut = r.int(valid.length - 1) + 1;
      return json(valid.slice(0, cut), { 'stripe-signature': sign(valid) });
    }
    case 5: {
      const body = valid.slice(0, r.int(valid.length));
      return json(body, { 'stripe-signature': sign(body) }); // signed, but truncated JSON
    }
    case 6: {
      const bytes = Buffer.from(Array.from({ length: 1 + r.int(400) }, () => r.int(256)));
      return { ...json('', { 'stripe-signature': sign(bytes) }), body: bytes };
    }
    case 7: {
      const header = r.pick([
        '',
        't=',
        'v1=',
        `t=${now}`,
        `v1=${'0'.repeat(64)}`,
        `t=${now},v1=`,
        `t=${now},t=${now - 5},v1=${'f'.repeat(64)}`,
        `t=${now},v1=${'z'.repeat(64)},v0=abc`,
        sign(valid).replace(/t=\d+,/, 't=abc,'),
        'garbage',
        ','.repeat(50),
        `t=${now},v1=${sign(valid).split('v1=')[1]!.slice(0, 63)}`,
      ]);
      return json(valid, { 'stripe-signature': header });
    }
    case 8: {
      const body = JSON.stringify(r.pick(wrongShapes));
      return json(body, { 'stripe-signature': sign(body) });
    }
    case 9: {
      const body = valid;
      const type = r.pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        '',
        'application/json; charset=latin1',
      ]);
      return {
        ...json(body, { 'stripe-signature': sign(valid, now, 'whsec_nope') }),
        headers: { 'content-type': type, 'stripe-signature': sign(valid, now, 'whsec_nope') },
      };
    }
    case 10: {
      const size = r.pick([1_100_000, 2_000_000]);
      const body = Buffer.alloc(size, 'a');
      return { ...json('', { 'stripe-signature': sign(body) }), body };
    }
    case 11: {
      const body = Buffer.concat([
        Buffer.from(valid.slice(0, 50)),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
        Buffer.from(valid.slice(50)),
      ]);
      return { ...json('', { 'stripe-signature': sign(body) }), body };
    }
    case 12: {
      // A valid envelope whose session claims one of our orders with a nonsense attempt number.
      const event = structuredClone(completedEvent) as {
        id: string;
        data: { object: Record<string, unknown> };
      };
      event.id = `evt_fuzzattempt${r.int(1e9)}`;
      event.data.object.metadata = {
        order_id: r.pick(['ord_', 'x', '', 'ord_!!', pendingOrder.orderId.toLowerCase()]),
        attempt_no: r.pick(['0', '-1', 'abc', '1e3', '']),
      };
      event.data.object.id = `cs_test_fuzz${r.int(1e9)}`;
      event.data.object.client_reference_id = null;
      event.data.object.payment_status = r.pick(['paid ', 'PAID', '', 'maybe']);
      const body = JSON.stringify(event);
      return json(body, { 'stripe-signature': sign(body) });
    }
    default: {
      const body = JSON.stringify({
        ...completedEvent,
        data: { object: { object: 'checkout.session', id: 42 } },
      });
      return json(body, { 'stripe-signature': sign(body) });
    }
  }
}

function checkoutCases(r: ReturnType<typeof prng>): FuzzRequest {
  const junk = () =>
    r.pick<unknown>([
      null,
      true,
      0,
      -1,
      1.5,
      Number.MAX_VALUE,
      '1',
      'x'.repeat(r.int(2000)),
      [],
      {},
      [1, 2],
      { $gt: 0 },
      '__proto__',
      NaN,
    ]);
  const ids = [
    PRODUCTS[0]!.id,
    'prod_nope',
    '',
    ' ',
    '../etc',
    'prod_\u0000',
    '💥',
    PRODUCTS[2]!.id.toUpperCase(),
    'constructor',
  ];
  const item = () =>
    r.pick<unknown>([
      { id: r.pick(ids), quantity: r.pick([0, -5, 100, 1e9, 2.5, '3', null]) },
      { id: junk(), quantity: 1 },
      { id: PRODUCTS[0]!.id, quantity: junk() },
      { id: 'prod_nope', quantity: 1 },
      { quantity: 1 },
      { id: PRODUCTS[0]!.id },
      junk(),
    ]);
  let body: string;
  switch (r.int(8)) {
    case 0:
      body = JSON.stringify({ items: Array.from({ length: 1 + r.int(5) }, item) });
      break;
    case 1:
      body = JSON.stringify({ items: junk() });
      break;
    case 2:
      body = JSON.stringify({
        items: [{ id: PRODUCTS[0]!.id, quantity: 1 }],
        email: r.pick<unknown>(['x', '@', 'a@', 'a b@c.d', 7, true, {}, ['a@b.co'], 'a@b.c'.repeat(100)]),
      });
      break;
    case 3:
      body = `{"items":[{"id":"${PRODUCTS[0]!.id}","quantity":1}],"__proto__":{"items":5},"constructor":{"prototype":{"x":1}},"email":${JSON.stringify(r.pick(['nope', 7]))}}`;
      break;
    case 4:
      body = JSON.stringify({
        items: Array.from({ length: 51 + r.int(2000) }, () => ({ id: PRODUCTS[0]!.id, quantity: 1 })),
      });
      break;
    case 5:
      body = r.pick([
        '',
        '{',
        '{"items":',
        'null',
        '[]',
        '"x"',
        '{"items":[{"id":"a","quantity":1}]',
        '\u0000',
      ]);
      break;
    case 6:
      body = JSON.stringify({
        items: Array.from({ length: 30 }, () => ({ id: PRODUCTS[0]!.id, quantity: 9 })),
      }); // merged over 99
      break;
    default:
      body = JSON.stringify(junk());
  }
  return {
    name: '',
    method: 'POST',
    path: '/api/payments/create-checkout-session',
    headers: {
      'content-type': r.pick([
        'application/json',
        'application/json',
        'text/plain',
        'application/json; charset=utf-8',
      ]),
    },
    body,
  };
}

function orderCases(r: ReturnType<typeof prng>): FuzzRequest {
  const badIds = [
    'x',
    'ord_',
    'ord_../../etc/passwd',
    encodeURIComponent('ord_\u0000'),
    'ord_' + 'A'.repeat(500),
    "ord_1' or '1'='1",
    '%2e%2e%2f',
    pendingOrder.orderId.toLowerCase(),
    paidOrder.orderId.slice(0, -1),
    encodeURIComponent('💥'),
  ];
  const tokens = [
    '',
    'otk_',
    'otk_' + 'a'.repeat(43),
    paidOrder.orderToken.slice(0, -2),
    'x'.repeat(4000),
    `${pendingOrder.orderToken}x`,
    'null',
  ];
  const id = r.next() < 0.5 ? r.pick(badIds) : r.pick([pendingOrder.orderId, paidOrder.orderId]);
  const token = r.next() < 0.5 && id !== pendingOrder.orderId ? pendingOrder.orderToken : r.pick(tokens);
  const route = r.pick([
    ['GET', `/api/orders/${id}`],
    ['POST', `/api/orders/${id}/retry-session`],
    ['POST', `/api/orders/${id}/cancel`],
    [
      'GET',
      `/api/orders/by-session/${r.pick(['cs_', 'cs_test_x', 'x', encodeURIComponent('cs_test_\u0000'), 'cs_' + 'a'.repeat(300), `${pendingOrder.sessionId}x`])}`,
    ],
  ] as const);
  return {
    name: '',
    method: route[0],
    path: route[1],
    headers: token === '' ? {} : { 'x-order-token': token },
  };
}

describe('bad input', () => {
  it(`${COUNT} malformed requests: never a 5xx, always the error shape, never a change`, async () => {
    const before = await snapshot();
    const r = prng(SEED);
    const statuses = new Map<string, number>();
    let sent = 0;
    const failures: string[] = [];
    const batch: Promise<void>[] = [];
    for (let i = 0; i < COUNT; i += 1) {
      const family = i % 5 < 2 ? 'webhook' : i % 5 < 4 ? 'checkout' : 'orders';
      const req =
        family === 'webhook' ? webhookCases(r) : family === 'checkout' ? checkoutCases(r) : orderCases(r);
      batch.push(
        (async () => {
          const res = await fetch(`${s.store.baseUrl}${req.path}`, {
            method: req.method,
            headers: req.headers,
            ...(req.body !== undefined ? { body: req.body } : {}),
          });
          const text = await res.text();
          sent += 1;
          const key = `${family} ${res.status}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          let shapeOk = false;
          try {
            const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
            shapeOk = typeof body.error?.code === 'string' && typeof body.error.message === 'string';
          } catch {
            // not JSON: shapeOk stays false
          }
          if (res.status < 400 || res.status >= 500 || !shapeOk) {
            failures.push(
              `${family} #${i} ${req.method} ${req.path.slice(0, 80)} ${JSON.stringify(req.headers).slice(0, 160)} → ${res.status} ${text.slice(0, 100)}`,
            );
          }
        })(),
      );
      if (batch.length >= 16) await Promise.all(batch.splice(0));
    }
    await Promise.all(batch);
    console.info(`fuzz seed ${SEED}: ${sent} requests`, Object.fromEntries([...statuses].sort()));
    expect(failures.slice(0, 20)).toEqual([]);
    expect(sent).toBe(COUNT);
    expect(await snapshot()).toEqual(before);
    // The store still works afterwards.
    expect((await s.api.bySession(pendingOrder.sessionId)).body.order.status).toBe('pending');
    // Every line it logged through all of that (debug level): not one secret of this run.
    expect(logs.text().length).toBeGreaterThan(100_000);
    expect(
      leakedSecrets(logs.text(), [
        paidOrder.orderToken,
        pendingOrder.orderToken,
        s.webhookSecret,
        TEST_SECRET_KEY,
        ADMIN.password,
        adminCookie.split('=')[1],
      ]),
    ).toEqual([]);
  }, 600_000);
});
