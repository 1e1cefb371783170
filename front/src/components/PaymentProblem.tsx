import { Link } from 'react-router';
import type { PublicOrder } from '@checkstand/contract';
import { reasonMessage } from '../orders/order-status';
import { StatusMark } from './Icons';
import { OrderActions } from './OrderActions';
import { OrderFacts, OrderItems, OrderNumber, StatusBadge } from './OrderDetails';

const HEADINGS: Partial<Record<PublicOrder['status'], string>> = {
  failed: 'Your payment didn’t go through',
  expired: 'Your checkout session expired',
  cancelled: 'Your order is cancelled',
  pending: 'Your payment isn’t finished',
  processing: 'Your payment is being processed',
};

interface PaymentProblemProps {
  order: PublicOrder;
  token: string | undefined;
  onChanged: (order: PublicOrder) => void;
  onStale: () => void;
}

/**
 * The failure view, shared by the cancel page and the success page: what happened (the reason when known),
 * the order as it was, and the ways on: pay again, back to the cart (untouched), or cancel the order.
 */
export function PaymentProblem({ order, token, onChanged, onStale }: PaymentProblemProps) {
  const reason = reasonMessage(order);
  const tone = order.status === 'processing' || order.status === 'pending' ? 'waiting' : 'danger';
  return (
    <div className="checkout-result">
      <header className="checkout-result__header">
        <StatusMark tone={tone} />
        <h1 className="checkout-result__title" tabIndex={-1}>
          {HEADINGS[order.status] ?? 'Your payment wasn’t completed'}
        </h1>
        {reason && (
          <p className="checkout-result__reason" data-testid="status-reason">
            {reason}
          </p>
        )}
        <p className="checkout-result__text">
          {order.status === 'processing'
            ? 'Your bank is confirming the payment; your order page will show the result.'
            : 'Your cart is kept exactly as it was.'}
        </p>
      </header>
      {token ? null : (
        <p className="inline-notice">
          This order was started in another browser, so it can only be paid or cancelled from there.
        </p>
      )}
      <OrderActions order={order} token={token} onChanged={onChanged} onStale={onStale} />
      <div className="order-card">
        <OrderFacts
          rows={[
            { label: 'Order number', value: <OrderNumber id={order.id} /> },
            { label: 'Status', value: <StatusBadge status={order.status} testId="order-status" /> },
          ]}
        />
        <OrderItems order={order} />
        {token && (
          <p className="order-card__link">
            <Link to={`/orders/${encodeURIComponent(order.id)}`}>View order details</Link>
          </p>
        )}
      </div>
    </div>
  );
}

/** When this browser has no token for the order (or no order at all): nothing to show but a way back. */
export function PaymentNotCompleted({ title, text }: { title: string; text: string }) {
  return (
    <div className="checkout-result">
      <header className="checkout-result__header">
        <StatusMark tone="danger" />
        <h1 className="checkout-result__title" tabIndex={-1}>
          {title}
        </h1>
        <p className="checkout-result__text">{text}</p>
      </header>
      <div className="order-actions__buttons">
        <Link to="/cart" className="button button--large">
          Back to cart
        </Link>
        <Link to="/orders" className="button button--secondary button--large">
          Recent orders
        </Link>
      </div>
    </div>
  );
}
