import { Inject, Injectable } from '@nestjs/common';
import type { CheckoutSessionReply } from '@checkstand/contract';
import { conflict } from '../../../common/errors.js';
import { CONFIG, DATABASE } from '../../../common/tokens.js';
import type { Config } from '../../../config/config.js';
import type { Database } from '../../../db/database.js';
import type { CheckoutAttemptRow, OrderRow } from '../../../db/schema.js';
import { snapshotOf } from '../stripe-events/fact-applier.service.js';
import { nextStatus } from '../../orders/order-state-machine.js';
import { writeChange } from '../../orders/order-writer.js';
import { ordersRepository as orders } from '../../orders/orders.repository.js';
import { StripeRequestError } from '../../stripe/stripe-gateway.js';
import { CheckoutSessions, SessionUnwantedError } from '../checkout/checkout-sessions.service.js';
import { providerError } from '../../stripe/provider-errors.js';
import { StockService, holderOf, limitedLines } from '../../stock/stock.service.js';
import { ProductsRepository } from '../../catalog/products.repository.js';
import { OrderAccess, orderNotFound } from './order-access.service.js';
import { refuseIfMoneyOrProcessing } from './order-guards.js';
import { SessionSync } from './session-sync.service.js';

/** `POST /api/orders/:orderId/retry-session`: a new Checkout Session for the same items and total. */
@Injectable()
export class RetryCheckout {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CONFIG) private readonly config: Config,
    private readonly access: OrderAccess,
    private readonly sync: SessionSync,
    private readonly sessions: CheckoutSessions,
    private readonly stock: StockService,
    private readonly products: ProductsRepository,
  ) {}

  /** `client`: who asks (`clientOf`); the new attempt's stock holds count against its cap. */
  async retry(orderId: string, token: string | undefined, client: string): Promise<CheckoutSessionReply> {
    let order = await this.access.authorize(orderId, token);
    refuseIfMoneyOrProcessing(snapshotOf(order).status);
    try {
      const current = await orders.findAttempt(this.database.db, order.id, order.currentAttemptNo);
      // The last creation never came back: replay it with the same key, which can only return the session it
      // may have created, never a second one.
      if (current && current.status === 'creating') {
        const replayed = await this.replay(order, current);
        if (replayed) return replayed;
        order = (await orders.findOrder(this.database.db, order.id)) ?? order;
      }
      order = await this.sync.closeCurrent(order);
      refuseIfMoneyOrProcessing(snapshotOf(order).status);
      // What the new session offers (shipping, tax), as the shop is set up now, and what it must hold.
      const found = await this.products.findByIds(order.items.map((item) => item.productId));
      const plan = await this.sessions.planFor(order, found);
      const holds = limitedLines(order.items, found);

      const reserved = await this.database.db.transaction(async (tx) => {
        const locked = await orders.lockOrder(tx, order.id);
        if (!locked) throw orderNotFound();
        const from = snapshotOf(locked).status;
        refuseIfMoneyOrProcessing(from);
        if (locked.currentAttemptNo !== order.currentAttemptNo) {
          throw conflict('retry_in_progress', 'Another payment attempt was just started for this order.');
        }
        if (!nextStatus(from, 'retry')) {
          throw conflict('order_not_retryable', `An order that is ${from} cannot be paid again.`);
        }
        const attempt = this.sessions.attemptRow(
          locked.id,
          locked.currentAttemptNo + 1,
          plan,
          this.stock.sessionMinutes(holds, this.config.checkoutSessionTtlMinutes),
        );
        // The new attempt holds its units again (the superseded ones' go back), or the retry writes nothing.
        await this.stock.reserve(tx, {
          orderId: locked.id,
          attemptNo: attempt.attemptNo,
          holder: holderOf(client),
          expiresAt: attempt.expiresAt,
          lines: holds,
        });
        const updated = await writeChange(tx, locked, {
          trigger: 'retry',
          statusReason: null,
          order: { currentAttemptNo: attempt.attemptNo, currentSessionId: null },
          newAttempt: attempt,
          history: { source: 'customer', kind: 'retry', detail: { attemptNo: attempt.attemptNo } },
        });
        return { order: updated, attempt };
      });
      return await this.sessions.openSession(reserved.order, reserved.attempt, 'customer');
    } catch (error) {
      if (error instanceof SessionUnwantedError) {
        throw conflict(
          'order_not_retryable',
          'This order changed while its new payment page was being prepared.',
        );
      }
      throw providerError(error);
    }
  }

  /**
   * Replays a creation that never came back. Null when Stripe holds nothing under the key and will not make a
   * session any more (400: its expiry is too close), after giving the attempt up, or when the session it had
   * made is no longer wanted. Anything else (a 409 while the first call still runs, an outage) may still
   * produce the session: it propagates, and no other session is started.
   */
  private async replay(order: OrderRow, attempt: CheckoutAttemptRow): Promise<CheckoutSessionReply | null> {
    try {
      return await this.sessions.openSession(order, attempt, 'customer');
    } catch (error) {
      if (error instanceof SessionUnwantedError) return null;
      if (!(error instanceof StripeRequestError) || error.statusCode !== 400) throw error;
    }
    await this.database.db.transaction(async (tx) => {
      const located = await orders.lockOrderWithAttempt(tx, order.id, attempt.attemptNo);
      if (!located || located.attempt.status !== 'creating') return;
      await writeChange(tx, located.order, {
        attempt: { row: located.attempt, patch: { status: 'abandoned' } },
        history: {
          source: 'customer',
          kind: 'checkout_session_abandoned',
          detail: { attemptNo: attempt.attemptNo },
        },
      });
    });
    return null;
  }
}
