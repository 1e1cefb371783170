import type { AdminOrderDetail, OrderStatus } from '@checkstand/contract';
import { formatMoney } from '../../../money/format-money';
import type { AcceptedRefund } from '../../admin-api';
import { ADMIN_STATUS_LABELS } from '../../admin-format';

/** A refund Stripe accepted, until Stripe reports it settled on the payment it was made on. */
export interface PendingRefund {
  refund: AcceptedRefund;
  /** What that payment had refunded before this refund. */
  refundedBefore: number;
  statusBefore: OrderStatus;
  late: boolean;
}

/** What the order page says about the last refund: still waiting for Stripe, confirmed, or failed. */
export type RefundNotice =
  | { kind: 'pending'; pending: PendingRefund }
  | { kind: 'confirmed'; text: string }
  | { kind: 'failed'; text: string };

/** What one payment of the order has refunded so far; a payment the order does not list has refunded nothing. */
function refundedOn(detail: AdminOrderDetail, paymentIntentId: string): number {
  const payment = detail.payments.find((p) => p.paymentIntentId === paymentIntentId);
  return payment ? payment.amountRefunded : 0;
}

/** A refund just accepted by Stripe, remembered with its payment and the order as they were before it. */
export function pendingRefund(refund: AcceptedRefund, detail: AdminOrderDetail): RefundNotice {
  return {
    kind: 'pending',
    pending: {
      refund,
      refundedBefore: refundedOn(detail, refund.paymentIntentId),
      statusBefore: detail.order.status,
      late: false,
    },
  };
}

/**
 * Stripe's `charge.refunded` arrived: the refunded payment shows more refunded, or the order another status. Per
 * payment, so refunding an extra payment (which leaves the order's status alone) is seen landing too.
 */
export function refundLanded(detail: AdminOrderDetail, pending: PendingRefund): boolean {
  return (
    refundedOn(detail, pending.refund.paymentIntentId) > pending.refundedBefore ||
    detail.order.status !== pending.statusBefore
  );
}

export function confirmedRefund(detail: AdminOrderDetail, pending: PendingRefund): RefundNotice {
  const { refund } = pending;
  const payment = detail.payments.find((p) => p.paymentIntentId === refund.paymentIntentId);
  const which = payment?.role === 'extra' ? ` on the extra payment ${refund.paymentIntentId}` : '';
  return {
    kind: 'confirmed',
    text: `Stripe confirmed the refund of ${formatMoney(refund.amount, refund.currency)}${which}. The order is now ${ADMIN_STATUS_LABELS[detail.order.status].toLowerCase()}.`,
  };
}

/** Stripe accepted the refund, then it failed or was canceled (`refund.failed`): no money went back. */
export function refundFailed(detail: AdminOrderDetail, pending: PendingRefund): boolean {
  return detail.refunds.some(
    (r) => r.id === pending.refund.id && (r.status === 'failed' || r.status === 'canceled'),
  );
}

export function failedRefund(detail: AdminOrderDetail, pending: PendingRefund): RefundNotice {
  const { refund } = pending;
  const row = detail.refunds.find((r) => r.id === refund.id);
  const why =
    row?.status === 'canceled'
      ? 'it was canceled'
      : row?.failureReason
        ? `it failed (${row.failureReason.replaceAll('_', ' ')})`
        : 'it failed';
  return {
    kind: 'failed',
    text: `Stripe couldn’t make the refund of ${formatMoney(refund.amount, refund.currency)}: ${why}. No money went back; you can retry it from the Refunds table.`,
  };
}
