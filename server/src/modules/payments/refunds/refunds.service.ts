import { Inject, Injectable } from '@nestjs/common';
import { type RefundEnvelope, RefundRequest, hasReceivedMoney } from '@checkstand/contract';
import { AppError, badRequest, notFound } from '../../../common/errors.js';
import { DATABASE } from '../../../common/tokens.js';
import type { Database } from '../../../db/database.js';
import { isOrderStatus } from '../../orders/order-state-machine.js';
import { ordersRepository as orders } from '../../orders/orders.repository.js';
import { type StripeGateway, StripeRequestError } from '../../stripe/stripe-gateway.js';
import { STRIPE_GATEWAY } from '../../stripe/stripe.module.js';
import { providerError } from '../../stripe/provider-errors.js';
import { FactApplier } from '../stripe-events/fact-applier.service.js';

/**
 * Refunds the owner asks for: of the order's primary payment, or of any other payment of the order (a duplicate,
 * or money that did not match). Stripe's answer is a fact like any other (the refund as it stands), applied
 * through the same path as its events: a refund that succeeds at once moves the order's money now, one that is
 * pending moves it when Stripe reports it succeeded, and one that fails later gives the money back to the order.
 */
@Injectable()
export class Refunds {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(STRIPE_GATEWAY) private readonly stripe: StripeGateway,
    private readonly facts: FactApplier,
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
    // Refunds still on their way count as spent: asking twice for the same money must fail here, not at Stripe.
    const pending = (await orders.listRefunds(db, order.id))
      .filter(
        (r) =>
          r.paymentIntentId === payment.paymentIntentId && ['pending', 'requires_action'].includes(r.status),
      )
      .reduce((sum, r) => sum + r.amount, 0);
    const remaining = Math.max(0, payment.amount - payment.amountRefunded - pending);
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
        ...(parsed.data.reason ? { reason: parsed.data.reason } : {}),
      });
    } catch (error) {
      if (error instanceof StripeRequestError) {
        throw badRequest('refund_rejected', `Stripe refused the refund: ${error.message}`);
      }
      throw providerError(error, 'owner');
    }
    await this.facts.apply(
      {
        sessionId: null,
        paymentIntentId: payment.paymentIntentId,
        claimedOrderId: null,
        claimedAttemptNo: null,
      },
      {
        kind: 'refunds_reported',
        paymentIntentId: payment.paymentIntentId,
        chargeId: null,
        refunds: [{ ...refund, paymentIntentId: payment.paymentIntentId, requestedBy }],
      },
      {
        source: 'admin',
        kind: 'refund_requested',
        occurredAt: new Date(),
        recordIgnored: true,
        checked: false,
      },
    );
    return {
      refund: {
        id: refund.id,
        paymentIntentId: payment.paymentIntentId,
        amount: refund.amount,
        currency: refund.currency,
        status: refund.status,
        failureReason: refund.failureReason,
      },
    };
  }
}
