import { Inject, Injectable } from '@nestjs/common';
import { type HistorySource, SESSION_SYNC_INTERVAL_SECONDS } from '@checkstand/contract';
import type { Logger } from 'pino';
import { notFound } from '../../../common/errors.js';
import { DATABASE, LOGGER } from '../../../common/tokens.js';
import type { Database } from '../../../db/database.js';
import type { CheckoutAttemptRow, OrderRow } from '../../../db/schema.js';
import { ordersRepository as orders } from '../../orders/orders.repository.js';
import type { StripeGateway } from '../../stripe/stripe-gateway.js';
import { STRIPE_GATEWAY } from '../../stripe/stripe.module.js';
import { RateLimits } from '../../limits/rate-limits.service.js';
import { CheckoutSessions } from '../checkout/checkout-sessions.service.js';
import { FactApplier } from '../stripe-events/fact-applier.service.js';

/**
 * How many polling pages' reads of Stripe one instance has in flight at most. Past it, a poll answers from the
 * database (the webhook, the sweep and the watch list still bring the news): a crowd of customers on their
 * success pages must not become a crowd of Stripe requests (Stripe limits them, 25/s in test mode).
 */
export const MAX_SESSION_SYNCS_IN_FLIGHT = 8;

/**
 * Whether Stripe may still have news for this order's current session: it waits on a payment, or a card was
 * declined in a session that is still open, where the customer may pay again.
 */
export function awaitsStripe(
  order: Pick<OrderRow, 'status'>,
  attempt: Pick<CheckoutAttemptRow, 'status'>,
): boolean {
  if (order.status === 'pending' || order.status === 'processing') return true;
  return order.status === 'failed' && attempt.status === 'open';
}

/** Reading sessions back from Stripe and applying what they say, as the webhook would. */
@Injectable()
export class SessionSync {
  private syncsInFlight = 0;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(STRIPE_GATEWAY) private readonly stripe: StripeGateway,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly applier: FactApplier,
    private readonly sessions: CheckoutSessions,
    private readonly limits: RateLimits,
  ) {}

  /**
   * While an order waits on Stripe, reads its session back (at most once per interval per session, across
   * instances, and at most `MAX_SESSION_SYNCS_IN_FLIGHT` at once per instance) and applies what it says:
   * Stripe's "fulfil from the landing page too". Failures to reach Stripe leave the order as it is: the webhook,
   * the sweep or the watch list will bring the news.
   */
  async syncIfWaiting(
    order: OrderRow,
    attempt: CheckoutAttemptRow,
    source: HistorySource,
    client: string | null = null,
  ): Promise<OrderRow> {
    if (!attempt.sessionId || !awaitsStripe(order, attempt)) return order;
    // The row just read says a sync happened less than the interval ago: most polls stop here, without a
    // write. (Its time is the database's; a clock behind it makes `elapsed` negative, and the claim, which
    // compares in the database, decides.)
    const elapsed = attempt.lastSyncedAt ? Date.now() - attempt.lastSyncedAt.getTime() : Number.NaN;
    if (elapsed >= 0 && elapsed < SESSION_SYNC_INTERVAL_SECONDS * 1000) return order;
    if (this.syncsInFlight >= MAX_SESSION_SYNCS_IN_FLIGHT) return order;
    // A client polling many sessions gets its Stripe reads capped too; past it, the page is answered from the
    // database (the webhook, the sweep and the watch list still bring the news).
    if (client && !(await this.limits.allows('session_sync', client))) return order;
    this.syncsInFlight += 1;
    try {
      // A throttle mark, not a fact: the log pool commits it without waiting for the disk flush.
      const claimed = await orders.claimSessionSync(
        this.database.logDb,
        attempt.sessionId,
        SESSION_SYNC_INTERVAL_SECONDS,
      );
      if (!claimed) return order;
      return await this.syncSession(order.id, attempt.sessionId, source);
    } catch (error) {
      this.logger.warn(
        { err: error, orderId: order.id, sessionId: attempt.sessionId },
        'session sync failed',
      );
      return order;
    } finally {
      this.syncsInFlight -= 1;
    }
  }

  /** Reads a session from Stripe and applies it; returns the order as it is afterwards. */
  async syncSession(orderId: string, sessionId: string, source: HistorySource): Promise<OrderRow> {
    const session = await this.stripe.retrieveCheckoutSession(sessionId);
    const result = await this.applier.applySession(session, source);
    if (result && result.outcome !== 'unmatched') return result.order;
    const order = await orders.findOrder(this.database.db, orderId);
    if (!order) throw notFound('order_not_found', 'No such order.');
    return order;
  }

  /** "Sync from Stripe" (admin): reads back every session of the order and applies what they say. */
  async syncAll(order: OrderRow, source: HistorySource): Promise<string[]> {
    const attempts = (await orders.listAttempts(this.database.db, order.id)).filter((a) => a.sessionId);
    for (const attempt of attempts) await this.syncSession(order.id, attempt.sessionId!, source);
    return attempts.map((a) => a.sessionId!);
  }

  /**
   * Makes sure the current attempt's session can no longer be paid: expires it if it is open, and applies what
   * Stripe says it is afterwards (expired, or complete when the customer finished paying first). Returns the
   * order as it is afterwards.
   */
  async closeCurrent(order: OrderRow): Promise<OrderRow> {
    const attempt = await orders.findAttempt(this.database.db, order.id, order.currentAttemptNo);
    if (!attempt?.sessionId || attempt.status !== 'open') return order;
    const session = await this.sessions.expire(attempt.sessionId);
    const result = await this.applier.applySession(session, 'customer');
    if (result && result.outcome !== 'unmatched') return result.order;
    return (await orders.findOrder(this.database.db, order.id)) ?? order;
  }
}
