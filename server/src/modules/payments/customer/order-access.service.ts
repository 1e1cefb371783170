import { Inject, Injectable } from '@nestjs/common';
import type { PublicOrder } from '@checkstand/contract';
import { notFound } from '../../../common/errors.js';
import { DATABASE } from '../../../common/tokens.js';
import type { Database } from '../../../db/database.js';
import type { OrderRow } from '../../../db/schema.js';
import { orderTokenMatches } from '../../orders/order-token.js';
import { toPublicView } from '../../orders/order-view.js';
import { ordersRepository as orders } from '../../orders/orders.repository.js';
import { SessionSync } from './session-sync.service.js';

export const orderNotFound = () => notFound('order_not_found', 'No such order.');

/** A customer's view of their order: by its token, or by the session the success page came back from. */
@Injectable()
export class OrderAccess {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly sync: SessionSync,
  ) {}

  /** The order a token opens; a wrong or missing token answers exactly like an unknown order. */
  async authorize(orderId: string, token: string | undefined): Promise<OrderRow> {
    const order = /^ord_[0-9A-Za-z]{10,40}$/.test(orderId)
      ? await orders.findOrder(this.database.db, orderId)
      : null;
    if (!order || !orderTokenMatches(token, order.accessTokenHash)) throw orderNotFound();
    return order;
  }

  async view(order: OrderRow): Promise<PublicOrder> {
    const attempts = await orders.listAttempts(this.database.db, order.id);
    return toPublicView(order, attempts.filter((a) => a.sessionId !== null).length);
  }

  /** The success page: the order of a session, read back from Stripe while it waits for news. */
  async viewBySession(sessionId: string, client: string | null = null): Promise<PublicOrder> {
    const found = /^cs_[A-Za-z0-9_]{1,250}$/.test(sessionId)
      ? await orders.findBySession(this.database.db, sessionId)
      : null;
    if (!found) throw orderNotFound();
    const order = await this.sync.syncIfWaiting(found.order, found.attempt, 'customer', client);
    // The common case (a paid order being polled) costs this one query; a sync reads the count again.
    return order === found.order ? toPublicView(order, found.sessionCount) : this.view(order);
  }

  async viewWithToken(
    orderId: string,
    token: string | undefined,
    client: string | null = null,
  ): Promise<PublicOrder> {
    let order = await this.authorize(orderId, token);
    const attempt = await orders.findAttempt(this.database.db, order.id, order.currentAttemptNo);
    if (attempt) order = await this.sync.syncIfWaiting(order, attempt, 'customer', client);
    return this.view(order);
  }
}
