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

/** "It arrived after the order was fulfilled": the goods are gone, said where it counts. */
function afterFulfilmentNote(items: { afterFulfilment: boolean }[], what: string): string | null {
  return items.some((item) => item.afterFulfilment)
    ? `The ${what} arrived after the order was marked fulfilled: the goods have already shipped.`
    : null;
}

/**
 * What a person has to act on, above everything else: money that does not match the order (never ship it,
 * refund it), extra payments (refund them, each with its own button in the payments table), disputes (answer
 * them in Stripe), early fraud warnings (refund the payment in full) and an oversold order (add stock or refund).
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
  const flagged = (['dispute_open', 'dispute_lost', 'fraud_warning', 'oversold'] as const).filter((flag) =>
    order.flags.includes(flag),
  );
  if (order.status !== 'payment_mismatch' && !duplicate && flagged.length === 0) return null;
  const late = {
    dispute_open: afterFulfilmentNote(detail.disputes, 'dispute'),
    dispute_lost: afterFulfilmentNote(detail.disputes, 'dispute'),
    fraud_warning: afterFulfilmentNote(detail.fraudWarnings, 'warning'),
    oversold: null,
  };
  const where = {
    dispute_open: { href: '#order-disputes', text: 'See the disputes' },
    dispute_lost: { href: '#order-disputes', text: 'See the disputes' },
    fraud_warning: { href: '#order-fraud-warnings', text: 'See the warning and refund it in full' },
    oversold: { href: '#order-stock', text: 'See the stock held for it' },
  };

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
      {flagged.map((flag) => (
        <Alert key={flag} testId={`flag-${flag}`} title={FLAG_INFO[flag].label}>
          <p>{FLAG_INFO[flag].text}</p>
          {late[flag] && (
            <p>
              <strong>{late[flag]}</strong>
            </p>
          )}
          <p>
            <a href={where[flag].href}>{where[flag].text}</a>
          </p>
        </Alert>
      ))}
    </div>
  );
}
