import type { AdminFraudWarning, AdminPayment } from '@checkstand/contract';
import { formatMoney } from '../../../money/format-money';
import { codeWords } from '../../admin-format';
import { DateTime, IdValue, Pill } from '../AdminBits';
import { AfterFulfilment } from './DisputesTable';

interface FraudWarningsProps {
  warnings: AdminFraudWarning[];
  payments: AdminPayment[];
  /** The payment intent a refund is waiting on Stripe for, if any: its button waits too. */
  refundPendingOn: string | null;
  onRefundInFull: (payment: AdminPayment) => void;
}

/** What can be done about one warning: refund its payment in full, or why that is not offered. */
function WarningAction({
  warning,
  payment,
  pending,
  onRefundInFull,
}: {
  warning: AdminFraudWarning;
  payment: AdminPayment | undefined;
  pending: boolean;
  onRefundInFull: (payment: AdminPayment) => void;
}) {
  if (!warning.actionable) {
    return <span className="admin-muted">Nothing to do: Stripe says it is no longer actionable.</span>;
  }
  if (!payment) return <span className="admin-muted">The warned payment isn’t one of this order’s.</span>;
  if (payment.refundable <= 0) {
    return <span className="admin-muted">Refunded: nothing is left on this payment.</span>;
  }
  return (
    <>
      <button
        type="button"
        className="admin-button admin-button--danger admin-button--small"
        aria-label={`Refund in full payment ${payment.paymentIntentId}`}
        aria-disabled={pending}
        title={pending ? 'A refund of this payment is waiting for Stripe’s confirmation.' : undefined}
        onClick={() => {
          if (!pending) onRefundInFull(payment);
        }}
      >
        Refund in full…
      </button>
      <span className="admin-table__sub">
        {formatMoney(payment.refundable, payment.currency)} left on the payment
      </span>
    </>
  );
}

/**
 * Stripe's early fraud warnings on the order's payments: a card issuer reported the charge as fraud. An
 * actionable one is best refunded in full now (it usually turns into a dispute, with its fee, otherwise).
 */
export function FraudWarnings({ warnings, payments, refundPendingOn, onRefundInFull }: FraudWarningsProps) {
  if (warnings.length === 0) return <p className="admin-muted">No early fraud warning on this order.</p>;
  return (
    <div className="admin-table-scroll" role="region" aria-labelledby="order-fraud-warnings" tabIndex={0}>
      <table className="admin-table">
        <caption className="visually-hidden">Early fraud warnings on this order’s payments</caption>
        <thead>
          <tr>
            <th scope="col">Warning</th>
            <th scope="col">Fraud type</th>
            <th scope="col">Actionable</th>
            <th scope="col">Received</th>
            <th scope="col">What to do</th>
          </tr>
        </thead>
        <tbody>
          {warnings.map((warning) => {
            const payment = payments.find((p) => p.paymentIntentId === warning.paymentIntentId);
            return (
              <tr
                key={warning.id}
                data-testid="fraud-warning-row"
                className={warning.afterFulfilment ? 'admin-table__row--danger' : undefined}
              >
                <th scope="row">
                  <IdValue id={warning.id} what="warning ID" />
                  {warning.paymentIntentId && (
                    <span className="admin-table__sub">
                      on <IdValue id={warning.paymentIntentId} what="payment intent" />
                    </span>
                  )}
                  {warning.afterFulfilment && <AfterFulfilment what="warning" />}
                </th>
                <td>{codeWords(warning.fraudType)}</td>
                <td>
                  {warning.actionable ? (
                    <Pill tone="danger">Yes: refund to avoid a dispute</Pill>
                  ) : (
                    <Pill tone="neutral">No</Pill>
                  )}
                </td>
                <td className="admin-table__nowrap">
                  <DateTime iso={warning.createdAt} />
                </td>
                <td>
                  <WarningAction
                    warning={warning}
                    payment={payment}
                    pending={refundPendingOn !== null && refundPendingOn === warning.paymentIntentId}
                    onRefundInFull={onRefundInFull}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
