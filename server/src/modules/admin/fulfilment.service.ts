import { Inject, Injectable } from '@nestjs/common';
import { type FulfilmentEnvelope, FulfilmentRequest } from '@checkstand/contract';
import { AppError, badRequest, notFound } from '../../common/errors.js';
import { DATABASE } from '../../common/tokens.js';
import type { Database } from '../../db/database.js';
import { writeChange } from '../orders/order-writer.js';
import { ordersRepository as orders } from '../orders/orders.repository.js';
import { fulfilmentOf, fulfilmentView } from './admin-order-detail.js';

/**
 * The owner says where the goods are. Stripe knows nothing of it, so this is the one order fact that is the
 * owner's word, recorded with who said it. Shipping an order that is not ready (the contract's
 * `notReadyBecause`, checked under the order's lock so a dispute arriving at the same moment is seen) needs an
 * override reason, kept in the history with the reasons it overrode.
 */
@Injectable()
export class Fulfilment {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async act(orderId: string, body: unknown, by: string): Promise<FulfilmentEnvelope> {
    const parsed = FulfilmentRequest.safeParse(body);
    if (!parsed.success) {
      throw badRequest(
        'invalid_fulfilment',
        'Say "fulfil" or "return"; a carrier and a tracking number have at most 100 characters, an override reason 3 to 500.',
      );
    }
    const request = parsed.data;
    const order = await this.database.db.transaction(async (tx) => {
      const locked = /^ord_[0-9A-Za-z]{10,40}$/.test(orderId) ? await orders.lockOrder(tx, orderId) : null;
      if (!locked) throw notFound('order_not_found', 'No such order.');
      if (request.action === 'return') {
        if (locked.fulfilmentStatus !== 'fulfilled') {
          throw new AppError(409, 'fulfilment_not_allowed', 'Only a fulfilled order can be marked returned.');
        }
        return writeChange(tx, locked, {
          order: { fulfilmentStatus: 'returned' },
          history: { source: 'admin', kind: 'order_returned', detail: { by } },
        });
      }
      if (locked.fulfilmentStatus === 'fulfilled') {
        throw new AppError(409, 'fulfilment_not_allowed', 'This order is already marked fulfilled.');
      }
      const reasons = fulfilmentOf(locked).notReadyBecause;
      if (reasons.length > 0 && !request.overrideReason) {
        throw new AppError(
          409,
          'not_ready_to_ship',
          'This order is not ready to ship; shipping it anyway needs an override reason.',
          { notReadyBecause: reasons },
        );
      }
      const shipping = { carrier: request.carrier ?? null, trackingNumber: request.trackingNumber ?? null };
      return writeChange(tx, locked, {
        order: { fulfilmentStatus: 'fulfilled', fulfilledAt: new Date(), ...shipping },
        history: {
          source: 'admin',
          kind: reasons.length > 0 ? 'order_fulfilled_override' : 'order_fulfilled',
          detail: {
            by,
            ...shipping,
            ...(reasons.length > 0
              ? { overrideReason: request.overrideReason, notReadyBecause: reasons }
              : {}),
          },
        },
      });
    });
    return { fulfilment: fulfilmentView(order) };
  }
}
