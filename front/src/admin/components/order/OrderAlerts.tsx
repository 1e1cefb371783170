import type { AdminOrderDetail, AdminPayment } from '@checkstand/contract';
import type { ReactNode } from 'react';
import { formatMoney } from '../../../money/format-money';
import { FLAG_INFO } from '../../admin-format';

function Alert({ testId, title, children }: { testId: string; title: string; children: ReactNode }) {
  return (
    <div className="admin-alert" role="alert" data-testid={testId}>
      <span className="admin-alert__icon" aria-hidden="true">
        !
      </span>
      <div>
        <p className="admin-alert__title">{title}</p>
        <div className="admin-alert__text">{children}</div>
      </div>
    </div>
  );
}

/** "$62.50", or "€50.00 (EUR)" when the currency is what differs. */
function amountOf(payment: Pick<AdminPayment, 'amount' | 'currency'>, orderCurrency: string): string {
  const text = formatMoney(payment.amount, payment.currency);
  return payment.currency === orderCurrency ? text : `${text} (${payment.currency.toUpperCase()})`;
}

/**
 * What a person has to act on, above everything else: money that does not match the order (never ship it,
 * refund it) and extra payments (refund them, each with its own button in the payments table).
 */
export function OrderAlerts({ detail }: { detail: AdminOrderDetail }) {
  const { order, payments } = detail;
  const mismatched =
    order.status === 'payment_mismatch'
      ? (payments.find((p) => p.paymentIntentId === order.paymentIntentId) ??
        payments.find((p) => !p.matchesOrder) ??
        null)
      : null;
  const extras = payments.filter((p) => p.role === 'extra' && p.refundable > 0);
  const duplicate = order.flags.includes('duplicate_payment');
  if (order.status !== 'payment_mismatch' && !duplicate) return null;

  return (
    <div className="admin-alerts">
      {order.status === 'payment_mismatch' && (
        <Alert testId="alert-payment_mismatch" title="Payment doesn’t match this order">
          <p>
            {mismatched ? (
              <>
                Stripe received <strong>{amountOf(mismatched, order.currency)}</strong> on{' '}
                <code>{mismatched.paymentIntentId}</code>, but the order expects{' '}
                <strong>{amountOf({ amount: order.total, currency: order.currency }, order.currency)}</strong>
                .
              </>
            ) : (
              <>
                Money arrived that doesn’t match the order total of{' '}
                <strong>{formatMoney(order.total, order.currency)}</strong>.
              </>
            )}
          </p>
          <p>
            <strong>Don’t ship this order.</strong> Refund the payment (its “Refund…” button under Payments)
            and contact the customer; they were told the payment is under review.
          </p>
        </Alert>
      )}
      {duplicate && (
        <Alert testId="flag-duplicate_payment" title={FLAG_INFO.duplicate_payment.label}>
          <p>{FLAG_INFO.duplicate_payment.text}</p>
          {extras.length > 0 && (
            <ul className="admin-alert__list">
              {extras.map((p) => (
                <li key={p.paymentIntentId}>
                  The extra payment is <code>{p.paymentIntentId}</code> ({amountOf(p, order.currency)}
                  {p.refundable < p.amount ? `, ${formatMoney(p.refundable, p.currency)} left to refund` : ''}
                  ): refund it with its “Refund…” button under Payments.
                </li>
              ))}
            </ul>
          )}
        </Alert>
      )}
    </div>
  );
}
