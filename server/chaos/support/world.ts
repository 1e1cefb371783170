import { randomBytes } from 'node:crypto';
import { type RunningEmulator, startEmulator } from '@checkstand/stripe-emulator';
import { sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { type Database, openDatabase, queryRows } from '../../src/db/database.js';
import { CATALOG_SEED } from '../../src/modules/catalog/catalog-seed.js';
import { createPgDatabase } from '../../test/support/databases.js';
import { leakedSecrets } from '../../test/support/log-capture.js';
import { eventually } from '../../test/support/net.js';
import { type SmtpSink, startSmtpSink } from '../../test/support/smtp.js';
import { type Created, EmulatorControl, StoreClient } from '../../test/support/stack.js';
import { RoundRobin } from './round-robin.js';
import { UNLIMITED } from '../../test/support/test-server.js';
import { StoreProcess } from './store-process.js';
import { TcpProxy } from './tcp-proxy.js';

const SECRET_KEY = 'sk_test_chaos';

export interface WorldOptions {
  instances: number;
  /** Route the stores' database connections through a proxy the test can cut. */
  databaseProxy?: boolean;
  /** Customers give an e-mail address and the stores send to an SMTP server in the test (`mailAudit`). */
  mail?: boolean;
}

/** Per order: confirmation rows in the outbox and confirmations the SMTP server accepted, when either is not 0 or 1. */
export interface MailAudit {
  paid: number;
  sent: number;
  /** Orders whose confirmation count (rows or messages received) is not exactly one when paid, zero when not. */
  wrong: string[];
  /** Message-IDs the SMTP server received more than once. */
  duplicated: string[];
}

/** What a customer does with a checkout, decided by the order's index so every run is the same. */
export type Plan = 'pay' | 'decline' | 'decline_then_pay' | 'pay_later' | 'fail_later' | 'abandon';
export function planOf(index: number): Plan {
  const bucket = index % 20;
  if (bucket < 9) return 'pay';
  if (bucket < 12) return 'decline';
  if (bucket < 14) return 'decline_then_pay';
  if (bucket < 16) return 'pay_later';
  if (bucket < 17) return 'fail_later';
  return 'abandon';
}

export interface ChaosOrder extends Created {
  index: number;
  plan: Plan;
}

/**
 * Several store processes on one fresh PostgreSQL database behind a round-robin front, with the Stripe
 * emulator sending them signed webhooks (retrying for ~40 s on failure).
 */
export class World {
  stores: StoreProcess[] = [];
  front!: RoundRobin;
  emulator!: RunningEmulator;
  proxy: TcpProxy | null = null;
  database!: Database;
  control!: EmulatorControl;
  api!: StoreClient;
  stripe!: Stripe;
  private drop!: () => Promise<void>;
  webhookSecret = '';
  smtp: SmtpSink | null = null;

  static async create(options: WorldOptions): Promise<World> {
    const world = new World();
    const pg = await createPgDatabase();
    world.drop = pg.drop;
    let url = pg.url;
    if (options.databaseProxy) {
      const target = new URL(pg.url);
      world.proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      const port = await world.proxy.listen();
      const proxied = new URL(pg.url);
      proxied.port = String(port);
      url = proxied.toString();
    }
    world.front = new RoundRobin(() => world.stores.map((s) => s.port));
    const frontPort = await world.front.listen();
    const webhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;
    world.webhookSecret = webhookSecret;
    world.emulator = await startEmulator({
      port: 0,
      webhooks: [{ url: `http://127.0.0.1:${frontPort}/api/payments/webhook`, secret: webhookSecret }],
      retrySchedule: [0.5, 1, 1, 2, 3, 5, 5, 5, 5, 5, 5, 5],
      deliveryTimeoutMs: 5_000,
      logger: () => undefined,
    });
    if (options.mail) world.smtp = await startSmtpSink();
    const mailEnv: Record<string, string> = world.smtp
      ? {
          SMTP_URL: world.smtp.url,
          MAIL_FROM: 'Chaos <orders@chaos.example>',
          MAIL_POLL_MS: '100',
          MAIL_RETRY_SECONDS: '1',
        }
      : {};
    for (let i = 0; i < options.instances; i += 1) {
      world.stores.push(
        new StoreProcess({
          DATABASE_URL: url,
          STRIPE_SECRET_KEY: SECRET_KEY,
          STRIPE_API_BASE: world.emulator.url,
          STRIPE_WEBHOOK_SECRET: webhookSecret,
          PUBLIC_ORIGIN: `http://127.0.0.1:${frontPort}`,
          RECONCILE_INTERVAL_SECONDS: '2',
          ...UNLIMITED,
          RECONCILE_STALE_SECONDS: '3',
          ...mailEnv,
        }),
      );
    }
    await Promise.all(world.stores.map((s) => s.start()));
    world.database = await openDatabase({ kind: 'postgres', url: pg.url });
    world.control = new EmulatorControl(world.emulator.url);
    world.api = new StoreClient(`http://127.0.0.1:${frontPort}`);
    const base = new URL(world.emulator.url);
    world.stripe = new Stripe(SECRET_KEY, { host: base.hostname, port: base.port, protocol: 'http' });
    return world;
  }

  async createOrders(count: number): Promise<ChaosOrder[]> {
    const orders: ChaosOrder[] = [];
    await pool(
      Array.from({ length: count }, (_, i) => i),
      8,
      async (index) => {
        const product = CATALOG_SEED[index % CATALOG_SEED.length]!;
        const created = await this.api.order(
          [{ id: product.id, quantity: 1 + (index % 3) }],
          this.smtp ? `customer${index}@chaos.example` : undefined,
        );
        orders.push({ ...created, index, plan: planOf(index) });
      },
    );
    return orders.sort((a, b) => a.index - b.index);
  }

  /** The customers act on their hosted pages, 16 at a time. */
  async storm(orders: ChaosOrder[], onProgress?: (done: number) => void): Promise<void> {
    let done = 0;
    await pool(orders, 16, async (order) => {
      switch (order.plan) {
        case 'pay':
          await this.control.pay(order.sessionId);
          break;
        case 'decline':
          await this.control.pay(order.sessionId, '4000000000000002');
          break;
        case 'decline_then_pay':
          await this.control.pay(order.sessionId, '4000000000009995');
          await this.control.pay(order.sessionId);
          break;
        case 'pay_later':
          await this.control.payLater(order.sessionId, 'succeed_later');
          break;
        case 'fail_later':
          await this.control.payLater(order.sessionId, 'fail_later');
          break;
        case 'abandon':
          break;
      }
      done += 1;
      onProgress?.(done);
    });
  }

  /** Delayed payments settle, then every untouched session expires. */
  async letTimePass(): Promise<void> {
    await this.control.advanceClock(200);
    await this.control.advanceClock(61 * 60);
  }

  /** The order status Stripe's own state implies. */
  async truth(order: ChaosOrder): Promise<string> {
    const session = await this.stripe.checkout.sessions.retrieve(order.sessionId, {
      expand: ['payment_intent'],
    });
    const intent = typeof session.payment_intent === 'object' ? session.payment_intent : null;
    const declined = intent?.last_payment_error != null && intent.status !== 'succeeded';
    if (session.status === 'complete') {
      if (session.payment_status === 'paid') return 'paid';
      if (intent?.status === 'succeeded') return 'paid';
      if (intent?.status === 'processing') return 'processing';
      return 'failed';
    }
    if (session.status === 'expired') return 'expired';
    return declined ? 'failed' : 'pending';
  }

  async statuses(): Promise<Map<string, string>> {
    const rows = await queryRows<{ id: string; status: string }>(
      this.database.db,
      sql`select id, status from orders`,
    );
    return new Map(rows.map((r) => [r.id, r.status]));
  }

  /**
   * Waits until every order matches Stripe's truth; returns the mismatches left at the deadline. `view` says what
   * is compared: by default the status Stripe's session implies; a scenario may compare more (its money, flags).
   */
  async converge(
    orders: ChaosOrder[],
    view: TruthView = this.statusView(),
    timeoutMs = 120_000,
  ): Promise<string[]> {
    const expected = new Map<string, string>();
    for (const order of orders) expected.set(order.orderId, await view.truth(order));
    let mismatches: string[] = [];
    try {
      await eventually(
        async () => {
          const actual = await view.actual();
          mismatches = orders
            .filter((o) => actual.get(o.orderId) !== expected.get(o.orderId))
            .map(
              (o) =>
                `${o.orderId} (${o.plan}): stripe says ${expected.get(o.orderId)}, store has ${actual.get(o.orderId)}`,
            );
          return mismatches.length === 0 ? true : undefined;
        },
        { timeoutMs, intervalMs: 500, what: 'orders to match Stripe' },
      );
    } catch {
      // reported through `mismatches`
    }
    return mismatches;
  }

  statusView(): TruthView {
    return { truth: (order) => this.truth(order), actual: () => this.statuses() };
  }

  /**
   * Waits until Stripe has nothing left to send: every event delivered with a 2xx, or dropped by chaos
   * on purpose. Returns the events still undelivered at the deadline.
   */
  async settleDeliveries(timeoutMs = 90_000): Promise<string[]> {
    let undelivered: string[] = [];
    try {
      await eventually(
        async () => {
          // Every event Stripe made (a first attempt still in flight has no delivery record yet).
          const events = await this.control.allEvents();
          const deliveries = await this.control.deliveries();
          const done = new Set(deliveries.filter((d) => d.ok || d.dropped).map((d) => d.eventId));
          undelivered = events.map((e) => e.id).filter((id) => !done.has(id));
          return undelivered.length === 0 ? true : undefined;
        },
        { timeoutMs, intervalMs: 500, what: 'every webhook to be delivered' },
      );
    } catch {
      // reported through `undelivered`
    }
    return undelivered;
  }

  /** Every delivered event recorded exactly once, every applied transition in the history once. */
  async audit(): Promise<AuditReport> {
    const deliveries = await this.control.deliveries();
    const delivered = new Set(deliveries.filter((d) => d.ok).map((d) => d.eventId));
    const recorded = await queryRows<{ id: string; outcome: string }>(
      this.database.db,
      sql`select id, outcome from stripe_events`,
    );
    const recordedIds = new Set(recorded.map((r) => r.id));
    const lost = [...delivered].filter((id) => !recordedIds.has(id));
    const doubled = await queryRows<{ stripe_event_id: string; n: number }>(
      this.database.db,
      sql`select stripe_event_id, count(*)::int as n from order_events
          where stripe_event_id is not null group by 1 having count(*) > 1`,
    );
    const unrecordedTransitions = await queryRows<{ id: string }>(
      this.database.db,
      sql`select e.id from stripe_events e where e.outcome = 'applied'
          and not exists (select 1 from order_events o where o.stripe_event_id = e.id and o.outcome = 'applied')`,
    );
    const storeSide = await queryRows<{ result: string; n: number }>(
      this.database.db,
      sql`select result, count(*)::int as n from webhook_deliveries group by result`,
    );
    return {
      events: (await this.control.allEvents()).length,
      deliveryAttempts: deliveries.length,
      failedAttempts: deliveries.filter((d) => !d.ok).length,
      retries: deliveries.filter((d) => d.attempt > 1).length,
      duplicatesAtStore: Number(storeSide.find((r) => r.result === 'duplicate')?.n ?? 0),
      errorsAtStore: Number(storeSide.find((r) => r.result === 'error')?.n ?? 0),
      recorded: recorded.length,
      lost,
      doubled: doubled.map((d) => d.stripe_event_id),
      unrecordedTransitions: unrecordedTransitions.map((r) => r.id),
    };
  }

  /** When the reconciler last finished a pass (any instance), or null before the first. */
  async lastReconcileRun(): Promise<string | null> {
    const [row] = await queryRows<{ at: string | null }>(
      this.database.db,
      sql`select last_run_at::text as at from jobs where name = 'reconcile'`,
    );
    return row?.at ?? null;
  }

  /** The secrets of this run (webhook secret, API key, every order token) found in any store's logs. */
  leakedSecrets(orders: readonly Created[]): string[] {
    const logs = this.stores.map((store) => store.log).join('\n');
    return leakedSecrets(logs, [this.webhookSecret, SECRET_KEY, ...orders.map((o) => o.orderToken)]);
  }

  /**
   * Every paid order got exactly one confirmation, in the outbox and at the SMTP server, once the outbox has drained
   * (no message due), and no Message-ID arrived twice.
   */
  async mailAudit(orders: readonly ChaosOrder[], timeoutMs = 60_000): Promise<MailAudit> {
    const smtp = this.smtp;
    if (!smtp) throw new Error('the world was created without mail');
    await eventually(
      async () => {
        const [row] = await queryRows<{ n: number }>(
          this.database.db,
          // Due or being sent (a claim pushes the due time by its lease); a declined card's notice that still waits
          // out its grace (15 minutes, never tried yet) is not due by design.
          sql`select count(*)::int as n from outbox_messages
              where status = 'pending' and (attempts > 0 or next_attempt_at <= now())`,
        );
        return Number(row?.n) === 0 ? true : undefined;
      },
      { timeoutMs, what: 'the outbox to drain' },
    );
    const rows = await queryRows<{ id: string; paid: boolean; confirmations: number }>(
      this.database.db,
      sql`select o.id, o.paid_at is not null as paid,
                 (select count(*)::int from outbox_messages m
                   where m.order_id = o.id and m.kind = 'order_confirmation') as confirmations
          from orders o`,
    );
    const received = new Map<string, number>();
    const byMessageId = new Map<string, number>();
    for (const mail of smtp.accepted) {
      byMessageId.set(mail.messageId, (byMessageId.get(mail.messageId) ?? 0) + 1);
      if (!mail.subject.includes('is confirmed')) continue;
      const orderId = /(ord_[A-Za-z0-9]+)/.exec(mail.subject)?.[1];
      if (orderId) received.set(orderId, (received.get(orderId) ?? 0) + 1);
    }
    const ours = new Set(orders.map((o) => o.orderId));
    const wrong: string[] = [];
    let paid = 0;
    for (const row of rows) {
      if (!ours.has(row.id)) continue;
      const expected = row.paid ? 1 : 0;
      if (row.paid) paid += 1;
      const got = received.get(row.id) ?? 0;
      if (Number(row.confirmations) !== expected || got !== expected) {
        wrong.push(`${row.id}: paid=${row.paid} outbox=${row.confirmations} received=${got}`);
      }
    }
    const duplicated = [...byMessageId].filter(([, n]) => n > 1).map(([id]) => id);
    return { paid, sent: smtp.accepted.length, wrong, duplicated };
  }

  async close(): Promise<void> {
    await Promise.all(this.stores.map((s) => s.stop()));
    await this.smtp?.close();
    await this.front?.close();
    await this.emulator?.close();
    await this.proxy?.close();
    await this.database?.close();
    await this.drop?.();
  }
}

/** What a scenario compares between Stripe and the store, one line per order. */
export interface TruthView {
  truth(order: ChaosOrder): Promise<string>;
  actual(): Promise<Map<string, string>>;
}

export interface AuditReport {
  events: number;
  deliveryAttempts: number;
  failedAttempts: number;
  retries: number;
  duplicatesAtStore: number;
  errorsAtStore: number;
  recorded: number;
  lost: string[];
  doubled: string[];
  unrecordedTransitions: string[];
}

export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  await Promise.all(workers);
}
