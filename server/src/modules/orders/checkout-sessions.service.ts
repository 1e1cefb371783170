import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import { CONFIG, DATABASE, LOGGER } from '../../common/tokens.js';
import type { Database, Tx } from '../../db/database.js';
import type { CheckoutAttemptRow, OrderRow, ProductRow } from '../../db/schema.js';
import { ProductsRepository } from '../catalog/products.repository.js';
import type { StripeGateway } from '../stripe/stripe-gateway.js';
import { STRIPE_GATEWAY } from '../stripe/stripe.module.js';
import { ordersRepository as repo } from './orders.repository.js';

export function idempotencyKeyOf(orderId: string, attemptNo: number): string {
  return `order:${orderId}:attempt:${attemptNo}`;
}

/**
 * Checkout Sessions of an order. An attempt (number, idempotency key, expiry) is reserved in the
 * database first; the session is created outside any transaction with that key, so a retry of the
 * same attempt can never produce a second payable session.
 */
@Injectable()
export class CheckoutSessions {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(STRIPE_GATEWAY) private readonly stripe: StripeGateway,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly products: ProductsRepository,
  ) {}

  /** Reserves attempt `attemptNo` inside the caller's transaction (the order row is locked or new). */
  async reserveAttempt(tx: Tx, orderId: string, attemptNo: number): Promise<CheckoutAttemptRow> {
    return repo.insertAttempt(tx, this.attemptRow(orderId, attemptNo));
  }

  /** The reservation of attempt `attemptNo`: its number, idempotency key and the session's expiry. */
  attemptRow(orderId: string, attemptNo: number) {
    return {
      orderId,
      attemptNo,
      status: 'creating',
      expiresAt: new Date(Date.now() + this.config.checkoutSessionTtlMinutes * 60_000),
      idempotencyKey: idempotencyKeyOf(orderId, attemptNo),
    };
  }

  /**
   * Creates (or, for an attempt already sent, replays) the Checkout Session of a reserved attempt and
   * stores its id and URL. Stripe errors propagate; the attempt stays reserved for a later replay.
   */
  async openSession(
    order: OrderRow,
    attempt: Pick<CheckoutAttemptRow, 'attemptNo' | 'idempotencyKey' | 'expiresAt'>,
    products?: readonly ProductRow[],
  ): Promise<{ sessionId: string; url: string }> {
    const catalog = new Map(
      (products ?? (await this.products.findByIds(order.items.map((item) => item.productId)))).map((p) => [
        p.id,
        p,
      ]),
    );
    const origin = this.config.publicOrigin;
    const session = await this.stripe
      .createCheckoutSession({
        orderId: order.id,
        attemptNo: attempt.attemptNo,
        idempotencyKey: attempt.idempotencyKey,
        currency: order.currency,
        lineItems: order.items.map((item) => {
          const product = catalog.get(item.productId);
          return {
            productId: item.productId,
            name: item.title,
            unitAmount: item.unitAmount,
            quantity: item.quantity,
            ...(product?.description ? { description: product.description } : {}),
            ...(product?.imageUrl ? { imageUrl: new URL(product.imageUrl, origin).toString() } : {}),
          };
        }),
        customerEmail: order.customerEmail,
        successUrl: `${origin}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
        cancelUrl: `${origin}/checkout/cancel?order_id=${encodeURIComponent(order.id)}`,
        expiresAt: attempt.expiresAt,
      })
      .catch(async (error: unknown) => {
        await this.recordFailure(order.id, attempt.attemptNo, error);
        throw error;
      });
    if (session.amountTotal !== order.totalAmount || session.currency !== order.currency) {
      // Never expected: we send the same items. Loud, because the customer would pay another amount.
      this.logger.error(
        {
          orderId: order.id,
          sessionId: session.id,
          amountTotal: session.amountTotal,
          total: order.totalAmount,
        },
        'checkout session total differs from the order total',
      );
    }
    const url = session.url ?? '';
    await repo.storeCreatedSession(this.database.db, order.id, attempt.attemptNo, {
      id: session.id,
      url,
      expiresAt: session.expiresAt,
    });
    return { sessionId: session.id, url };
  }

  private async recordFailure(orderId: string, attemptNo: number, error: unknown): Promise<void> {
    this.logger.warn({ err: error, orderId, attemptNo }, 'checkout session could not be created');
    await repo
      .insertOrderEvent(this.database.db, {
        orderId,
        source: 'customer',
        kind: 'checkout_session_failed',
        fromStatus: null,
        toStatus: null,
        outcome: 'failed',
        detail: { attemptNo, error: error instanceof Error ? error.name : 'unknown' },
      })
      .catch(() => undefined);
  }
}
