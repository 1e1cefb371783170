import {
  type AdminFulfilment,
  type AdminHold,
  type AdminMessage,
  type AdminOrderDetail,
  DISPUTE_NEEDS_RESPONSE,
  type DisputeStatus,
  type FulfilmentStatus,
  OPEN_DISPUTE_STATUSES,
  type OrderFlag,
  type OrderMoney,
  type RefundStatus,
  hasReceivedMoney,
  notReadyBecause,
} from '@checkstand/contract';
import type {
  DisputeRow,
  EarlyFraudWarningRow,
  OrderRow,
  OutboxMessageRow,
  PaymentRow,
  RefundRow,
  StockReservationRow,
} from '../../db/schema.js';
import { approvedChargedAmount, chargedTotal } from '../orders/decision-types.js';
import { type OrderStatus, isOrderStatus } from '../orders/order-state-machine.js';
import type { adminOrdersRepository } from './admin-orders.repository.js';

/**
 * The admin's view of one order, built from its rows: the money view (docs/design.md, "The money of an order"),
 * the fulfilment gate, and the whole payment story. Pure, so every figure is computed in one place.
 */

export const statusOf = (value: string): OrderStatus => {
  if (!isOrderStatus(value)) throw new Error(`unknown order status ${value}`);
  return value;
};

const isOpenDispute = (status: string) => (OPEN_DISPUTE_STATUSES as readonly string[]).includes(status);
const isPendingRefund = (status: string) => status === 'pending' || status === 'requires_action';

/** Where the goods are and whether they may leave: the contract's `notReadyBecause` is the one rule. */
export function fulfilmentOf(order: Pick<OrderRow, 'status' | 'flags' | 'fulfilmentStatus'>): {
  fulfilmentStatus: FulfilmentStatus;
  readyToShip: boolean;
  notReadyBecause: AdminFulfilment['notReadyBecause'];
} {
  // The table's check constraint admits only the contract's values.
  const fulfilmentStatus = order.fulfilmentStatus as FulfilmentStatus;
  const reasons = notReadyBecause({ status: statusOf(order.status), flags: order.flags, fulfilmentStatus });
  return { fulfilmentStatus, readyToShip: reasons.length === 0, notReadyBecause: reasons };
}

export function fulfilmentView(order: OrderRow): AdminFulfilment {
  const { fulfilmentStatus, readyToShip, notReadyBecause: reasons } = fulfilmentOf(order);
  return {
    status: fulfilmentStatus,
    carrier: order.carrier,
    trackingNumber: order.trackingNumber,
    fulfilledAt: order.fulfilledAt?.toISOString() ?? null,
    readyToShip,
    notReadyBecause: reasons,
  };
}

/**
 * received − refunded − lost, in the order's currency: refunded counts succeeded refunds only (pending ones are
 * shown apart), disputed is what open disputes put at risk, lost what lost disputes took. Money in another
 * currency (a mismatch) is listed per currency and never added.
 */
export function moneyView(
  order: OrderRow,
  payments: readonly PaymentRow[],
  refunds: readonly RefundRow[],
  disputes: readonly DisputeRow[],
): OrderMoney {
  const mine = <T extends { currency: string }>(rows: readonly T[]) =>
    rows.filter((row) => row.currency === order.currency);
  const sum = (rows: readonly { amount: number }[]) => rows.reduce((total, row) => total + row.amount, 0);
  const received = sum(mine(payments));
  const refunded = mine(payments).reduce((total, p) => total + p.amountRefunded, 0);
  const lost = sum(mine(disputes).filter((d) => d.status === 'lost'));
  const others = new Map<string, { currency: string; received: number; refunded: number }>();
  for (const p of payments.filter((p) => p.currency !== order.currency)) {
    const line = others.get(p.currency) ?? { currency: p.currency, received: 0, refunded: 0 };
    line.received += p.amount;
    line.refunded += p.amountRefunded;
    others.set(p.currency, line);
  }
  return {
    currency: order.currency,
    expected: chargedTotal({
      expectedAmount: order.totalAmount,
      chargedAmount: approvedChargedAmount(order),
    }),
    received,
    refunded,
    disputed: sum(mine(disputes).filter((d) => isOpenDispute(d.status))),
    lost,
    net: received - refunded - lost,
    refundsPending: sum(mine(refunds).filter((r) => isPendingRefund(r.status))),
    otherCurrencies: [...others.values()],
  };
}

