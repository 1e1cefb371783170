import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '@checkstand/stripe-emulator';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/database.js';
import { ENGINES, createPgDatabase } from './support/databases.js';
import { UNLIMITED } from './support/test-server.js';
import { eventually, freePort } from './support/net.js';
import { type Created, EmulatorControl, StoreClient } from './support/stack.js';
import { type Database, openDatabase } from '../src/db/database.js';

const SERVER_DIR = path.resolve(import.meta.dirname, '..');

/** Two store processes on one PostgreSQL, each receiving every event, plus chaos duplicates. */
describe.runIf(ENGINES.includes('postgres'))('two server processes on one PostgreSQL', () => {
  const children: ChildProcess[] = [];
  let emulator: RunningEmulator;
  let database: Database;
  let drop: () => Promise<void>;
  let stores: StoreClient[];

  beforeAll(async () => {
    const pg = await createPgDatabase();
    drop = pg.drop;
    const ports = [await freePort(), await freePort()];
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    emulator = await startEmulator({
      port: 0,
      webhooks: ports.map((port) => ({ url: `http://127.0.0.1:${port}/api/payments/webhook`, secret })),
      retrySchedule: [0.2, 0.5, 1, 2],
      logger: () => undefined,
    });
    for (const port of ports) {
      const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
        cwd: SERVER_DIR,
        env: {
          PATH: process.env.PATH,
          PORT: String(port),
          DATABASE_URL: pg.url,
          STRIPE_SECRET_KEY: 'sk_test_multiinstance',
          STRIPE_API_BASE: emulator.url,
          STRIPE_WEBHOOK_SECRET: secret,
          LOG_LEVEL: 'warn',
          RECONCILE_INTERVAL_SECONDS: '3600',
          ...UNLIMITED,
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
    }
    stores = ports.map((port) => new StoreClient(`http://127.0.0.1:${port}`));
    // Both start at once against the empty database: migrations serialize on their advisory lock.
    for (const store of stores) {
      await eventually(async () => ((await fetch(`${store.baseUrl}/readyz`)).ok ? true : undefined), {
        timeoutMs: 60_000,
        what: `${store.baseUrl} to be ready`,
      });
    }
    database = await openDatabase({ kind: 'postgres', url: pg.url });
  }, 120_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
    );
    await emulator?.close();
    await database?.close();
    await drop?.();
  });

  it('applies each payment once although both receive every event, some of them twice', async () => {
    const control = new EmulatorControl(emulator.url);
    await control.chaos({ duplicateRate: 0.5 });
    const orders: Created[] = [];
    for (let i = 0; i < 12; i += 1)
      orders.push(await stores[i % 2]!.order([{ id: 'prod_pour_over_dripper', quantity: 1 + (i % 3) }]));
    await Promise.all(
      orders.map((o, i) => control.pay(o.sessionId, i % 4 === 3 ? '4000000000000002' : '4242424242424242')),
    );

    const expected = orders.map((_, i) => (i % 4 === 3 ? 'failed' : 'paid'));
    await eventually(
      async () => {
        const rows = await queryRows<{ id: string; status: string }>(
          database.db,
          sql`select id, status from orders`,
        );
        const byId = new Map(rows.map((r) => [r.id, r.status]));
        return orders.every((o, i) => byId.get(o.orderId) === expected[i]) ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'every order to reach its status' },
    );

    const transitions = await queryRows<{ order_id: string; to_status: string; n: number }>(
      database.db,
      sql`select order_id, to_status, count(*)::int as n from order_events
          where source = 'webhook' and outcome = 'applied' group by order_id, to_status`,
    );
    for (const [i, o] of orders.entries()) {
      expect(transitions.filter((t) => t.order_id === o.orderId)).toEqual([
        { order_id: o.orderId, to_status: expected[i], n: 1 },
      ]);
    }
    const deliveries = await queryRows<{ result: string; n: number }>(
      database.db,
      sql`select result, count(*)::int as n from webhook_deliveries group by result`,
    );
    const byResult = Object.fromEntries(deliveries.map((d) => [d.result, Number(d.n)]));
    expect(byResult.duplicate).toBeGreaterThan(12); // every event reached both instances, and chaos added copies
    expect(byResult.error ?? 0).toBe(0);
    const events = await queryRows<{ id: string; n: number }>(
      database.db,
      sql`select id, count(*)::int as n from stripe_events group by id having count(*) > 1`,
    );
    expect(events).toEqual([]);
  });
});
