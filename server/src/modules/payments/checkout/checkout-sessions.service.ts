import { Inject, Injectable } from '@nestjs/common';
import type { HistorySource } from '@checkstand/contract';
import type { Logger } from 'pino';
import type { Config } from '../../../config/config.js';
import { CONFIG, DATABASE, LOGGER } from '../../../common/tokens.js';
import type { Database } from '../../../db/database.js';
import type { CheckoutAttemptRow, CheckoutPlanJson, OrderRow, ProductRow } from '../../../db/schema.js';
import { ProductsRepository } from '../../catalog/products.repository.js';
import { Shop } from '../../shop/shop.service.js';
import type { NewAttempt } from '../../orders/order-change.js';
import { recordCreatedSession, writeChange } from '../../orders/order-writer.js';
import { ordersRepository as orders } from '../../orders/orders.repository.js';
import { type SessionSnapshot, type StripeGateway, StripeRequestError } from '../../stripe/stripe-gateway.js';
import { STRIPE_GATEWAY } from '../../stripe/stripe.module.js';

export function idempotencyKeyOf(orderId: string, attemptNo: number): string {
  return `order:${orderId}:attempt:${attemptNo}`;
}

/**
 * A session was created (or replayed) for an attempt that is no longer wanted: its order was cancelled, paid or
 * retried while Stripe was creating it. It was recorded and expired, never handed to the customer.
 */
export class SessionUnwantedError extends Error {
  constructor(readonly sessionId: string) {
    super(`checkout session ${sessionId} is no longer wanted`);
    this.name = 'SessionUnwantedError';
  }
}

type ReservedAttempt = Pick<CheckoutAttemptRow, 'attemptNo' | 'idempotencyKey' | 'expiresAt' | 'plan'>;

/**
 * Checkout Sessions of an order. An attempt (number, idempotency key, expiry) is reserved in the database
 * first; the session is created outside any transaction with that key, so replaying the same attempt can only
 * ever return the one session Stripe made for it, never a second payable one.
 */
