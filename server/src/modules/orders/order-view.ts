import { type PublicOrder, hasReceivedMoney } from '@checkstand/contract';
import type { OrderRow } from '../../db/schema.js';
import { isOrderStatus, nextStatus } from './order-state-machine.js';

/**
 * What a customer may see of an order (`PublicOrder` in the contract): no email, no token, no internal ids.
 * `sessionCount`: the Checkout Sessions opened for the order.
 */
export function toPublicView(order: OrderRow, sessionCount: number): PublicOrder {
  const status = order.status;
  if (!isOrderStatus(status)) throw new Error(`order ${order.id} has unknown status ${status}`);
  return {
    id: order.id,
    status,
    statusReason: order.statusReason,
    items: order.items.map((item) => ({ ...item, lineTotal: item.unitAmount * item.quantity })),
    total: order.totalAmount,
    currency: order.currency,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    sessionId: order.currentSessionId,
    sessionCount,
    payment:
      order.amountReceived !== null && hasReceivedMoney(status)
        ? {
            amountReceived: order.amountReceived,
            currency: order.currency,
            paymentIntentId: order.paymentIntentId,
            paidAt: order.paidAt?.toISOString() ?? null,
          }
        : null,
    amountRefunded: order.amountRefunded,
    actions: {
      retry: nextStatus(status, 'retry') !== null,
      cancel: nextStatus(status, 'customer_cancelled') !== null,
    },
  };
}
