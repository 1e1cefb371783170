import type { AdminPayment, PaymentStatus } from '@checkstand/contract';
import { formatMoney } from '../../../money/format-money';
import { IdValue, Pill, StackedDateTime, type PillTone } from '../AdminBits';

const PAYMENT_STATUS: Record<PaymentStatus, { label: string; tone: PillTone }> = {
  succeeded: { label: 'Succeeded', tone: 'success' },
  partially_refunded: { label: 'Partially refunded', tone: 'info' },
  refunded: { label: 'Refunded', tone: 'neutral' },
};

interface PaymentsTableProps {
  payments: AdminPayment[];
  /** The payment intent a refund is waiting on Stripe for, if any: its button waits too. */
  refundPendingOn: string | null;
  onRefund: (payment: AdminPayment) => void;
}

/**
 * Every payment intent that brought money for the order: the primary one (the one the status is about) and any
 * extra (a duplicate, or a payment that did not match), each refundable on its own.
 */
export function PaymentsTable({ payments, refundPendingOn, onRefund }: PaymentsTableProps) {
  if (payments.length === 0) return <p className="admin-muted">No payment received yet.</p>;
  return (
    <div className="admin-table-scroll" role="region" aria-labelledby="order-payments" tabIndex={0}>
      <table className="admin-table">
        <caption className="visually-hidden">Payments received for this order, the primary one first</caption>
        <thead>
          <tr>
            <th scope="col">Payment intent</th>
            <th scope="col" className="admin-table__num">
              Amount
            </th>
            <th scope="col" className="admin-table__num">
              Refunded
            </th>
            <th scope="col">Status</th>
            <th scope="col">Matches order</th>
            <th scope="col">Session</th>
            <th scope="col">Received</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {payments.map((payment) => {
            const status = PAYMENT_STATUS[payment.status];
            const pending = refundPendingOn === payment.paymentIntentId;
            return (
              <tr
                key={payment.paymentIntentId}
                data-testid="payment-row"
                data-payment-intent={payment.paymentIntentId}
                className={payment.matchesOrder ? undefined : 'admin-table__row--danger'}
              >
                <th scope="row">
                  <IdValue id={payment.paymentIntentId} what="payment intent" />
                  <span className="admin-table__sub">
                    <Pill tone={payment.role === 'primary' ? 'info' : 'waiting'}>{payment.role}</Pill>
                  </span>
                </th>
                <td className="admin-table__num admin-table__nowrap">
                  {formatMoney(payment.amount, payment.currency)}
                </td>
                <td className="admin-table__num admin-table__nowrap">
                  {formatMoney(payment.amountRefunded, payment.currency)}
                </td>
                <td>
                  <Pill tone={status.tone}>{status.label}</Pill>
                </td>
                <td>
                  {payment.matchesOrder ? (
                    'Yes'
                  ) : (
                    <strong className="admin-danger-text">No: not the order’s amount or currency</strong>
                  )}
                </td>
                <td>
                  <IdValue id={payment.sessionId} what="session ID" />
                  {payment.attemptNo !== null && (
                    <span className="admin-table__sub">Attempt {payment.attemptNo}</span>
                  )}
                </td>
                <td>
                  <StackedDateTime iso={payment.receivedAt} />
                </td>
                <td className="admin-table__nowrap">
                  {payment.refundable > 0 && (
                    <button
                      type="button"
                      className="admin-button admin-button--secondary admin-button--small"
                      aria-label={`Refund payment ${payment.paymentIntentId}`}
                      aria-disabled={pending}
                      title={
                        pending ? 'A refund of this payment is waiting for Stripe’s confirmation.' : undefined
                      }
                      onClick={() => {
                        if (!pending) onRefund(payment);
                      }}
                    >
                      Refund…
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
