import { Inject, Injectable } from '@nestjs/common';
import type { PublicOrder } from '@checkstand/contract';
import { conflict } from '../../../common/errors.js';
import { DATABASE } from '../../../common/tokens.js';
import type { Database } from '../../../db/database.js';
import { nextStatus } from '../../orders/order-state-machine.js';
import { writeChange } from '../../orders/order-writer.js';
import { ordersRepository as orders } from '../../orders/orders.repository.js';
import { snapshotOf } from '../stripe-events/fact-applier.service.js';
import { CheckoutSessions } from '../checkout/checkout-sessions.service.js';
import { providerError } from '../../stripe/provider-errors.js';
import { OrderAccess, orderNotFound } from './order-access.service.js';
import { refuseIfMoneyOrProcessing } from './order-guards.js';
import { SessionSync } from './session-sync.service.js';

/** `POST /api/orders/:orderId/cancel`: the customer gives up; the open session is expired first. */
@Injectable()
export class CancelOrder {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly access: OrderAccess,
    private readonly sync: SessionSync,
    private readonly sessions: CheckoutSessions,
  ) {}

  async cancel(orderId: string, token: string | undefined): Promise<PublicOrder> {
    let order = await this.access.authorize(orderId, token);
    if (order.status === 'cancelled') return this.access.view(order);
    refuseIfMoneyOrProcessing(snapshotOf(order).status);
    try {
      order = await this.sync.closeCurrent(order);
    } catch (error) {
      throw providerError(error);
    }
    let stillOpen: string | null = null;
    const cancelled = await this.database.db.transaction(async (tx) => {
      const locked = await orders.lockOrder(tx, order.id);
      if (!locked) throw orderNotFound();
      const from = snapshotOf(locked).status;
      if (from === 'cancelled') return locked;
      refuseIfMoneyOrProcessing(from);
      if (!nextStatus(from, 'customer_cancelled')) {
        throw conflict('order_not_cancellable', `An order that is ${from} cannot be cancelled.`);
      }
      // A creation still under way (a retry in flight) is given up: if Stripe makes the session anyway, it is
      // recorded as unwanted and expired, and the watch list follows it until Stripe says it is.
      const current = await orders.findAttempt(tx, locked.id, locked.currentAttemptNo);
      // A retry's session recorded after `closeCurrent` looked: it is closed below (and by the watch list).
      if (current?.status === 'open' && current.sessionId) stillOpen = current.sessionId;
      return writeChange(tx, locked, {
        trigger: 'customer_cancelled',
        statusReason: 'customer_cancelled',
        attempt: current?.status === 'creating' ? { row: current, patch: { status: 'abandoned' } } : null,
        history: { source: 'customer', kind: 'customer_cancelled' },
      });
    });
    if (stillOpen) await this.sessions.closeAll([stillOpen]);
    return this.access.view(cancelled);
  }
}
