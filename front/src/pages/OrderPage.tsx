import { useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/api-client';
import type { PublicOrder } from '@checkstand/contract';
import { orderQueryKey } from '../api/orders';
import { ErrorState } from '../components/ErrorState';
import { ArrowLeftIcon } from '../components/Icons';
import { OrderActions } from '../components/OrderActions';
import {
  OrderFacts,
  OrderItems,
  OrderNumber,
  ShipTo,
  StatusBadge,
  paymentRows,
  type FactRow,
} from '../components/OrderDetails';
import { useOrderRecord } from '../orders/order-book-context';
import { formatDateTime, reasonMessage } from '../orders/order-status';
import { useOrder } from '../orders/use-order';
import { useSettleCartWhenPaid } from '../orders/use-settle-cart';
import { NotFoundContent } from './NotFoundPage';

const NOT_ON_THIS_DEVICE =
  'An order can be opened from the browser it was placed in. If you placed it here, it may have been cleared from this browser’s storage.';

/** `/orders/:orderId`: one order this browser created, with its live status. */
export function OrderPage() {
  const { orderId = '' } = useParams();
  const record = useOrderRecord(orderId);
  if (!record) {
    return <NotFoundContent title="We can’t open this order here" text={NOT_ON_THIS_DEVICE} />;
  }
  return <OrderView key={orderId} orderId={orderId} token={record.orderToken} />;
}

function OrderView({ orderId, token }: { orderId: string; token: string }) {
  const queryClient = useQueryClient();
  const query = useOrder(orderId, token);
  useSettleCartWhenPaid(query.data);

  if (query.isPending) {
    return (
      <div className="container page page--narrow" aria-busy="true">
        <BackLink />
        <h1 className="page-title" tabIndex={-1}>
          Loading your order…
        </h1>
      </div>
    );
  }
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.code === 'order_not_found') {
      return <NotFoundContent title="We couldn’t find this order" text={NOT_ON_THIS_DEVICE} />;
    }
    return (
      <div className="container page page--narrow">
        <BackLink />
        <ErrorState
          headingLevel={1}
          title="We couldn’t load your order"
          error={query.error}
          retrying={query.isFetching}
          onRetry={() => void query.refetch()}
        />
      </div>
    );
  }

  const order = query.data;
  const settledUnpaid =
    order.status === 'failed' || order.status === 'expired' || order.status === 'cancelled';
  const reason = settledUnpaid ? reasonMessage(order) : null;
  const rows: FactRow[] = [
    { label: 'Order number', value: <OrderNumber id={order.id} /> },
    { label: 'Placed', value: <time dateTime={order.createdAt}>{formatDateTime(order.createdAt)}</time> },
    { label: 'Status', value: <StatusBadge status={order.status} testId="order-status" /> },
    { label: 'Payment attempts', value: String(order.sessionCount), testId: 'order-attempts' },
    ...paymentRows(order),
  ];

  return (
    <div className="container page page--narrow">
      <title>Your order · Checkstand</title>
      <BackLink />
      <h1 className="page-title" tabIndex={-1}>
        Your order
      </h1>
      {/* Announces status changes found by the live refresh (pending → paid…). */}
      <p className="order-page__status" role="status" aria-live="polite" aria-atomic="true">
        {statusSentence(order)}
        {reason ? ` ${reason}` : ''}
      </p>
      <div className="order-card">
        <OrderFacts rows={rows} />
        <OrderItems order={order} />
        <ShipTo order={order} />
      </div>
      {(order.actions.retry || order.actions.cancel) && (
        <OrderActions
          order={order}
          token={token}
          onChanged={(changed: PublicOrder) => queryClient.setQueryData(orderQueryKey(orderId), changed)}
          onStale={() => void query.refetch()}
        />
      )}
    </div>
  );
}

function statusSentence(order: PublicOrder): string {
  switch (order.status) {
    case 'paid':
      return 'This order is paid. Thank you!';
    case 'payment_mismatch':
      return 'Payment under review — we received a payment that doesn’t match this order; the shop will contact you.';
    case 'partially_refunded':
      return 'This order is paid; part of it was refunded.';
    case 'refunded':
      return 'This order was refunded in full.';
    case 'processing':
      return 'Your payment was submitted; your bank is confirming it.';
    case 'pending':
      return 'This order is waiting for its payment.';
    case 'failed':
      return 'The payment for this order didn’t go through.';
    case 'expired':
      return 'The payment session for this order expired.';
    case 'cancelled':
      return 'This order is cancelled.';
  }
}

function BackLink() {
  return (
    <Link to="/orders" className="back-link">
      <ArrowLeftIcon />
      Recent orders
    </Link>
  );
}
