import { type CustomerReason, type PublicOrder, hasReceivedMoney } from '@checkstand/contract';
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
    statusReason: customerReason(order.statusReason),
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
    charges: order.charges,
    // The customer's own address, on their own order (the token proves it); the billing details stay in the admin.
    shipTo: order.contact?.shipping ?? null,
    actions: {
      retry: nextStatus(status, 'retry') !== null,
      cancel: nextStatus(status, 'customer_cancelled') !== null,
    },
  };
}

/** Decline codes a customer may be told as they are (the others are folded into `card_declined`). */
const AS_IS: Partial<Record<string, CustomerReason>> = {
  insufficient_funds: 'insufficient_funds',
  expired_card: 'expired_card',
  incorrect_cvc: 'incorrect_cvc',
  invalid_cvc: 'incorrect_cvc',
  incorrect_number: 'incorrect_number',
  invalid_number: 'incorrect_number',
  authentication_required: 'authentication_failed',
  payment_intent_authentication_failure: 'authentication_failed',
  processing_error: 'processing_error',
  async_payment_failed: 'payment_failed',
  payment_failed: 'payment_failed',
  awaiting_payment: 'awaiting_payment',
  session_expired: 'session_expired',
  session_lost: 'session_lost',
  checkout_not_created: 'checkout_not_created',
  customer_cancelled: 'customer_cancelled',
  amount_mismatch: 'payment_under_review',
  currency_mismatch: 'payment_under_review',
  partially_refunded: 'partially_refunded',
  refunded: 'refunded',
};

/**
 * The reason a customer sees: fraud signals (`stolen_card`, `lost_card`, `fraudulent`, `pickup_card`…) and every
 * other decline code become `card_declined`; the exact code stays in the admin.
 */
export function customerReason(reason: string | null): CustomerReason | null {
  if (reason === null) return null;
  return AS_IS[reason] ?? 'card_declined';
}
