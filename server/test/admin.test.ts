import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openPglite, queryRows } from '../src/db/database.js';
import { ENGINES } from './support/databases.js';
import { AdminOrderDetail, Dashboard } from '@checkstand/contract';
import { ADMIN, AdminClient as BaseClient } from './support/admin.js';
import { PRODUCTS, orderReaches, stacksForEachTest } from './support/stack.js';

const stack = stacksForEachTest({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });

/** The admin client with this file's loose reply type (each test asserts the fields its route answers). */
class AdminClient extends BaseClient<Reply> {}

interface TimelineEvent {
  kind: string;
  source: string;
  toStatus: string | null;
  stripeEventId: string | null;
  stripeEvent: { id: string; type: string } | null;
}
interface OrderSummary {
  id: string;
  status: string;
  createdAt: string;
}
/** Every admin reply's fields in one type: each test asserts the ones its route answers with. */
type Reply = {
  error: { code: string; message: string };
  user: { email: string };
  refund: { id: string; amount: number };
  orders: OrderSummary[];
  nextCursor: string | null;
  order: { status: string };
  payments: { role: string; amount: number; refundable: number }[];
  money: { expected: number; received: number; refunded: number; net: number };
  attempts: unknown[];
  events: TimelineEvent[];
  deliveries: unknown[];
  byStatus: Record<string, number>;
  revenue: { today: Record<string, number>; last7Days: Record<string, number> };
  needsRefund: number;
  perDay: { date: string; byStatus: Record<string, number> }[];
};

const SECRET_MARKERS = [
  'access_token_hash',
  'accessTokenHash',
  'otk_',
  'scrypt$',
  'password',
  'whsec_',
  'sk_test_',
];

describe('admin access', () => {
  it('answers 401 on every admin route without a session', async () => {
    const s = await stack();
    const anon = new AdminClient(s.store.baseUrl);
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/admin/me'],
      ['GET', '/api/admin/dashboard'],
      ['GET', '/api/admin/orders'],
      ['GET', '/api/admin/orders.csv'],
      ['GET', '/api/admin/orders/ord_01AAAAAAAAAAAAAAAAAAAAAAAA'],
      ['POST', '/api/admin/logout', {}],
      ['POST', '/api/admin/orders/ord_01AAAAAAAAAAAAAAAAAAAAAAAA/sync', {}],
      [
        'POST',
        '/api/admin/orders/ord_01AAAAAAAAAAAAAAAAAAAAAAAA/refund',
        { amount: 1, idempotencyKey: 'abcdefgh' },
      ],
    ];
    for (const [method, route, body] of routes) {
      const res = await anon.call(method, route, body);
      expect(res.status, `${method} ${route}`).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
    anon.cookie = 'checkstand_admin=forged-token';
    expect((await anon.call('GET', '/api/admin/me')).status).toBe(401);
  });

  it('logs in with an httpOnly SameSite=Strict cookie, and logs out', async () => {
    const s = await stack();
    const admin = new AdminClient(s.store.baseUrl);
    const wrong = await admin.login(ADMIN.email, 'wrong password here');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const unknown = await admin.login('nobody@shop.example', ADMIN.password);
    expect(unknown.body.error).toEqual(wrong.body.error); // no hint whether the account exists

    const ok = await admin.login(ADMIN.email.toUpperCase(), ADMIN.password);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ user: { email: ADMIN.email } });
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^checkstand_admin=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/admin/);
    expect(cookie).not.toMatch(/Secure/); // plain-HTTP test origin; Secure in production
    expect((await admin.call('GET', '/api/admin/me')).body).toEqual({ user: { email: ADMIN.email } });

    const stolen = admin.cookie;
    expect((await admin.call('POST', '/api/admin/logout', {})).status).toBe(204);
    admin.cookie = stolen; // the old cookie is dead server-side, not just cleared in the browser
    expect((await admin.call('GET', '/api/admin/me')).status).toBe(401);
  });

  it('rate-limits failed logins per email and per IP (429 with Retry-After)', async () => {
    const s = await stack();
    const admin = new AdminClient(s.store.baseUrl);
    for (let i = 0; i < 5; i += 1) expect((await admin.login(ADMIN.email, `nope-${i}`)).status).toBe(401);
    const blocked = await admin.login(ADMIN.email, ADMIN.password);
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);

    // Spraying other accounts from one address stops at the per-address budget: 20 attempts, the 6 above included
    // (attempts are counted before the password is checked, refused ones too).
    const statuses = [];
    for (let i = 0; i < 16; i += 1)
      statuses.push((await admin.login(`user${i}@shop.example`, 'guess')).status);
    expect(statuses.slice(0, 14).every((st) => st === 401)).toBe(true);
    expect(statuses.slice(14)).toEqual([429, 429]);
  });

  it('expires an idle session and requires JSON for changes', async () => {
    const s = await stack();
    const admin = new AdminClient(s.store.baseUrl);
    await admin.login();
    const form = await admin.call('POST', '/api/admin/logout', undefined, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe('json_required');
    await s.db.database.db.execute(sql`update admin_sessions set expires_at = now() - interval '1 second'`);
    expect((await admin.call('GET', '/api/admin/me')).status).toBe(401);
  });
});

