import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type SQL, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import type { Metrics } from '../../common/metrics.js';
import { CONFIG, DATABASE, LOGGER, METRICS } from '../../common/tokens.js';
import { type Database, queryRows } from '../../db/database.js';

/** The advisory lock that keeps pruning on one instance at a time. */
const RETENTION_LOCK_KEY = 7_240_113_003;
const EVERY_MS = 60 * 60 * 1000;
/** Rows per statement, and statements per kind and pass: pruning never holds locks long nor runs unbounded. */
const BATCH = 500;
const MAX_BATCHES = 40;

export type Pruned = Record<
  'deliveries' | 'rejectedDeliveries' | 'adminSessions' | 'rateLimits' | 'unmatchedEvents' | 'unpaidOrders',
  number
>;

/**
 * Data that does not grow forever (README, "Security" → retention): webhook deliveries (rejected ones sooner),
 * ended admin sessions, ended rate-limit windows, Stripe events that matched no order, and orders that were never
 * paid, whose sessions are all closed, with their history. Orders that received money, their events and their
 * history are never pruned. One instance prunes at a time, in small batches, once an hour.
 */
@Injectable()
export class Retention implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((error: unknown) => this.logger.error({ err: error }, 'pruning failed'))
        .finally(() => (this.running = undefined));
    }, EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; resolves undefined when another instance holds the lock. */
  async runOnce(): Promise<Pruned | undefined> {
    return this.database.withExclusiveLock(RETENTION_LOCK_KEY, async () => {
      const { retention } = this.config;
      const days = (n: number) => sql`now() - make_interval(days => ${n})`;
      const pruned: Pruned = {
        rejectedDeliveries: await this.prune(
          sql`delete from webhook_deliveries where id in (select id from webhook_deliveries
              where result = 'rejected' and received_at < ${days(retention.rejectedDeliveriesDays)} limit ${BATCH})`,
        ),
        deliveries: await this.prune(
          sql`delete from webhook_deliveries where id in (select id from webhook_deliveries
              where received_at < ${days(retention.deliveriesDays)} limit ${BATCH})`,
        ),
        adminSessions: await this.prune(
          sql`delete from admin_sessions where token_hash in (select token_hash from admin_sessions
              where expires_at < now() - interval '1 day' limit ${BATCH})`,
        ),
        rateLimits: await this.prune(
          sql`delete from rate_limits where key in (select key from rate_limits
              where window_start + make_interval(secs => window_seconds) < now() - interval '1 day' limit ${BATCH})`,
        ),
        unmatchedEvents: await this.prune(
          sql`delete from stripe_events where id in (select id from stripe_events
              where outcome = 'unmatched' and received_at < ${days(retention.unmatchedEventsDays)} limit ${BATCH})`,
        ),
        unpaidOrders: await this.pruneUnpaidOrders(retention.unpaidOrdersDays),
      };
      for (const [kind, n] of Object.entries(pruned)) this.metrics.prunedRows.inc({ kind }, n);
      if (Object.values(pruned).some((n) => n > 0)) this.logger.info({ pruned }, 'pruned old data');
      return pruned;
    });
  }

  private async prune(statement: SQL): Promise<number> {
    let total = 0;
    for (let i = 0; i < MAX_BATCHES; i += 1) {
      const deleted = await this.deleted(statement);
      total += deleted;
      if (deleted < BATCH) break;
    }
    return total;
  }

  private async deleted(statement: SQL): Promise<number> {
    const result: { rowCount?: number | null; affectedRows?: number } = (await this.database.db.execute(
      statement,
    )) as never; // node-postgres answers rowCount, PGlite affectedRows: the one narrowing here
    return Number(result.rowCount ?? result.affectedRows ?? 0);
  }

  /**
   * Orders never paid (expired, cancelled, failed; no payment) and untouched for `days`, whose sessions Stripe has
   * all closed, go with their attempts, history, events and deliveries, a batch per transaction, each order locked
   * (skipped if busy) so nothing writes to it meanwhile.
   */
  private async pruneUnpaidOrders(days: number): Promise<number> {
    let total = 0;
    for (let i = 0; i < MAX_BATCHES; i += 1) {
      const ids = await this.database.db.transaction(async (tx) => {
        const rows = await queryRows<{ id: string }>(
          tx,
          sql`select o.id from orders o
              where o.status in ('expired', 'cancelled', 'failed')
                and o.updated_at < now() - make_interval(days => ${days})
                and o.payment_intent_id is null
                and not exists (select 1 from payments p where p.order_id = o.id)
                and not exists (select 1 from checkout_attempts a where a.order_id = o.id and a.watch = 'watching')
              order by o.updated_at
              limit ${BATCH / 5}
              for update of o skip locked`,
        );
        const batch = rows.map((r) => r.id);
        if (batch.length === 0) return batch;
        await tx.execute(sql`delete from order_events where order_id in ${batch}`);
        await tx.execute(sql`delete from webhook_deliveries where order_id in ${batch}`);
        await tx.execute(sql`delete from stripe_events where order_id in ${batch}`);
        await tx.execute(sql`delete from refunds where order_id in ${batch}`);
        await tx.execute(sql`delete from outbox_messages where order_id in ${batch}`);
        await tx.execute(sql`delete from checkout_attempts where order_id in ${batch}`);
        await tx.execute(sql`delete from orders where id in ${batch}`);
        return batch;
      });
      total += ids.length;
      if (ids.length < BATCH / 5) break;
    }
    return total;
  }
}
