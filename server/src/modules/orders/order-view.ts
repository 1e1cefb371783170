import type { OrderRow } from '../../db/schema.js';
import { isPaidStatus, isOrderStatus, nextStatus, type OrderStatus } from './order-state-machine.js';

/** What a customer may see of an order (DESIGN §6): no email, no token, no internal ids. */
export interface PublicOrderView {
  id: string;
  status: OrderStatus;
  statusReason: string | null;
  items: { productId: string; title: string; unitAmount: number; quantity: number; lineTotal: number }[];
  total: number;
  currency: string;
  createdAt: string;
  updatedAt: string;
  sessionId: string | null;
  attemptCount: number;
  payment: {
    amountReceived: number;
    currency: string;
    paymentIntentId: string | null;
    paidAt: string | null;
  } | null;
  amountRefunded: number;
  /** What the customer can do now, so pages do not re-implement the state machine. */
  actions: { retry: boolean; cancel: boolean };
}

/** `attemptCount`: the checkout sessions actually opened for the order (abandoned reservations excluded). */
export function toPublicView(order: OrderRow, attemptCount: number): PublicOrderView {
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
    attemptCount,
    payment:
      order.amountReceived !== null && isPaidStatus(status)
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