type Rows<K extends keyof typeof adminOrdersRepository> = Awaited<
  ReturnType<(typeof adminOrdersRepository)[K]>
>;

export interface OrderParts {
  attempts: Rows<'attempts'>;
  history: Rows<'history'>;
  deliveries: Rows<'deliveries'>;
  payments: PaymentRow[];
  refunds: RefundRow[];
  disputes: DisputeRow[];
  fraudWarnings: EarlyFraudWarningRow[];
  holds: Rows<'holds'>;
  messages: OutboxMessageRow[];
}

export function orderDetailView(order: OrderRow, parts: OrderParts): AdminOrderDetail {
  const { attempts, history, deliveries, payments, refunds, disputes, fraudWarnings, holds, messages } =
    parts;
  const money = moneyView(order, payments, refunds, disputes);
  const status = statusOf(order.status);
  const fulfilledAt = order.fulfilledAt?.getTime() ?? null;
  const after = (at: Date) =>
    fulfilledAt !== null && order.fulfilmentStatus !== 'unfulfilled' && at.getTime() > fulfilledAt;
  return {
    order: {
      id: order.id,
      createdAt: order.createdAt.toISOString(),
      updatedAt: order.updatedAt.toISOString(),
      status,
      statusReason: order.statusReason,
      customerEmail: order.customerEmail,
      items: order.items.map((item) => ({ ...item, lineTotal: item.unitAmount * item.quantity })),
      total: order.totalAmount,
      currency: order.currency,
      sessionId: order.currentSessionId,
      currentAttemptNo: order.currentAttemptNo,
      flags: order.flags as OrderFlag[],
      version: order.version,
      paidAt: order.paidAt?.toISOString() ?? null,
      paymentIntentId: order.paymentIntentId,
    },
    money,
    charges: order.charges,
    contact: order.contact ?? { shipping: null, billing: null },
    fulfilment: fulfilmentView(order),
    // The primary payment first, then any other in the order the money arrived.
    payments: [...payments]
      .sort(
        (a, b) =>
          Number(b.paymentIntentId === order.paymentIntentId) -
          Number(a.paymentIntentId === order.paymentIntentId),
      )
      .map((p) => {
        const primary = p.paymentIntentId === order.paymentIntentId;
        const left = p.amount - p.amountRefunded;
        const pending = refunds
          .filter((r) => r.paymentIntentId === p.paymentIntentId && isPendingRefund(r.status))
          .reduce((total, r) => total + r.amount, 0);
        // Stripe refuses to refund a disputed charge: the dispute decides where that money goes.
        const disputed = disputes.some(
          (d) => d.paymentIntentId === p.paymentIntentId && (isOpenDispute(d.status) || d.status === 'lost'),
        );
        return {
          paymentIntentId: p.paymentIntentId,
          role: primary ? ('primary' as const) : ('extra' as const),
          status:
            p.amountRefunded === 0
              ? ('succeeded' as const)
              : left <= 0
                ? ('refunded' as const)
                : ('partially_refunded' as const),
          amount: p.amount,
          currency: p.currency,
          amountRefunded: p.amountRefunded,
          refundable: hasReceivedMoney(status) && !disputed ? Math.max(0, left - pending) : 0,
          matchesOrder: p.amount === money.expected && p.currency === order.currency,
          sessionId: p.sessionId,
          attemptNo: p.attemptNo,
          receivedAt: p.receivedAt.toISOString(),
        };
      }),
    refunds: refunds.map((r) => ({
      id: r.id,
      paymentIntentId: r.paymentIntentId,
      amount: r.amount,
      currency: r.currency,
      // The table's check constraint admits only the contract's statuses.
      status: r.status as RefundStatus,
      reason: r.reason,
      failureReason: r.failureReason,
      requestedBy: r.requestedBy,
      createdAt: r.createdAt.toISOString(),
    })),
    disputes: disputes.map((d) => ({
      id: d.id,
      paymentIntentId: d.paymentIntentId,
      amount: d.amount,
      currency: d.currency,
      reason: d.reason,
      status: d.status as DisputeStatus,
      evidenceDueBy:
        d.evidenceDueBy && (DISPUTE_NEEDS_RESPONSE as readonly string[]).includes(d.status)
          ? d.evidenceDueBy.toISOString()
          : null,
      amountWithdrawn: d.amountWithdrawn,
      amountReinstated: d.amountReinstated,
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
      afterFulfilment: after(d.createdAt),
    })),
    fraudWarnings: fraudWarnings.map((w) => ({
      id: w.id,
      paymentIntentId: w.paymentIntentId,
      fraudType: w.fraudType,
      actionable: w.actionable,
      createdAt: w.createdAt.toISOString(),
      afterFulfilment: after(w.createdAt),
    })),
    attempts: attempts.map((a) => ({
      attemptNo: a.attemptNo,
      sessionId: a.sessionId,
      status: a.status as AdminOrderDetail['attempts'][number]['status'],
      outcome: a.outcome as AdminOrderDetail['attempts'][number]['outcome'],
      paymentStatus: a.paymentStatus,
      paymentIntentId: a.paymentIntentId,
      createdAt: a.createdAt.toISOString(),
      expiresAt: a.expiresAt.toISOString(),
      current: a.attemptNo === order.currentAttemptNo,
      watch: a.watch as AdminOrderDetail['attempts'][number]['watch'],
      checkedAt: a.checkedAt.toISOString(),
    })),
    holds: holds.map(({ hold, productTitle }) => holdView(hold, productTitle)),
    messages: messages.map(messageView),
    events: history.map((e) => ({
      id: Number(e.id),
      at: e.at.toISOString(),
      source: e.source as AdminOrderDetail['events'][number]['source'],
      kind: e.kind as AdminOrderDetail['events'][number]['kind'],
      fromStatus: e.fromStatus === null ? null : statusOf(e.fromStatus),
      toStatus: e.toStatus === null ? null : statusOf(e.toStatus),
      outcome: e.outcome as AdminOrderDetail['events'][number]['outcome'],
      stripeEventId: e.stripeEventId,
      detail: e.detail,
      stripeEvent: e.eventPayload ?? null,
    })),
    deliveries: deliveries.map((d) => ({
      id: Number(d.id),
      receivedAt: d.receivedAt.toISOString(),
      eventId: d.eventId,
      eventType: d.eventType,
      signatureOk: d.signatureOk,
      result: d.result as AdminOrderDetail['deliveries'][number]['result'],
      httpStatus: d.httpStatus,
      error: d.error,
      durationMs: d.durationMs,
    })),
  };
}

/** A stock hold as the admin sees it (the order page, and the list of what checkouts hold). */
export function holdView(hold: StockReservationRow, productTitle: string): AdminHold {
  return {
    orderId: hold.orderId,
    attemptNo: hold.attemptNo,
    productId: hold.productId,
    productTitle,
    quantity: hold.quantity,
    holder: hold.holder.slice(0, 12),
    // The table's check constraint admits only the contract's statuses.
    status: hold.status as AdminHold['status'],
    expiresAt: hold.expiresAt.toISOString(),
    createdAt: hold.createdAt.toISOString(),
    endedAt: hold.endedAt?.toISOString() ?? null,
  };
}

/** An outbox message as the admin's order page lists it. */
export function messageView(message: OutboxMessageRow): AdminMessage {
  return {
    id: message.id,
    // The table's check constraints admit only the contract's kinds and statuses.
    kind: message.kind as AdminMessage['kind'],
    recipient: message.recipient,
    status: message.status as AdminMessage['status'],
    attempts: message.attempts,
    lastError: message.lastError,
    createdAt: message.createdAt.toISOString(),
    sentAt: message.sentAt?.toISOString() ?? null,
  };
}
