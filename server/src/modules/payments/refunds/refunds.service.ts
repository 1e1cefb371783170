import { Inject, Injectable } from '@nestjs/common';
import { type RefundEnvelope, RefundRequest, hasReceivedMoney } from '@checkstand/contract';
import { AppError, badRequest, notFound } from '../../../common/errors.js';
import { DATABASE } from '../../../common/tokens.js';
import type { Database } from '../../../db/database.js';
import { isOrderStatus } from '../../orders/order-state-machine.js';
import { writeChange } from '../../orders/order-writer.js';
import { ordersRepository as orders } from '../../orders/orders.repository.js';
import { type StripeGateway, StripeRequestError } from '../../stripe/stripe-gateway.js';
import { STRIPE_GATEWAY } from '../../stripe/stripe.module.js';
import { providerError } from '../provider-errors.js';

/**
 * Refunds the owner asks for: of the order's primary payment, or of any other payment of the order (a duplicate,
 * or money that did not match). The order's money follows when Stripe reports the refund (`charge.refunded`),
 * like every other payment fact; the request itself is recorded now, with the refund it created.
 */
@Injectable()
export class Refunds {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(STRIPE_GATEWAY) private readonly stripe: StripeGateway,
  ) {}

  async refund(orderId: string, body: unknown, requestedBy: string): Promise<RefundEnvelope> {
    const parsed = RefundRequest.safeParse(body);
    if (!parsed.success) {
      throw badRequest(
        'invalid_refund',
        'The refund needs a whole positive amount in minor units and an idempotency key.',
      );
    }
    const db = this.database.db;
    const order = await orders.findOrder(db, orderId);
    if (!order) throw notFound('order_not_found', 'No such order.');
    if (!isOrderStatus(order.status) || !hasReceivedMoney(order.status)) {
      throw new AppError(409, 'order_not_refundable', 'Only an order that received money can be refunded.');
    }
    const paymentIntentId = parsed.data.paymentIntentId ?? order.paymentIntentId;
    const payment = (await orders.listPayments(db, order.id)).find(
      (p) => p.paymentIntentId === paymentIntentId,
    );
    if (!payment) throw notFound('payment_not_found', 'This order has no such payment.');
    const remaining = payment.amount - payment.amountRefunded;
    if (parsed.data.amount > remaining) {
      throw badRequest('refund_exceeds_remaining', `At most ${remaining} (minor units) is left to refund.`, {
        remaining,
      });
    }
    let refund;
    try {
      refund = await this.stripe.createRefund({
        paymentIntentId: payment.paymentIntentId,
        amount: parsed.data.amount,
        idempotencyKey: `refund:${order.id}:${parsed.data.idempotencyKey}`,
      });
    } catch (error) {
      if (error instanceof StripeRequestError) {
        throw badRequest('refund_rejected', `Stripe refused the refund: ${error.message}`);
      }
      throw providerError(error);
    }
    await writeChange(db, order, {
      refund: {
        id: refund.id,
        paymentIntentId: payment.paymentIntentId,
        orderId: order.id,
        amount: refund.amount,
        currency: refund.currency,
        status: refund.status,
        reason: null,
        failureReason: null,
        requestedBy,
      },
      history: {
        source: 'admin',
        kind: 'refund_requested',
        detail: {
          by: requestedBy,
          refundId: refund.id,
          paymentIntentId: payment.paymentIntentId,
          amount: refund.amount,
          status: refund.status,
        },
      },
    });
    return {
      refund: {
        id: refund.id,
        paymentIntentId: payment.paymentIntentId,
        amount: refund.amount,
        currency: refund.currency,
        status: refund.status,
      },
    };
  }
}
