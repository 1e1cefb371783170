import { randomBytes, scryptSync } from 'node:crypto';
import { AdminOrdersPage, ErrorBody, PublicOrder } from '@checkstand/contract';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/database.js';
import { Reconciler } from '../src/modules/payments/reconcile/reconciler.service.js';
import { Retention } from '../src/modules/retention/retention.service.js';
import { ADMIN, ADMIN_ENV, AdminClient } from './support/admin.js';
import { ENGINES, readyDatabase } from './support/databases.js';
import { capturedLogger, leakedSecrets } from './support/log-capture.js';
import { eventually } from './support/net.js';
import { PRODUCTS, type Stack, orderReaches, stacksForEachTest, startStack } from './support/stack.js';

/**
 * Tried as an attacker and an operator would (issue "Hardening"): each test is a way the store could be turned
 * against its owner or its data, reproduced over the real HTTP server.
 */
const stack = stacksForEachTest({ env: ADMIN_ENV });

/** A client behind the load balancer, as the store sees it with `TRUST_PROXY=1`. */
const from = (address: string) => ({ 'x-forwarded-for': address });

async function login(s: Stack, password: string, address: string) {
  const admin = new AdminClient(s.store.baseUrl);
  const res = await admin.login(ADMIN.email, password, from(address));
  return res.status;
}

describe('login protection cannot be turned against the owner', () => {
  it('lets the owner in with the right password while someone else exhausts the guesses for the account', async () => {
    const s = await stack('pglite', { TRUST_PROXY: '1' });
    for (let i = 0; i < 5; i += 1) expect(await login(s, `wrong-${i}`, '203.0.113.66')).toBe(401);
    expect(await login(s, 'wrong-again', '203.0.113.66')).toBe(429);
    // The attacker is refused even with the right password; the owner, from elsewhere, is not.
    expect(await login(s, ADMIN.password, '203.0.113.66')).toBe(429);
    expect(await login(s, ADMIN.password, '198.51.100.7')).toBe(200);
  });

  it('evaluates at most the budget of forty parallel guesses', async () => {
    const s = await stack('pglite');
    const statuses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => new AdminClient(s.store.baseUrl).login(ADMIN.email, `guess-${i}`)),
    ).then((replies) => replies.map((r) => r.status));
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(35);
  });

  it('gives a failing client one guess per window while the account is under attack from many addresses', async () => {
    const s = await stack('pglite', { TRUST_PROXY: '1' });
    for (let i = 0; i < 10; i += 1) expect(await login(s, `spray-${i}`, `192.0.2.${i + 1}`)).toBe(401);
    // An address that already failed gets no second guess now; a fresh one is still heard (it may be the owner).
    expect(await login(s, 'spray-again', '192.0.2.1')).toBe(429);
    expect(await login(s, ADMIN.password, '192.0.2.200')).toBe(200);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says which proxies to believe', async () => {
    const s = await stack('pglite');
    for (let i = 0; i < 5; i += 1) expect(await login(s, `wrong-${i}`, `203.0.113.${i}`)).toBe(401);
    // Without TRUST_PROXY, every request above came from 127.0.0.1 whatever it claimed.
    expect(await login(s, 'wrong-5', '203.0.113.99')).toBe(429);
  });

  it.runIf(ENGINES.includes('postgres'))('shares the budget between instances (PostgreSQL)', async () => {
    const db = await readyDatabase('postgres');
    const first = await startStack({ engine: 'postgres', db, env: ADMIN_ENV });
    const second = await startStack({ engine: 'postgres', db, env: ADMIN_ENV });
    try {
      for (let i = 0; i < 3; i += 1) expect(await login(first, `a-${i}`, 'x')).toBe(401);
      for (let i = 0; i < 2; i += 1) expect(await login(second, `b-${i}`, 'x')).toBe(401);
      expect(await login(first, 'c', 'x')).toBe(429);
      expect(await login(second, 'd', 'x')).toBe(429);
    } finally {
      await first.close();
      await second.close();
      await db.dispose();
    }
  });
});

