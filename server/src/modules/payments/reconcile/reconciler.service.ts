import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Config } from '../../../config/config.js';
import type { Metrics } from '../../../common/metrics.js';
import { CONFIG, DATABASE, LOGGER, METRICS } from '../../../common/tokens.js';
import type { Database } from '../../../db/database.js';
import { EventsSweep, type SweepReport } from './events-sweep.service.js';
import { jobsRepository as jobs } from './jobs.repository.js';
import { WatchList, type WatchReport } from './watch-list.service.js';
import { StockService } from '../../stock/stock.service.js';

/** The advisory lock that keeps reconciliation (sweep and watch list) on one instance at a time. */
const RECONCILE_LOCK_KEY = 7_240_113_002;

export interface ReconcileReport {
  sweep: SweepReport | null;
  watch: WatchReport;
  /** Stock holds released because their release was missed. */
  stockReleased: number;
}

/**
 * Lost webhooks cannot leave an order wrong: every `RECONCILE_INTERVAL_SECONDS`, one instance sweeps Stripe's
 * event list for events it never received, then walks the next batch of the watch list, then resolves the
 * orders that wait on nothing. Everything it learns goes through the same path as webhooks.
 */
@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
    private readonly sweep: EventsSweep,
    private readonly watch: WatchList,
    private readonly stock: StockService,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.reconcile.intervalSeconds * 1000;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((error: unknown) => this.logger.error({ err: error }, 'reconciliation failed'))
        .finally(() => (this.running = undefined));
    }, every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; resolves undefined when another instance holds the lock. */
  async runOnce(): Promise<ReconcileReport | undefined> {
    return this.database.withExclusiveLock(RECONCILE_LOCK_KEY, async () => {
      const db = this.database.db;
      let sweep: SweepReport | null = null;
      try {
        if (this.config.reconcile.sweepEvents) sweep = await this.sweep.runOnce();
      } catch (error) {
        // The watch list still runs: it needs nothing from the event list.
        this.logger.warn({ err: error }, 'events sweep failed');
        await jobs.save(db, 'events_sweep', { lastRunAt: new Date(), lastError: describe(error) });
      }
      let watch: WatchReport;
      try {
        watch = await this.watch.runOnce();
      } catch (error) {
        await jobs
          .save(db, 'reconcile', { lastRunAt: new Date(), lastError: describe(error) })
          .catch(() => undefined);
        throw error;
      }
      // After the watch list (which releases what it learns expired): holds whose release was still missed.
      let stockReleased = 0;
      try {
        stockReleased = await this.stock.recoverMissedReleases();
      } catch (error) {
        this.logger.warn({ err: error }, 'stock hold recovery failed');
      }
      this.metrics.reconcileCorrections.inc({ kind: 'sweep_recovered' }, sweep?.recovered ?? 0);
      this.metrics.reconcileCorrections.inc({ kind: 'session_changed' }, watch.changed);
      this.metrics.reconcileCorrections.inc({ kind: 'session_lost' }, watch.lost);
      this.metrics.reconcileCorrections.inc({ kind: 'waited_on_nothing' }, watch.resolved);
      this.metrics.reconcileCorrections.inc({ kind: 'stock_hold_released' }, stockReleased);
      await jobs.save(db, 'reconcile', { lastRunAt: new Date(), lastError: null });
      if (watch.checked > 0 || watch.resolved > 0 || (sweep?.recovered ?? 0) > 0 || stockReleased > 0) {
        this.logger.info({ sweep, watch, stockReleased }, 'reconciliation pass');
      }
      return { sweep, watch, stockReleased };
    });
  }
}

function describe(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);
}
