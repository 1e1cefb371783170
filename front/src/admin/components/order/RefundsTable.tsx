import type { AdminRefund, RefundStatus } from '@checkstand/contract';
import { formatMoney } from '../../../money/format-money';
import { DateTime, IdValue, Pill, type PillTone } from '../AdminBits';

const REFUND_TONES: Record<RefundStatus, PillTone> = {
  pending: 'waiting',
  requires_action: 'waiting',
  succeeded: 'success',
  failed: 'danger',
  canceled: 'neutral',
};

/** Every refund of the order's payments: asked for here, or made in Stripe's dashboard. */
export function RefundsTable({ refunds }: { refunds: AdminRefund[] }) {
  if (refunds.length === 0) return <p className="admin-muted">No refund yet.</p>;
  return (
    <div className="admin-table-scroll" role="region" aria-labelledby="order-refunds" tabIndex={0}>
      <table className="admin-table">
        <caption className="visually-hidden">Refunds of this order’s payments</caption>
        <thead>
          <tr>
            <th scope="col">Refund</th>
            <th scope="col">Payment</th>
            <th scope="col" className="admin-table__num">
              Amount
            </th>
            <th scope="col">Status</th>
            <th scope="col">Requested by</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {refunds.map((refund) => (
            <tr
              key={refund.id}
              data-testid="refund-row"
              className={refund.status === 'failed' ? 'admin-table__row--danger' : undefined}
            >
              <th scope="row">
                <IdValue id={refund.id} what="refund ID" />
              </th>
              <td>
                <IdValue id={refund.paymentIntentId} what="payment intent" />
              </td>
              <td className="admin-table__num admin-table__nowrap">
                {formatMoney(refund.amount, refund.currency)}
              </td>
              <td>
                <Pill tone={REFUND_TONES[refund.status]}>{refund.status.replaceAll('_', ' ')}</Pill>
                {refund.failureReason && <span className="admin-table__sub">{refund.failureReason}</span>}
                {refund.reason && <span className="admin-table__sub">Reason: {refund.reason}</span>}
              </td>
              <td>{refund.requestedBy ?? <span className="admin-muted">Stripe dashboard</span>}</td>
              <td className="admin-table__nowrap">
                <DateTime iso={refund.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
