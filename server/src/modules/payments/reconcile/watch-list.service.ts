import { Inject, Injectable } from '@nestjs/common';
import type { WatchSummary } from '@checkstand/contract';
import type { Logger } from 'pino';
import type { Config } from '../../../config/config.js';
import { CONFIG, DATABASE, LOGGER } from '../../../common/tokens.js';
import type { Database } from '../../../db/database.js';
import type { CheckoutAttemptRow, OrderRow } from '../../../db/schema.js';
import { nextStatus } from '../../orders/order-state-machine.js';
import { writeChange } from '../../orders/order-writer.js';
import { ordersRepository as orders } from '../../orders/orders.repository.js';
import { type StripeGateway, StripeRequestError } from '../../stripe/stripe-gateway.js';
import { STRIPE_GATEWAY } from '../../stripe/stripe.module.js';
import { CheckoutSessions } from '../checkout/checkout-sessions.service.js';
import { snapshotOf, FactApplier } from '../stripe-events/fact-applier.service.js';

/** A reserved attempt whose creation has not come back for this long is replayed. */
export const CREATING_GRACE_MS = 60_000;
/** Consecutive 404s after which a session is marked lost (shown to the owner, no longer read). */
export const LOST_AFTER = 3;
/** Stripe reads in flight at once during a pass. */
const CONCURRENCY = 4;

export type CheckOutcome = 'changed' | 'unchanged' | 'lost' | 'failed';

export interface WatchReport {
  checked: number;
  changed: number;
  lost: number;
  failed: number;
  /** `pending` orders that waited on nothing, resolved to `expired`. */
  resolved: number;
}

/**
 * Whether the customer may still pay this attempt's session: it is the order's current attempt, not given up,
 * and the order waits to be paid. Any other open session is expired when the watch list finds it.
 */
function isLive(order: OrderRow, attempt: CheckoutAttemptRow): boolean {
  return (
    attempt.attemptNo === order.currentAttemptNo &&
    attempt.status !== 'abandoned' &&
    (order.status === 'pending' || order.status === 'failed')
  );
}

/**
 * The watch list (docs/design.md, "What is watched"): every Checkout Session the store created is read back from
 * Stripe until Stripe says it is terminal (expired, paid, or its delayed payment failed), whatever the order's
 * status. Each pass takes the least recently checked first and stamps each check, so no crowd of abandoned
 * checkouts can starve the one that was paid; a session Stripe answers 404 for is marked lost after a few tries.
 */
