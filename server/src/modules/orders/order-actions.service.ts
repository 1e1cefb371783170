import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppError, conflict, notFound } from '../../common/errors.js';
import { DATABASE, LOGGER } from '../../common/tokens.js';
import type { Database } from '../../db/database.js';
import type { CheckoutAttemptRow, OrderRow } from '../../db/schema.js';
import {
  type StripeGateway,
  StripeNotConfiguredError,
  StripeRequestError,
  StripeUnavailableError,
} from '../stripe/stripe-gateway.js';
import { STRIPE_GATEWAY } from '../stripe/stripe.module.js';
import { CheckoutSessions } from './checkout-sessions.service.js';
import { type OrderStatus, isPaidStatus, nextStatus } from './order-state-machine.js';
import { orderTokenMatches } from './order-token.js';
import { type PublicOrderView, toPublicView } from './order-view.js';
import { type ApplyContext, OrderLifecycle, snapshotOf } from './order-lifecycle.service.js';
import { type OrderEventSource, ordersRepository as repo } from './orders.repository.js';
import { factFromSession } from './stripe-facts.js';

/**
 * Whether Stripe may still have news for this order: it waits on a payment, or a card was declined in
 * a session that is still open, where the customer may pay again (failed → paid is allowed).
 */
export function awaitsStripe(
  order: Pick<OrderRow, 'status'>,
  attempt: Pick<CheckoutAttemptRow, 'status'>,
): boolean {
  if (order.status === 'pending' || order.status === 'processing') return true;
  return order.status === 'failed' && attempt.status === 'open';
}

/** How often one session may be read back from Stripe on behalf of a polling page. */
export const SESSION_SYNC_INTERVAL_SECONDS = 5;

/**
 * How many polling pages' reads of Stripe one instance has in flight at most. Past it, a poll answers
 * from the database (the webhook and the reconciler still bring the news): a crowd of customers on
 * their success pages must not become a crowd of Stripe requests (Stripe limits them, 25/s in test mode).
 */
export const MAX_SESSION_SYNCS_IN_FLIGHT = 8;

const orderNotFound = () => notFound('order_not_found', 'No such order.');
const alreadyPaid = () => conflict('order_already_paid', 'This order is already paid.');
const processing = () =>
  conflict('payment_processing', 'A payment for this order is being processed; wait for its result.');

/** Maps a Stripe failure during a customer action onto the error the customer gets. */
export function providerError(error: unknown): unknown {
  if (error instanceof StripeNotConfiguredError) {
    return new AppError(503, 'payments_not_configured', 'Payments are not configured on this store.');
  }
  if (error instanceof StripeUnavailableError || error instanceof StripeRequestError) {
    return new AppError(
      502,
      'payment_provider_unavailable',
      'The payment service is unavailable right now. Nothing was charged; please try again in a moment.',
    );
  }
  return error;
}