@Injectable()
export class CheckoutSessions {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(STRIPE_GATEWAY) private readonly stripe: StripeGateway,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly products: ProductsRepository,
    private readonly shop: Shop,
  ) {}

  /**
   * What a session for these items offers besides them (shipping, tax), as the shop is set up now. Fixed on the
   * attempt, so that replaying its creation sends exactly the same request.
   */
  async planFor(
    order: Pick<OrderRow, 'currency' | 'totalAmount' | 'items'>,
    products?: readonly ProductRow[],
  ): Promise<CheckoutPlanJson> {
    const found = products ?? (await this.products.findByIds(order.items.map((item) => item.productId)));
    return this.shop.checkoutPlan(
      { currency: order.currency, subtotal: order.totalAmount },
      found,
      this.config.publicOrigin,
    );
  }

  /**
   * The reservation of attempt `attemptNo`: its number, idempotency key, the session's expiry (`ttlMinutes`
   * from now: shorter for a cart that holds stock) and its plan.
   */
  attemptRow(
    orderId: string,
    attemptNo: number,
    plan: CheckoutPlanJson,
    ttlMinutes = this.config.checkoutSessionTtlMinutes,
  ): NewAttempt {
    return {
      orderId,
      attemptNo,
      status: 'creating',
      expiresAt: new Date(Date.now() + ttlMinutes * 60_000),
      idempotencyKey: idempotencyKeyOf(orderId, attemptNo),
      plan,
    };
  }

  /**
   * Creates (or, for an attempt already sent, replays) the Checkout Session of a reserved attempt and records
   * it. Stripe errors propagate; the attempt stays reserved for a later replay. Throws `SessionUnwantedError`
   * (after expiring it) when the attempt stopped being wanted meanwhile.
   */
  async openSession(
    order: OrderRow,
    attempt: ReservedAttempt,
    source: HistorySource,
  ): Promise<{ sessionId: string; url: string }> {
    const origin = this.config.publicOrigin;
    // Attempts reserved before plans existed describe their lines from the catalog, as they always did.
    const plan: CheckoutPlanJson = attempt.plan.lines
      ? attempt.plan
      : { ...attempt.plan, ...(await this.legacyLines(order)) };
    const session = await this.stripe
      .createCheckoutSession({
        orderId: order.id,
        attemptNo: attempt.attemptNo,
        idempotencyKey: attempt.idempotencyKey,
        currency: order.currency,
        lineItems: order.items.map((item) => {
          const line = plan.lines?.[item.productId];
          return {
            productId: item.productId,
            name: item.title,
            unitAmount: item.unitAmount,
            quantity: item.quantity,
            ...(line?.description ? { description: line.description } : {}),
            ...(line?.imageUrl ? { imageUrl: line.imageUrl } : {}),
            ...(line?.taxCode ? { taxCode: line.taxCode } : {}),
          };
        }),
        plan,
        customerEmail: order.customerEmail,
        successUrl: `${origin}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
        cancelUrl: `${origin}/checkout/cancel?order_id=${encodeURIComponent(order.id)}`,
        expiresAt: attempt.expiresAt,
      })
      .catch(async (error: unknown) => {
        await this.recordFailure(order, attempt.attemptNo, error, source);
        throw error;
      });
    const subtotal = session.charges?.subtotal ?? session.amountTotal;
    if (subtotal !== order.totalAmount || session.currency !== order.currency) {
      // Never expected: we send the same items. Loud, because the customer would pay for other items (and the
      // payment would then be a mismatch, never `paid`).
      this.logger.error(
        { orderId: order.id, sessionId: session.id, amountSubtotal: subtotal, total: order.totalAmount },
        'checkout session subtotal differs from the order total',
      );
    }
    const url = session.url ?? '';
    const { wanted } = await recordCreatedSession(this.database.db, {
      orderId: order.id,
      attemptNo: attempt.attemptNo,
      sessionId: session.id,
      url,
      expiresAt: session.expiresAt,
      source,
    });
    if (!wanted) {
      await this.closeUnwanted(order.id, attempt.attemptNo, session.id, source);
      throw new SessionUnwantedError(session.id);
    }
    return { sessionId: session.id, url };
  }

  private async legacyLines(order: OrderRow): Promise<Pick<CheckoutPlanJson, 'lines'>> {
    const origin = this.config.publicOrigin;
    const found = await this.products.findByIds(order.items.map((item) => item.productId));
    return {
      lines: Object.fromEntries(
        found.map((p) => [
          p.id,
          {
            taxCode: null,
            description: p.description || null,
            imageUrl: p.imageUrl ? new URL(p.imageUrl, origin).toString() : null,
          },
        ]),
      ),
    };
  }

  /**
   * For an attempt whose creation never came back: replays it with the same idempotency key. Resolves true when
   * Stripe had (or now has) a session for it, false when Stripe refuses (400: it holds nothing under the key and
   * will not make one with those parameters any more, e.g. the expiry is too close).
   */
  async recover(order: OrderRow, attempt: ReservedAttempt, source: HistorySource): Promise<boolean> {
    try {
      await this.openSession(order, attempt, source);
      return true;
    } catch (error) {
      if (error instanceof SessionUnwantedError) return true;
      if (error instanceof StripeRequestError && error.statusCode === 400) return false;
      throw error;
    }
  }

  /** Expires a session at Stripe; resolves with the session as it is afterwards (`expired`, or `complete`). */
  expire(sessionId: string): Promise<SessionSnapshot> {
    return this.stripe.expireCheckoutSession(sessionId);
  }

  /** Sessions that must no longer be payable: expired now; the watch list retries what fails. */
  async closeAll(sessionIds: readonly string[]): Promise<void> {
    for (const sessionId of sessionIds) {
      try {
        await this.expire(sessionId);
      } catch (error) {
        this.logger.warn({ err: error, sessionId }, 'could not expire a superseded session yet');
      }
    }
  }

  /** An unwanted session must not stay payable: expire it now (the watch list retries if Stripe is down). */
  private async closeUnwanted(orderId: string, attemptNo: number, sessionId: string, source: HistorySource) {
    let closed = false;
    try {
      closed = (await this.expire(sessionId)).status === 'expired';
    } catch (error) {
      this.logger.warn({ err: error, orderId, sessionId }, 'could not expire an unwanted session yet');
    }
    const order = await orders.findOrder(this.database.db, orderId);
    if (!order) return;
    await writeChange(this.database.db, order, {
      history: {
        source,
        kind: 'checkout_session_unwanted',
        detail: { attemptNo, sessionId, expired: closed },
      },
    });
  }

  private async recordFailure(
    order: OrderRow,
    attemptNo: number,
    error: unknown,
    source: HistorySource,
  ): Promise<void> {
    this.logger.warn({ err: error, orderId: order.id, attemptNo }, 'checkout session could not be created');
    await writeChange(this.database.db, order, {
      history: {
        source,
        kind: 'checkout_session_failed',
        outcome: 'failed',
        detail: { attemptNo, error: error instanceof Error ? error.name : 'unknown' },
      },
    }).catch(() => undefined);
  }
}