@Injectable()
export class WatchList {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(STRIPE_GATEWAY) private readonly stripe: StripeGateway,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly applier: FactApplier,
    private readonly sessions: CheckoutSessions,
  ) {}

  /** One pass over the next batch of the watch list, then the orders that wait on nothing. */
  async runOnce(): Promise<WatchReport> {
    const batch = await orders.nextToCheck(
      this.database.db,
      this.config.reconcile.staleSeconds,
      this.config.reconcile.batchSize,
    );
    const report: WatchReport = { checked: batch.length, changed: 0, lost: 0, failed: 0, resolved: 0 };
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const item = batch[next++]!;
        const outcome = await this.check(item.orderId, item.attemptNo).catch((error: unknown) => {
          this.logger.warn(
            { err: error, orderId: item.orderId, attemptNo: item.attemptNo },
            'watch check failed',
          );
          return 'failed' as const;
        });
        if (outcome !== 'unchanged') report[outcome] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batch.length) }, worker));
    report.resolved = await this.resolveWaitingOnNothing();
    return report;
  }

  /** Reads one watched attempt's session back from Stripe and applies what it says. */
  async check(orderId: string, attemptNo: number): Promise<CheckOutcome> {
    const db = this.database.db;
    const order = await orders.findOrder(db, orderId);
    const attempt = order ? await orders.findAttempt(db, orderId, attemptNo) : null;
    if (!order || !attempt || attempt.watch !== 'watching') return 'unchanged';
    if (!attempt.sessionId) return this.checkReservation(order, attempt);

    let session;
    try {
      session = await this.stripe.retrieveCheckoutSession(attempt.sessionId);
    } catch (error) {
      const missing = error instanceof StripeRequestError && error.statusCode === 404;
      // Stamped either way: a session that fails to read must not hold the head of the list.
      const stamped = await orders.stampCheck(db, orderId, attemptNo, { missing, lostAfter: LOST_AFTER });
      if (!missing) throw error;
      if (stamped?.watch !== 'lost') return 'unchanged';
      await writeChange(db, order, {
        history: {
          source: 'reconcile',
          kind: 'checkout_session_lost',
          detail: { attemptNo, sessionId: attempt.sessionId, reads: stamped.missingCount },
        },
      });
      this.logger.warn(
        { orderId, sessionId: attempt.sessionId },
        'Stripe does not know this session: marked lost',
      );
      return 'lost';
    }
    if (session.status === 'open' && !isLive(order, attempt)) {
      // Cancelled, paid elsewhere, superseded or given up: this session must not stay payable.
      session = await this.sessions.expire(session.id);
    }
    const result = await this.applier.applySession(session, 'reconcile');
    return result && result.outcome === 'applied' ? 'changed' : 'unchanged';
  }

  /**
   * An attempt reserved but never heard back from: replaying its creation with the same idempotency key
   * returns the session if Stripe made one. When Stripe holds nothing and will make nothing (400), the attempt
   * is given up, and so is the order's wait for it.
   */
  private async checkReservation(order: OrderRow, attempt: CheckoutAttemptRow): Promise<CheckOutcome> {
    if (attempt.status !== 'creating' || Date.now() - attempt.createdAt.getTime() < CREATING_GRACE_MS) {
      await orders.stampCheck(this.database.db, order.id, attempt.attemptNo, {
        missing: false,
        lostAfter: LOST_AFTER,
      });
      return 'unchanged';
    }
    if (await this.sessions.recover(order, attempt, 'reconcile')) return 'changed';
    return this.database.db.transaction(async (tx) => {
      const located = await orders.lockOrderWithAttempt(tx, order.id, attempt.attemptNo);
      if (!located || located.attempt.status !== 'creating') return 'unchanged';
      const current = located.order.currentAttemptNo === attempt.attemptNo;
      const from = snapshotOf(located.order).status;
      const expire = current && from === 'pending' && nextStatus(from, 'session_expired') !== null;
      await writeChange(tx, located.order, {
        ...(expire ? { trigger: 'session_expired' as const, statusReason: 'checkout_not_created' } : {}),
        attempt: { row: located.attempt, patch: { status: 'abandoned' } },
        history: {
          source: 'reconcile',
          kind: 'checkout_session_abandoned',
          detail: { attemptNo: attempt.attemptNo },
        },
      });
      return 'changed';
    });
  }

  /**
   * `pending` orders whose current attempt has no session that could still be paid (expired, given up, lost)
   * wait on nothing: they become `expired`, ready for a retry, within one pass.
   */
  async resolveWaitingOnNothing(): Promise<number> {
    const ids = await orders.waitingOnNothing(this.database.db, this.config.reconcile.batchSize);
    let resolved = 0;
    for (const id of ids) {
      const done = await this.database.db.transaction(async (tx) => {
        const order = await orders.lockOrder(tx, id);
        if (!order || order.status !== 'pending') return false;
        const attempt = await orders.findAttempt(tx, id, order.currentAttemptNo);
        if (!attempt) return false;
        const lost = attempt.watch === 'lost';
        if (!lost && attempt.status !== 'expired' && attempt.status !== 'abandoned') return false;
        await writeChange(tx, order, {
          trigger: 'session_expired',
          statusReason: lost
            ? 'session_lost'
            : attempt.status === 'abandoned'
              ? 'checkout_not_created'
              : 'session_expired',
          history: {
            source: 'reconcile',
            kind: 'no_open_session',
            detail: { attemptNo: attempt.attemptNo, attemptStatus: attempt.status, watch: attempt.watch },
          },
        });
        return true;
      });
      if (done) resolved += 1;
    }
    return resolved;
  }

  async summary(): Promise<WatchSummary> {
    const { size, oldestCheckAt, lost } = await orders.watchSummary(this.database.db);
    return {
      size,
      lost,
      oldestCheckAt: oldestCheckAt?.toISOString() ?? null,
      oldestCheckAgeSeconds: oldestCheckAt
        ? Math.max(0, Math.floor((Date.now() - oldestCheckAt.getTime()) / 1000))
        : null,
    };
  }
}