/** What customers (and the admin) do to an order besides paying: view, sync, retry, cancel. */
@Injectable()
export class OrderActions {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(STRIPE_GATEWAY) private readonly stripe: StripeGateway,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly lifecycle: OrderLifecycle,
    private readonly sessions: CheckoutSessions,
  ) {}

  private syncsInFlight = 0;

  /** The order a token opens; wrong or missing token answers exactly like an unknown order. */
  async authorize(orderId: string, token: string | undefined): Promise<OrderRow> {
    const order = /^ord_[0-9A-Za-z]{10,40}$/.test(orderId)
      ? await repo.findOrder(this.database.db, orderId)
      : null;
    if (!order || !orderTokenMatches(token, order.accessTokenHash)) throw orderNotFound();
    return order;
  }

  async view(order: OrderRow): Promise<PublicOrderView> {
    const attempts = await repo.listAttempts(this.database.db, order.id);
    return toPublicView(order, attempts.filter((a) => a.status !== 'abandoned').length);
  }

  /** The success page: the order of a session, read back from Stripe while it waits for news. */
  async viewBySession(sessionId: string): Promise<PublicOrderView> {
    const found = /^cs_[A-Za-z0-9_]{1,250}$/.test(sessionId)
      ? await repo.findBySession(this.database.db, sessionId)
      : null;
    if (!found) throw orderNotFound();
    const order = await this.syncIfWaiting(found.order, found.attempt, 'customer');
    // The common case (a paid order being polled) costs this one query; a sync reads the count again.
    return order === found.order ? toPublicView(order, found.attemptCount) : this.view(order);
  }

  async viewWithToken(orderId: string, token: string | undefined): Promise<PublicOrderView> {
    let order = await this.authorize(orderId, token);
    const attempt = await repo.findAttempt(this.database.db, order.id, order.currentAttemptNo);
    if (attempt) order = await this.syncIfWaiting(order, attempt, 'customer');
    return this.view(order);
  }

  /**
   * While an order waits on Stripe, reads its session back (at most once per 5 s per session, across
   * instances, and at most `MAX_SESSION_SYNCS_IN_FLIGHT` at once per instance) and applies what it
   * says — Stripe's "fulfil from the landing page too". Failures to reach Stripe leave the order as it
   * is: the webhook or the reconciler will bring the news.
   */
  async syncIfWaiting(
    order: OrderRow,
    attempt: CheckoutAttemptRow,
    source: OrderEventSource,
  ): Promise<OrderRow> {
    if (!attempt.sessionId || !awaitsStripe(order, attempt)) return order;
    // The row just read says a sync happened less than the interval ago: most polls stop here, without
    // a write. (Its time is the database's; a clock behind it makes `elapsed` negative, and the claim,
    // which compares in the database, decides.)
    const elapsed = attempt.lastSyncedAt ? Date.now() - attempt.lastSyncedAt.getTime() : Number.NaN;
    if (elapsed >= 0 && elapsed < SESSION_SYNC_INTERVAL_SECONDS * 1000) return order;
    if (this.syncsInFlight >= MAX_SESSION_SYNCS_IN_FLIGHT) return order;
    this.syncsInFlight += 1;
    try {
      // A throttle mark, not a fact: the log pool commits it without waiting for the disk flush.
      const claimed = await repo.claimSessionSync(
        this.database.logDb,
        attempt.sessionId,
        SESSION_SYNC_INTERVAL_SECONDS,
      );
      if (!claimed) return order;
      return await this.syncSession(order.id, attempt.sessionId, attempt.attemptNo, source);
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
  async syncSession(
    orderId: string,
    sessionId: string,
    attemptNo: number,
    source: OrderEventSource,
  ): Promise<OrderRow> {
    const session = await this.stripe.retrieveCheckoutSession(sessionId);
    const fact = factFromSession(session, attemptNo);
    if (fact) {
      const result = await this.lifecycle.applyFactNow(
        { orderId, attemptNo, sessionId, paymentIntentId: session.paymentIntentId },
        fact,
        this.syncContext(source),
      );
      if (result.outcome !== 'unmatched') {
        await this.expireSuperseded(result.supersededOpenSessionId);
        return result.order;
      }
    }
    const order = await repo.findOrder(this.database.db, orderId);
    if (!order) throw orderNotFound();
    return order;
  }

  private syncContext(source: OrderEventSource): ApplyContext {
    return {
      source,
      kind: source === 'reconcile' ? 'session_reconciled' : 'session_synced',
      occurredAt: new Date(),
      recordIgnored: false,
    };
  }

  /** A payment settled the order through an older attempt: the newer session must not be payable too. */
  async expireSuperseded(sessionId: string | null): Promise<void> {
    if (!sessionId) return;
    try {
      await this.stripe.expireCheckoutSession(sessionId);
    } catch (error) {
      this.logger.warn({ err: error, sessionId }, 'could not expire a superseded session');
    }
  }

  /**
   * Makes sure the current attempt's session can no longer be paid: expires it if it is open, and
   * applies what Stripe says if it turned out complete. Returns the order as it is afterwards.
   */
  private async closeCurrentSession(order: OrderRow): Promise<OrderRow> {
    const attempt = await repo.findAttempt(this.database.db, order.id, order.currentAttemptNo);
    if (!attempt?.sessionId || attempt.status !== 'open') return order;
    const session = await this.stripe.expireCheckoutSession(attempt.sessionId);
    if (session.status === 'complete') {
      const fact = factFromSession(session, attempt.attemptNo);
      if (fact) {
        const result = await this.lifecycle.applyFactNow(
          {
            orderId: order.id,
            attemptNo: attempt.attemptNo,
            sessionId: session.id,
            paymentIntentId: session.paymentIntentId,
          },
          fact,
          this.syncContext('customer'),
        );
        if (result.outcome !== 'unmatched') return result.order;
      }
    } else if (session.status === 'expired') {
      await repo.updateAttempt(this.database.db, order.id, attempt.attemptNo, { status: 'expired' });
    }
    return (await repo.findOrder(this.database.db, order.id)) ?? order;
  }

  /** POST /api/orders/:id/retry-session — a new Checkout Session for the same items and total. */
  async retry(orderId: string, token: string | undefined): Promise<{ sessionId: string; url: string }> {
    let order = await this.authorize(orderId, token);
    this.refuseIfPaidOrProcessing(order.status as OrderStatus);
    try {
      const current = await repo.findAttempt(this.database.db, order.id, order.currentAttemptNo);
      // The last create call never came back: replay it with the same key, which can only return the
      // session it may have created, never a second one.
      if (current && current.status === 'creating') {
        try {
          return await this.sessions.openSession(order, current);
        } catch (error) {
          // 400: Stripe has no session under that key and will not make one with those parameters any
          // more (its expiry is too close): give the attempt up. Anything else (a 409 while the first
          // call is still running, an outage) may still produce the session: do not start another.
          if (!(error instanceof StripeRequestError) || error.statusCode !== 400) throw error;
          await repo.updateAttempt(this.database.db, order.id, current.attemptNo, { status: 'abandoned' });
        }
      }
      order = await this.closeCurrentSession(order);
      this.refuseIfPaidOrProcessing(order.status as OrderStatus);

      const reserved = await this.database.db.transaction(async (tx) => {
        const locked = await repo.lockOrder(tx, order.id);
        if (!locked) throw orderNotFound();
        const from = snapshotOf(locked).status;
        this.refuseIfPaidOrProcessing(from);
        if (locked.currentAttemptNo !== order.currentAttemptNo) {
          throw conflict('retry_in_progress', 'Another payment attempt was just started for this order.');
        }
        const to = nextStatus(from, 'retry');
        if (!to) throw conflict('order_not_retryable', `An order that is ${from} cannot be paid again.`);
        const attemptNo = locked.currentAttemptNo + 1;
        const attempt = await this.sessions.reserveAttempt(tx, locked.id, attemptNo);
        const updated = await repo.updateOrder(tx, locked.id, {
          status: to,
          statusReason: null,
          currentAttemptNo: attemptNo,
          currentSessionId: null,
        });
        await repo.insertOrderEvent(tx, {
          orderId: locked.id,
          source: 'customer',
          kind: 'retry',
          fromStatus: from,
          toStatus: to,
          outcome: 'applied',
          detail: { attemptNo },
        });
        return { order: updated, attempt };
      });
      return await this.sessions.openSession(reserved.order, reserved.attempt);
    } catch (error) {
      throw providerError(error);
    }
  }

  /** POST /api/orders/:id/cancel — the customer gives up; the open session is expired first. */
  async cancel(orderId: string, token: string | undefined): Promise<PublicOrderView> {
    let order = await this.authorize(orderId, token);
    if (order.status === 'cancelled') return this.view(order);
    this.refuseIfPaidOrProcessing(order.status as OrderStatus);
    try {
      order = await this.closeCurrentSession(order);
    } catch (error) {
      throw providerError(error);
    }
    const cancelled = await this.database.db.transaction(async (tx) => {
      const locked = await repo.lockOrder(tx, order.id);
      if (!locked) throw orderNotFound();
      const from = snapshotOf(locked).status;
      if (from === 'cancelled') return locked;
      this.refuseIfPaidOrProcessing(from);
      const to = nextStatus(from, 'customer_cancelled');
      if (!to) throw conflict('order_not_cancellable', `An order that is ${from} cannot be cancelled.`);
      const current = await repo.findAttempt(tx, locked.id, locked.currentAttemptNo);
      if (current?.status === 'creating') {
        await repo.updateAttempt(tx, locked.id, current.attemptNo, { status: 'abandoned' });
      }
      const updated = await repo.updateOrder(tx, locked.id, {
        status: to,
        statusReason: 'customer_cancelled',
      });
      await repo.insertOrderEvent(tx, {
        orderId: locked.id,
        source: 'customer',
        kind: 'customer_cancelled',
        fromStatus: from,
        toStatus: to,
        outcome: 'applied',
      });
      return updated;
    });
    return this.view(cancelled);
  }

  private refuseIfPaidOrProcessing(status: OrderStatus): void {
    if (isPaidStatus(status)) throw alreadyPaid();
    if (status === 'processing') throw processing();
  }
}