describe.each(ENGINES)('admin orders on %s', (engine) => {
  it('shows the whole payment story, refunds partially then fully, and never leaks a secret', async () => {
    const s = await stack(engine);
    const admin = new AdminClient(s.store.baseUrl);
    await admin.login();
    const { orderId, orderToken, sessionId } = await s.api.order(
      [{ id: PRODUCTS[1]!.id, quantity: 2 }],
      'buyer@shop.example',
    );
    await s.control.pay(sessionId);
    await orderReaches(s, orderId, 'paid');

    const list = await admin.call('GET', '/api/admin/orders');
    expect(list.body.orders[0]).toMatchObject({
      id: orderId,
      status: 'paid',
      customerEmail: 'buyer@shop.example',
      total: PRODUCTS[1]!.unitAmount * 2,
      sessionId,
      paymentIntentId: expect.stringMatching(/^pi_/),
    });
    const detail = await admin.call('GET', `/api/admin/orders/${orderId}`);
    expect(detail.status).toBe(200);
    // The reply is exactly the contract's.
    AdminOrderDetail.parse(detail.body);
    expect(detail.body.payments).toEqual([
      expect.objectContaining({
        role: 'primary',
        amount: PRODUCTS[1]!.unitAmount * 2,
        refundable: PRODUCTS[1]!.unitAmount * 2,
      }),
    ]);
    expect(detail.body.attempts).toEqual([
      expect.objectContaining({ attemptNo: 1, sessionId, status: 'complete', current: true }),
    ]);
    expect(detail.body.events.map((e) => e.kind)).toEqual([
      'order_created',
      'checkout_session_created',
      'checkout.session.completed',
    ]);
    const completed = detail.body.events[2]!;
    expect(completed).toMatchObject({
      source: 'webhook',
      fromStatus: 'pending',
      toStatus: 'paid',
      outcome: 'applied',
    });
    expect(completed.stripeEvent).toMatchObject({
      id: completed.stripeEventId,
      type: 'checkout.session.completed',
    });
    expect(detail.body.deliveries).toContainEqual(
      expect.objectContaining({
        eventId: completed.stripeEventId,
        result: 'accepted',
        httpStatus: 200,
        signatureOk: true,
      }),
    );

    const total = PRODUCTS[1]!.unitAmount * 2;
    const tooMuch = await admin.call('POST', `/api/admin/orders/${orderId}/refund`, {
      amount: total + 1,
      idempotencyKey: 'refund-too-much',
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.code).toBe('refund_exceeds_remaining');
    const partial = await admin.call('POST', `/api/admin/orders/${orderId}/refund`, {
      amount: 1000,
      idempotencyKey: 'refund-one-aaaa',
    });
    expect(partial.status).toBe(201);
    const replay = await admin.call('POST', `/api/admin/orders/${orderId}/refund`, {
      amount: 1000,
      idempotencyKey: 'refund-one-aaaa',
    });
    expect(replay.body.refund.id).toBe(partial.body.refund.id); // a double submit is one refund
    await orderReaches(s, orderId, 'partially_refunded');
    const rest = await admin.call('POST', `/api/admin/orders/${orderId}/refund`, {
      amount: total - 1000,
      idempotencyKey: 'refund-two-bbbb',
    });
    expect(rest.status).toBe(201);
    const refunded = await orderReaches(s, orderId, 'refunded');
    expect(refunded.amount_refunded).toBe(total);
    const timeline = (await admin.call('GET', `/api/admin/orders/${orderId}`)).body.events;
    // Stripe's answer to each request is the refund as it stands (succeeded): it moves the order at once. The
    // refund's events may come first (they race the answer); either way each move is written exactly once.
    const refundEntries = timeline.filter((e) =>
      ['refund_requested', 'charge.refunded', 'refund.created', 'refund.updated'].includes(e.kind),
    );
    expect(refundEntries.filter((e) => e.kind === 'refund_requested')).toHaveLength(3);
    expect(refundEntries.filter((e) => e.toStatus !== null).map((e) => e.toStatus)).toEqual([
      'partially_refunded',
      'refunded',
    ]);

    for (const route of [
      '/api/admin/orders',
      `/api/admin/orders/${orderId}`,
      '/api/admin/dashboard',
      '/api/admin/me',
      '/api/admin/orders.csv',
    ]) {
      const text = (await admin.call('GET', route)).text;
      for (const marker of [...SECRET_MARKERS, orderToken])
        expect(text, `${route} leaks ${marker}`).not.toContain(marker);
    }
  });

  it('syncs an order from Stripe when its webhooks are held back', async () => {
    const s = await stack(engine);
    const admin = new AdminClient(s.store.baseUrl);
    await admin.login();
    const { orderId, sessionId } = await s.api.order();
    await s.control.chaos({ paused: true });
    await s.control.pay(sessionId);
    const synced = await admin.call('POST', `/api/admin/orders/${orderId}/sync`, {});
    expect(synced.status).toBe(200);
    expect(synced.body.order.status).toBe('paid');
    // The transition is the synced session's row; the admin's own row says who asked, and changes nothing.
    expect(synced.body.events.at(-1)).toMatchObject({
      source: 'admin',
      kind: 'admin_sync',
      toStatus: null,
      detail: expect.objectContaining({ statusBefore: 'pending', by: ADMIN.email }),
    });
    expect(synced.body.events.find((e) => e.kind === 'session_synced')).toMatchObject({
      source: 'admin',
      toStatus: 'paid',
    });
    await s.control.chaos({ paused: false });
  });

  it('summarises the shop on the dashboard', async () => {
    const s = await stack(engine);
    const admin = new AdminClient(s.store.baseUrl);
    await admin.login();
    const paid = await s.api.order([{ id: PRODUCTS[0]!.id, quantity: 1 }]);
    const failed = await s.api.order();
    await s.control.pay(paid.sessionId);
    await s.control.pay(failed.sessionId, '4000000000000002');
    await orderReaches(s, paid.orderId, 'paid');
    await orderReaches(s, failed.orderId, 'failed');
    const dashboard = Dashboard.parse((await admin.call('GET', '/api/admin/dashboard')).body);
    expect(dashboard.byStatus).toMatchObject({ paid: 1, failed: 1, pending: 0, payment_mismatch: 0 });
    expect(dashboard.revenue.today).toEqual({ usd: PRODUCTS[0]!.unitAmount });
    expect(dashboard.revenue.last7Days).toEqual({ usd: PRODUCTS[0]!.unitAmount });
    expect(dashboard.needsRefund).toBe(0);
    expect(dashboard.watch).toMatchObject({ size: 1, lost: 0 }); // the declined session is still open
    expect(dashboard.perDay).toHaveLength(14);
    expect(dashboard.perDay.at(-1)).toEqual({
      date: new Date().toISOString().slice(0, 10),
      byStatus: { paid: 1, failed: 1 },
    });
  });
});

describe.runIf(ENGINES.includes('postgres'))(
  'admin search and filters on PostgreSQL with realistic data',
  () => {
    it('filters by status and dates, finds by id, session, payment intent and email, and pages without gaps', async () => {
      const s = await stack('postgres');
      const admin = new AdminClient(s.store.baseUrl);
      await admin.login();
      // 3,000 orders over 30 days, in every status, with their attempts.
      await s.db.database.db.execute(sql`
      insert into orders (id, status, currency, total_amount, items, customer_email, access_token_hash,
                          current_attempt_no, current_session_id, payment_intent_id, amount_received, created_at, updated_at)
      select 'ord_seed' || lpad(g::text, 8, '0'),
             (array['pending','processing','paid','failed','cancelled','expired','partially_refunded','refunded'])[1 + g % 8],
             'usd', 1000 + g, '[]'::jsonb,
             case when g % 10 = 0 then null else 'customer' || g || '@example.' || (array['com','org'])[1 + g % 2] end,
             md5(g::text), 1, 'cs_test_seed' || g,
             case when g % 8 in (2, 6, 7) then 'pi_seed' || g end,
             case when g % 8 in (2, 6, 7) then 1000 + g end,
             timestamptz '2026-10-01T00:00:00Z' + (g * interval '14 minutes 24 seconds'),
             timestamptz '2026-10-01T00:00:00Z' + (g * interval '14 minutes 24 seconds')
      from generate_series(1, 3000) g`);
      await s.db.database.db.execute(sql`
      insert into checkout_attempts (order_id, attempt_no, session_id, status, expires_at, idempotency_key, created_at)
      select id, 1, current_session_id, 'complete', created_at + interval '1 hour', 'order:' || id || ':attempt:1', created_at from orders`);

      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await admin.call(
          'GET',
          `/api/admin/orders?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.status).toBe(200);
        all.push(...page.body.orders.map((o) => o.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(all).toHaveLength(3000);
      expect(new Set(all).size).toBe(3000);
      expect(all[0]).toBe('ord_seed00003000'); // newest first
      expect(all.at(-1)).toBe('ord_seed00000001');

      const failedOrExpired = await admin.call('GET', '/api/admin/orders?status=failed,expired&limit=100');
      expect(failedOrExpired.body.orders.every((o) => ['failed', 'expired'].includes(o.status))).toBe(true);
      expect(failedOrExpired.body.orders).toHaveLength(100);

      const day = await admin.call('GET', '/api/admin/orders?from=2026-10-10&to=2026-10-10&limit=100');
      expect(day.body.orders).toHaveLength(100);
      expect(day.body.orders.every((o) => o.createdAt.startsWith('2026-10-10'))).toBe(true);

      const find = async (q: string) =>
        (await admin.call('GET', `/api/admin/orders?q=${encodeURIComponent(q)}`)).body.orders.map(
          (o) => o.id,
        );
      expect(await find('ord_seed00001234')).toEqual(['ord_seed00001234']);
      expect(await find('cs_test_seed1234')).toEqual(['ord_seed00001234']);
      expect(await find('pi_seed1234')).toEqual(['ord_seed00001234']);
      expect(await find('CUSTOMER1234@EXAMPLE.COM')).toEqual(['ord_seed00001234']);
      expect(await find('customer123')).toEqual(
        expect.arrayContaining(['ord_seed00000123', 'ord_seed00001234', 'ord_seed00001239']),
      );
      expect(await find('customer1%')).toEqual([]); // a % is a character, not a wildcard
      expect((await admin.call('GET', '/api/admin/orders?status=shipped')).body.error.code).toBe(
        'invalid_query',
      );
      expect((await admin.call('GET', '/api/admin/orders?cursor=garbage')).status).toBe(400);

      const csv = await admin.call('GET', '/api/admin/orders.csv?status=paid');
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).toMatch(/^order_id,created_at,status,/);
      expect(lines).toHaveLength(1 + 375);
    });
  },
);

describe('npm run admin:create', () => {
  it('creates an account from a piped password, which can then log in', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkstand-admin-'));
    try {
      const run = (input: string) =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          const child = spawn(
            process.execPath,
            [
              '--import',
              '@swc-node/register/esm-register',
              'src/cli/admin-create.ts',
              '--email',
              'cli@shop.example',
            ],
            {
              cwd: path.resolve(import.meta.dirname, '..'),
              env: { PATH: process.env.PATH, DATA_DIR: dataDir },
            },
          );
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.stderr.on('data', (d: Buffer) => (out += d.toString()));
          child.on('exit', (code) => resolve({ code, out }));
          child.stdin.end(input);
        });
      expect(await run('short\nshort\n')).toMatchObject({
        code: 1,
        out: expect.stringContaining('at least 12 characters'),
      });
      expect(await run('a much longer passphrase\nanother passphrase!\n')).toMatchObject({
        code: 1,
        out: expect.stringContaining('differ'),
      });
      expect(await run('a much longer passphrase\na much longer passphrase\n')).toMatchObject({
        code: 0,
        out: expect.stringContaining('Admin cli@shop.example created'),
      });
      const { verifyPassword } = await import('../src/modules/admin/password.js');
      const database = await openPglite(dataDir);
      try {
        const rows = await queryRows<{ password_hash: string }>(
          database.db,
          sql`select password_hash from admin_users where email = 'cli@shop.example'`,
        );
        expect(await verifyPassword('a much longer passphrase', rows[0]!.password_hash)).toBe(true);
      } finally {
        await database.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
