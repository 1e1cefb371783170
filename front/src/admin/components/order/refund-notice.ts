import { formatMoney } from '../../../money/format-money';
import type { AdminOrderDetail, AdminRefund } from '../../admin-api';
import { ADMIN_STATUS_LABELS } from '../../admin-format';

/** A refund Stripe accepted, until its `charge.refunded` webhook changes the order. */
export interface PendingRefund {
  refund: AdminRefund;
  refundedBefore: number;
  statusBefore: string;
  late: boolean;
}

/** What the order page says about the last refund: still waiting for Stripe, or confirmed. */
export type RefundNotice = { kind: 'pending'; pending: PendingRefund } | { kind: 'confirmed'; text: string };

/** A refund just accepted by Stripe, remembered with the order as it was before it. */
export function pendingRefund(refund: AdminRefund, detail: AdminOrderDetail): RefundNotice {
  return {
    kind: 'pending',
    pending: {
      refund,
      refundedBefore: detail.payment?.amountRefunded ?? 0,
      statusBefore: detail.order.status,
      late: false,
    },
  };
}

/** Stripe's `charge.refunded` arrived: the order shows more refunded, or another status. */
export function refundLanded(detail: AdminOrderDetail, pending: PendingRefund): boolean {
  return (
    (detail.payment?.amountRefunded ?? 0) > pending.refundedBefore ||
    detail.order.status !== pending.statusBefore
  );
}

export function confirmedRefund(detail: AdminOrderDetail, pending: PendingRefund): RefundNotice {
  return {
    kind: 'confirmed',
    text: `Stripe confirmed the refund of ${formatMoney(pending.refund.amount, pending.refund.currency)}. The order is now ${ADMIN_STATUS_LABELS[detail.order.status].toLowerCase()}.`,
  };
}