describe('anonymous bursts are refused', () => {
  it('creates at most the per-minute budget of checkouts for one client, each refusal a 429 with Retry-After and no Stripe call', async () => {
    const s = await stack('pglite', { RATE_LIMIT_CHECKOUTS_PER_MINUTE: '10' });
    const sessionsBefore = (await s.stripe.checkout.sessions.list({ limit: 100 })).data.length;
    const replies = await Promise.all(
      Array.from({ length: 60 }, () =>
        fetch(`${s.store.baseUrl}/api/payments/create-checkout-session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ items: [{ id: PRODUCTS[0]!.id, quantity: 1 }] }),
        }).then(async (res) => ({
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
          body: await res.json(),
        })),
      ),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = replies.filter((r) => r.status === 429);
    expect(refused).toHaveLength(50);
    for (const r of refused) {
      expect(ErrorBody.parse(r.body).error.code).toBe('too_many_requests');
      expect(Number(r.retryAfter)).toBeGreaterThan(0);
    }
    expect(await s.sql.count('orders')).toBe(10);
    expect((await s.stripe.checkout.sessions.list({ limit: 100 })).data.length - sessionsBefore).toBe(10);
  });

  it('keeps unsigned webhook bodies out of the orders they name and out of the tables, past a sample', async () => {
    const s = await stack('pglite');
    const { orderId, sessionId } = await s.api.order();
    await s.control.pay(sessionId);
    await orderReaches(s, orderId, 'paid');
    const forged = JSON.stringify({
      id: 'evt_forged',
      type: 'checkout.session.completed',
      data: { object: { id: sessionId, metadata: { order_id: orderId } } },
    });
    const replies = await Promise.all(
      Array.from({ length: 520 }, () => s.api.webhook(forged, { 'content-type': 'application/json' })),
    );
    expect(replies.every((r) => r.status === 400)).toBe(true);
    const rejected = await queryRows<{ n: number; filed: number }>(
      s.db.database.db,
      sql`select count(*)::int as n, count(order_id)::int as filed from webhook_deliveries where result = 'rejected'`,
    );
    expect(Number(rejected[0]?.n)).toBeLessThanOrEqual(30);
    expect(Number(rejected[0]?.filed)).toBe(0);
    const admin = new AdminClient<{ deliveries: { result: string }[] }>(s.store.baseUrl);
    await admin.login();
    const detail = await admin.call('GET', `/api/admin/orders/${orderId}`);
    expect(detail.body.deliveries.every((d) => d.result !== 'rejected')).toBe(true);
  });
});

describe('secrets stay secret', () => {
  it('never logs the order token of a checkout whose Stripe call failed, however deep it sits', async () => {
    const captured = capturedLogger();
    const s = await startStack({ engine: 'pglite', logger: captured.logger, env: ADMIN_ENV });
    try {
      await s.emulator.close(); // Stripe unreachable: 502 with the order's token, for this browser only
      const res = await s.api.checkout({ items: [{ id: PRODUCTS[0]!.id, quantity: 1 }] });
      expect(res.status).toBe(502);
      const token = (res.body.error.details as { orderToken: string }).orderToken;
      expect(token).toMatch(/^otk_/);
      await new Promise((r) => setTimeout(r, 50));
      expect(captured.text()).toContain('payment_provider_unavailable');
      expect(
        leakedSecrets(captured.text(), [token, s.webhookSecret, 'sk_test_checkstandtests', ADMIN.password]),
      ).toEqual([]);
    } finally {
      await s.store.close();
    }
  });

  it('tells the customer a card was declined, never that it was reported stolen; the owner sees the code', async () => {
    const s = await stack('pglite');
    const { orderId, orderToken, sessionId } = await s.api.order();
    await s.control.pay(sessionId, '4000000000009979'); // Stripe's "stolen card" test card
    const failed = await orderReaches(s, orderId, 'failed');
    expect(failed.status_reason).toBe('stolen_card');
    const view = PublicOrder.parse((await s.api.get(orderId, orderToken)).body.order);
    expect(view.statusReason).toBe('card_declined');
    const bySession = await s.api.bySession(sessionId);
    expect(JSON.stringify(bySession.body)).not.toContain('stolen');
  });
});

describe('exports and filters', () => {
  // On PostgreSQL: PGlite answers on the event loop, so the whole export is written before the client reads any.
  it.runIf(ENGINES.includes('postgres'))(
    'aborts a CSV export that fails half-way, so the download fails instead of ending short',
    async () => {
      const s = await stack('postgres');
      await s.db.database.db.execute(sql`
      insert into orders (id, status, currency, total_amount, items, access_token_hash, current_attempt_no)
      select 'ord_export' || lpad(g::text, 8, '0'), 'pending', 'usd', 1000, '[]'::jsonb, md5(g::text), 1
      from generate_series(1, 20000) g`);
      const admin = new AdminClient(s.store.baseUrl);
      await admin.login();
      const res = await fetch(`${s.store.baseUrl}/api/admin/orders.csv`, {
        headers: { cookie: admin.cookie! },
      });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      await reader.read(); // the header and the first page are on their way…
      // …and the next pages cannot be read (as if the database had gone away).
      await s.db.database.db.execute(sql`alter table orders rename to orders_unavailable`);
      let failed = false;
      try {
        for (;;) {
          const { done } = await reader.read();
          if (done) break;
        }
      } catch {
        failed = true;
      }
      expect(failed).toBe(true);
    },
  );

  it('lists each order once however often a status is repeated, and refuses an unknown one', async () => {
    const s = await stack('pglite');
    await s.api.order();
    const admin = new AdminClient(s.store.baseUrl);
    await admin.login();
    const list = await admin.expect(
      AdminOrdersPage,
      'GET',
      '/api/admin/orders?status=pending,pending,pending',
    );
    expect(list.orders).toHaveLength(1);
    const csv = await admin.call('GET', '/api/admin/orders.csv?status=pending,pending');
    expect(csv.text.trim().split('\n')).toHaveLength(2);
    expect((await admin.call('GET', '/api/admin/orders?status=pending,lost')).status).toBe(400);
  });
});

describe('operations', () => {
  it('reports a Stripe refusal of our own request (a bad key) as our failure, not as "try again later"', async () => {
    // The emulator refuses live keys (401), as Stripe refuses a revoked one.
    const s = await stack('pglite', { STRIPE_SECRET_KEY: 'sk_live_revokedkey' });
    const res = await s.api.checkout({ items: [{ id: PRODUCTS[0]!.id, quantity: 1 }] });
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('internal_error');
    expect(res.body.error.message).not.toMatch(/try again/i);
    // The order stays, for a retry once the key is fixed.
    expect((res.body.error.details as { orderId: string }).orderId).toMatch(/^ord_/);
  });

  it('upgrades a password hashed with weaker scrypt parameters at the next login, keeping the session', async () => {
    const s = await stack('pglite');
    const salt = randomBytes(16);
    const key = scryptSync(ADMIN.password, salt, 32, { N: 32_768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    const weak = ['scrypt', 32_768, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    await s.db.database.db.execute(sql`update admin_users set password_hash = ${weak}`);
    const admin = new AdminClient(s.store.baseUrl);
    expect((await admin.login()).status).toBe(200);
    const [upgraded] = await queryRows<{ password_hash: string }>(
      s.db.database.db,
      sql`select password_hash from admin_users`,
    );
    expect(upgraded?.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await admin.call('GET', '/api/admin/me')).status).toBe(200);
    expect((await new AdminClient(s.store.baseUrl).login()).status).toBe(200);
  });

  it('ends an admin session after its absolute lifetime, however active it is', async () => {
    const s = await stack('pglite', { ADMIN_SESSION_MAX_HOURS: '1' });
    const admin = new AdminClient(s.store.baseUrl);
    await admin.login();
    expect((await admin.call('GET', '/api/admin/me')).status).toBe(200);
    await s.db.database.db.execute(
      sql`update admin_sessions set created_at = now() - interval '2 hours', last_seen_at = now() - interval '2 minutes'`,
    );
    // The sliding extension never passes created_at + 1 h: the session has ended.
    await admin.call('GET', '/api/admin/me');
    expect((await admin.call('GET', '/api/admin/me')).status).toBe(401);
  });

  it('prunes old rejected deliveries, ended sessions and windows, and unpaid orders; never an order with money', async () => {
    const s = await stack('pglite');
    const paid = await s.api.order();
    await s.control.pay(paid.sessionId);
    await orderReaches(s, paid.orderId, 'paid');
    const abandoned = await s.api.order();
    await s.api.cancel(abandoned.orderId, abandoned.orderToken);
    await eventually(async () =>
      (await s.sql.attempts(abandoned.orderId)).every((a) => a.status === 'expired') ? true : undefined,
    );
    const db = s.db.database.db;
    await db.execute(sql`update checkout_attempts set watch = 'done'`);
    await db.execute(
      sql`update orders set updated_at = now() - interval '400 days', created_at = now() - interval '400 days'`,
    );
    await db.execute(sql`insert into webhook_deliveries (signature_ok, result, http_status, received_at)
      select false, 'rejected', 400, now() - interval '30 days' from generate_series(1, 1200)`);
    await db.execute(sql`insert into rate_limits (key, window_start, window_seconds, hits)
      values ('checkout:old', now() - interval '3 days', 60, 3)`);
    const pruned = await s.store.app.get(Retention).runOnce();
    expect(pruned).toMatchObject({ rejectedDeliveries: 1200, rateLimits: 1, unpaidOrders: 1 });
    expect((await s.sql.order(paid.orderId)).status).toBe('paid');
    await expect(s.sql.order(abandoned.orderId)).rejects.toThrow(/no order/);
    expect((await s.sql.history(paid.orderId)).length).toBeGreaterThan(0);
  });

  it.runIf(ENGINES.includes('postgres'))(
    'keeps the reconciler’s lock on its own connection: a dead holder frees it, a dead connection is replaced',
    async () => {
      const s = await stack('postgres');
      const reconciler = s.store.app.get(Reconciler);
      const other = new pg.Client({ connectionString: s.db.url });
      await other.connect();
      try {
        // Another instance holds the lock (or died holding it, until PostgreSQL notices): this one waits its turn.
        await other.query('select pg_advisory_lock(7240113002)');
        expect(await reconciler.runOnce()).toBeUndefined();
        await other.query('select pg_advisory_unlock(7240113002)');
        expect(await reconciler.runOnce()).toBeDefined();
        // The jobs' connection dies between passes: the next pass opens a new one and runs.
        const killed = await other.query(
          `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'checkstand-jobs' and datname = current_database()`,
        );
        expect(killed.rowCount).toBe(1);
        await eventually(async () => ((await reconciler.runOnce()) ? true : undefined), { timeoutMs: 5_000 });
      } finally {
        await other.end();
      }
    },
  );

  it('exposes metrics only behind their token', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const s = await stack('pglite', { METRICS_TOKEN: token });
    await s.api.order();
    expect((await fetch(`${s.store.baseUrl}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${s.store.baseUrl}/metrics`, { headers: { authorization: 'Bearer nope' } })).status,
    ).toBe(401);
    const res = await fetch(`${s.store.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const name of [
      'checkstand_webhook_deliveries_total',
      'checkstand_stripe_event_apply_seconds',
      'checkstand_watch_list_size 1',
      'checkstand_watch_list_oldest_check_age_seconds',
      'checkstand_rate_limit_refusals_total',
      'checkstand_admin_login_failures_total',
      'checkstand_pruned_rows_total',
      'checkstand_reconcile_corrections_total',
    ]) {
      expect(text).toContain(name);
    }
    const without = await stack('pglite');
    expect(
      (await fetch(`${without.store.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(404);
  });
});
