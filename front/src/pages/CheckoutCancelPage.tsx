import { useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../api/api-client';
import { hasReceivedMoney, isPaidStatus, type PublicOrder } from '@checkstand/contract';
import { orderQueryKey } from '../api/orders';
import { ErrorState } from '../components/ErrorState';
import { StatusMark } from '../components/Icons';
import { PaymentNotCompleted, PaymentProblem } from '../components/PaymentProblem';
import { PaymentUnderReview } from '../components/PaymentUnderReview';
import { useOrderRecord } from '../orders/order-book-context';
import { useOrder } from '../orders/use-order';
import { useSettleCartWhenPaid } from '../orders/use-settle-cart';

const NO_ORDER_TEXT =
  'Nothing was charged, and your cart is exactly as you left it: you can check out again from there.';

/**
 * `/checkout/cancel?order_id=…`: where Stripe's "back" link leads, and where a failed or expired payment is
 * explained. The order is read with the token this browser kept when it created it.
 */
export function CheckoutCancelPage() {
  const [params] = useSearchParams();
  const orderId = params.get('order_id')?.trim() || null;
  const record = useOrderRecord(orderId);

  if (!orderId || !record) {
    return (
      <div className="container page page--narrow">
        <title>Payment not completed · Checkstand</title>
        <PaymentNotCompleted title="Your payment wasn’t completed" text={NO_ORDER_TEXT} />
      </div>
    );
  }
  return <CancelledCheckout orderId={orderId} token={record.orderToken} />;
}

function CancelledCheckout({ orderId, token }: { orderId: string; token: string }) {
  const queryClient = useQueryClient();
  const query = useOrder(orderId, token);
  useSettleCartWhenPaid(query.data);

  const refetch = () => void query.refetch();
  const setOrder = (order: PublicOrder) => queryClient.setQueryData(orderQueryKey(orderId), order);

  let content;
  if (query.isPending) {
    content = (
      <div className="checkout-result" aria-busy="true">
        <h1 className="checkout-result__title" tabIndex={-1}>
          Loading your order…
        </h1>
      </div>
    );
  } else if (query.isError) {
    content =
      query.error instanceof ApiError && query.error.code === 'order_not_found' ? (
        <PaymentNotCompleted title="We couldn’t find this order" text={NO_ORDER_TEXT} />
      ) : (
        <>
          <ErrorState
            headingLevel={1}
            title="We couldn’t load your order"
            error={query.error}
            retrying={query.isFetching}
            onRetry={refetch}
          />
          <p className="page-note">
            Your cart is kept. <Link to="/cart">Back to cart</Link>
          </p>
        </>
      );
  } else if (isPaidStatus(query.data.status)) {
    content = <AlreadyPaid order={query.data} />;
  } else if (query.data.status === 'payment_mismatch') {
    content = <PaymentUnderReview order={query.data} orderLink />;
  } else {
    content = <PaymentProblem order={query.data} token={token} onChanged={setOrder} onStale={refetch} />;
  }

  const status = query.data?.status;
  const title =
    status === undefined || !hasReceivedMoney(status)
      ? 'Payment not completed · Checkstand'
      : isPaidStatus(status)
        ? 'Order paid · Checkstand'
        : 'Payment under review · Checkstand';
  return (
    <div className="container page page--narrow">
      <title>{title}</title>
      {content}
    </div>
  );
}

function AlreadyPaid({ order }: { order: PublicOrder }) {
  return (
    <div className="checkout-result">
      <header className="checkout-result__header">
        <StatusMark tone="success" />
        <h1 className="checkout-result__title" tabIndex={-1}>
          This order is already paid
        </h1>
        <p className="checkout-result__text">
          There is nothing more to pay. Your receipt is on the order page.
        </p>
      </header>
      <div className="order-actions__buttons">
        <Link to={`/orders/${encodeURIComponent(order.id)}`} className="button button--large">
          View your order
        </Link>
        <Link to="/" className="button button--secondary button--large">
          Continue shopping
        </Link>
      </div>
    </div>
  );
}
