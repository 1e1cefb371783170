import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import { CONFIG, DATABASE, LOGGER } from '../../common/tokens.js';
import type { Database } from '../../db/database.js';
import { StripeRequestError } from '../stripe/stripe-gateway.js';
import { CheckoutSessions } from './checkout-sessions.service.js';
import { OrderActions, awaitsStripe } from './order-actions.service.js';
import { snapshotOf } from './order-lifecycle.service.js';
import { nextStatus } from './order-state-machine.js';
import { ordersRepository as repo } from './orders.repository.js';

/** The advisory lock that keeps reconciliation on one instance at a time. */
const RECONCILE_LOCK_KEY = 7_240_113_002;
/** A reserved attempt whose create call has not come back for this long is looked at again. */
const CREATING_GRACE_MS = 60_000;
const BATCH = 100;

export interface ReconcileReport {
  checked: number;
  changed: number;
  failed: number;
}

/**
 * Lost webhooks cannot leave an order stuck: every `RECONCILE_INTERVAL_SECONDS`, one instance reads
 * back from Stripe the sessions of orders still waiting (`pending`/`processing`) that have had no news
 * for `RECONCILE_STALE_SECONDS` or whose session should have expired, and applies them (source
 * `reconcile`) through the same path as webhooks.
 */
@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly actions: OrderActions,
    private readonly sessions: CheckoutSessions,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.reconcileIntervalSeconds * 1000;
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
      const ids = await repo.findStaleOrders(this.database.db, this.config.reconcileStaleSeconds, BATCH);
      const report: ReconcileReport = { checked: ids.length, changed: 0, failed: 0 };
      for (const id of ids) {
        try {
          if (await this.reconcileOrder(id)) report.changed += 1;
        } catch (error) {
          report.failed += 1;
          this.logger.warn({ err: error, orderId: id }, 'could not reconcile order');
        }
      }
      if (report.checked > 0) this.logger.info(report, 'reconciliation pass');
      return report;
    });
  }

  /** Brings one order in line with Stripe; true when its status changed. */
  async reconcileOrder(orderId: string): Promise<boolean> {
    const order = await repo.findOrder(this.database.db, orderId);
    if (!order) return false;
    const attempt = await repo.findAttempt(this.database.db, order.id, order.currentAttemptNo);
    if (!attempt || !awaitsStripe(order, attempt)) return false;
    if (attempt.sessionId) {
      const after = await this.actions.syncSession(
        order.id,
        attempt.sessionId,
        attempt.attemptNo,
        'reconcile',
      );
      return after.status !== order.status;
    }
    if (attempt.status !== 'creating' || Date.now() - attempt.createdAt.getTime() < CREATING_GRACE_MS)
      return false;
    // The process stopped between reserving the attempt and storing its session: replaying the call
    // with the same idempotency key returns the session if Stripe made one.
    try {
      await this.sessions.openSession(order, attempt);
      return false;
    } catch (error) {
      if (!(error instanceof StripeRequestError) || error.statusCode !== 400) throw error;
    }
    return this.database.db.transaction(async (tx) => {
      const locked = await repo.lockOrder(tx, order.id);
      if (!locked || locked.currentAttemptNo !== attempt.attemptNo) return false;
      await repo.updateAttempt(tx, order.id, attempt.attemptNo, { status: 'abandoned' });
      const from = snapshotOf(locked).status;
      const to = nextStatus(from, 'session_expired');
      if (!to) return false;
      await repo.updateOrder(tx, order.id, { status: to, statusReason: 'checkout_not_created' });
      await repo.insertOrderEvent(tx, {
        orderId: order.id,
        source: 'reconcile',
        kind: 'checkout_session_abandoned',
        fromStatus: from,
        toStatus: to,
        outcome: 'applied',
        detail: { attemptNo: attempt.attemptNo },
      });
      return true;
    });
  }
}
