import type { AdminOrderDetail } from '@checkstand/contract';
import { DateTime, IdValue } from '../AdminBits';
import { Fact } from './OrderCard';

/** The Summary card's facts: when, who, which Checkout Session and payment, how many attempts. */
export function OrderSummaryFacts({ detail }: { detail: AdminOrderDetail }) {
  const { order } = detail;
  return (
    <dl className="admin-facts">
      <Fact label="Created">
        <DateTime iso={order.createdAt} />
      </Fact>
      <Fact label="Last change">
        <DateTime iso={order.updatedAt} />
      </Fact>
      <Fact label="Customer">{order.customerEmail ?? <span className="admin-muted">Not given</span>}</Fact>
      <Fact label="Checkout Session">
        <IdValue id={order.sessionId} what="session ID" />
      </Fact>
      <Fact label="Payment intent">
        <IdValue id={order.paymentIntentId} what="payment intent" />
      </Fact>
      <Fact label="Paid at">
        <DateTime iso={order.paidAt} />
      </Fact>
      <Fact label="Attempts" testId="attempt-count">
        {String(detail.attempts.length)}
      </Fact>
    </dl>
  );
}
