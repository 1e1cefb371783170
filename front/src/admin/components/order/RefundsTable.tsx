import type { AdminPayment, AdminRefund, RefundStatus } from '@checkstand/contract';
import { formatMoney } from '../../../money/format-money';
import { REFUND_STATUS_LABELS, codeWords } from '../../admin-format';
import { DateTime, IdValue, Pill, type PillTone } from '../AdminBits';

const REFUND_TONES: Record<RefundStatus, PillTone> = {
  pending: 'waiting',
  requires_action: 'waiting',
  succeeded: 'success',
  failed: 'danger',
  canceled: 'neutral',
};

/** "Refund failed: expired or canceled card", or just "Refund failed" when Stripe gave no reason. */
export function refundFailureText(refund: Pick<AdminRefund, 'failureReason'>): string {
  return refund.failureReason ? `Refund failed: ${codeWords(refund.failureReason)}` : 'Refund failed';
}

/** What the status means for the owner, beyond its name. */
function statusNote(refund: AdminRefund): string | null {
  switch (refund.status) {
    case 'failed':
      return `${refundFailureText(refund)}. The money stayed with the shop.`;
    case 'pending':
      return 'Waiting for Stripe to settle it.';
    case 'requires_action':
      return 'Stripe needs more information to send it: see the refund in your Stripe Dashboard.';
    case 'canceled':
      return 'Canceled: nothing was refunded.';
    case 'succeeded':
      return null;
  }
}

/** A later refund of the same amount on the same payment that did not fail: the failed one was retried. */
function retriedBy(refund: AdminRefund, refunds: AdminRefund[]): AdminRefund | undefined {
  return refunds.find(
    (other) =>
      other.id !== refund.id &&
      other.paymentIntentId === refund.paymentIntentId &&
      other.amount === refund.amount &&
      other.createdAt > refund.createdAt &&
      other.status !== 'failed' &&
      other.status !== 'canceled',
  );
}

interface RefundsTableProps {
  refunds: AdminRefund[];
  payments: AdminPayment[];
  /** The payment intent a refund is waiting on Stripe for, if any: no retry on it meanwhile. */
  refundPendingOn: string | null;
  /** Opens the refund dialog for the failed refund's payment, with its amount. */
  onRetry: (refund: AdminRefund, payment: AdminPayment) => void;
}

/** Every refund of the order's payments, asked for here or made in Stripe's dashboard; a failed one can be retried. */
export function RefundsTable({ refunds, payments, refundPendingOn, onRetry }: RefundsTableProps) {
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
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {refunds.map((refund) => {
            const note = statusNote(refund);
            const payment = payments.find((p) => p.paymentIntentId === refund.paymentIntentId);
            const retried = refund.status === 'failed' ? retriedBy(refund, refunds) : undefined;
            const canRetry =
              refund.status === 'failed' && !retried && payment !== undefined && payment.refundable > 0;
            const pending = refundPendingOn === refund.paymentIntentId;
            return (
              <tr
                key={refund.id}
                data-testid="refund-row"
                data-refund-id={refund.id}
                data-status={refund.status}
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
                  <Pill tone={REFUND_TONES[refund.status]}>{REFUND_STATUS_LABELS[refund.status]}</Pill>
                  {note && (
                    <span
                      className={`admin-table__sub${refund.status === 'failed' ? ' admin-danger-text' : ''}`}
                      data-testid="refund-note"
                    >
                      {note}
                    </span>
                  )}
                  {retried && <span className="admin-table__sub">Retried as {retried.id}.</span>}
                  {refund.reason && (
                    <span className="admin-table__sub">Reason: {codeWords(refund.reason)}</span>
                  )}
                </td>
                <td>{refund.requestedBy ?? <span className="admin-muted">Stripe dashboard</span>}</td>
                <td className="admin-table__nowrap">
                  <DateTime iso={refund.createdAt} />
                </td>
                <td className="admin-table__nowrap">
                  {canRetry && (
                    <button
                      type="button"
                      className="admin-button admin-button--secondary admin-button--small"
                      aria-label={`Retry refund ${refund.id}`}
                      aria-disabled={pending}
                      title={
                        pending ? 'A refund of this payment is waiting for Stripe’s confirmation.' : undefined
                      }
                      onClick={() => {
                        if (!pending) onRetry(refund, payment);
                      }}
                    >
                      Retry…
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
