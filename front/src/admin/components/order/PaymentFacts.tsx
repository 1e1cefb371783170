import { formatMoney } from '../../../money/format-money';
import type { AdminPayment } from '../../admin-api';
import { DateTime, IdValue } from '../AdminBits';
import { Fact } from './OrderCard';

/** The Payment card's facts: what Stripe received, what was refunded and what is left to refund. */
export function PaymentFacts({ payment }: { payment: AdminPayment | null }) {
  if (!payment) return <p className="admin-muted">No payment received yet.</p>;
  return (
    <dl className="admin-facts" data-testid="payment">
      <Fact label="Amount received" testId="amount-received">
        {formatMoney(payment.amountReceived, payment.currency)}
      </Fact>
      <Fact label="Refunded" testId="amount-refunded">
        {formatMoney(payment.amountRefunded, payment.currency)}
      </Fact>
      <Fact label="Refundable">{formatMoney(payment.refundable, payment.currency)}</Fact>
      <Fact label="Currency">{payment.currency.toUpperCase()}</Fact>
      <Fact label="Payment intent">
        <IdValue id={payment.paymentIntentId} what="payment intent" />
      </Fact>
      <Fact label="Paid at">
        <DateTime iso={payment.paidAt} />
      </Fact>
      <Fact label="Customer email">
        {payment.customerEmail ?? <span className="admin-muted">Not given</span>}
      </Fact>
    </dl>
  );
}
