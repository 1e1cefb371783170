import type { AdminOrderDetail } from '../../admin-api';
import { DateTime, IdValue } from '../AdminBits';
import { Fact } from './OrderCard';

/** The Summary card's facts: when, who, which Checkout Session, how many attempts. */
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
      <Fact label="Attempts">{String(detail.attempts.length || order.currentAttemptNo)}</Fact>
    </dl>
  );
}
