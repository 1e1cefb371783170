import type { PublicOrder } from '@checkstand/contract';
import { Link } from 'react-router';
import { UNDER_REVIEW_MESSAGE } from '@checkstand/contract';
import { StatusMark } from './Icons';
import { OrderFacts, OrderItems, OrderNumber, StatusBadge, paymentRows } from './OrderDetails';

/**
 * A `payment_mismatch` order on the success and cancel pages: money arrived, but not what the order expects, so
 * the shop reviews it (and refunds it). Nothing for the customer to do: no retry, no cancel, and not a failure.
 */
export function PaymentUnderReview({ order, orderLink }: { order: PublicOrder; orderLink: boolean }) {
  return (
    <div className="checkout-result">
      <header className="checkout-result__header">
        <StatusMark tone="waiting" />
        <h1 className="checkout-result__title" tabIndex={-1}>
          Your payment is under review
        </h1>
        <p className="checkout-result__reason" data-testid="status-reason">
          {UNDER_REVIEW_MESSAGE}
        </p>
        <p className="checkout-result__text">Please don’t pay again. Your cart is kept as it was.</p>
      </header>
      <div className="order-card">
        <OrderFacts
          rows={[
            { label: 'Order number', value: <OrderNumber id={order.id} /> },
            { label: 'Status', value: <StatusBadge status={order.status} testId="order-status" /> },
            ...paymentRows(order),
          ]}
        />
        <OrderItems order={order} />
        {orderLink && (
          <p className="order-card__link">
            <Link to={`/orders/${encodeURIComponent(order.id)}`}>View order details</Link>
          </p>
        )}
      </div>
    </div>
  );
}
