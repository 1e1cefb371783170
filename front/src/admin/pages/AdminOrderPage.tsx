import { isWaitingStatus } from '@checkstand/contract';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../../api/api-client';
import { ErrorState } from '../../components/ErrorState';
import { ArrowLeftIcon } from '../../components/Icons';
import { adminKeys, fetchOrderDetail, type AcceptedRefund } from '../admin-api';
import { OrderDetail } from '../components/order/OrderDetail';
import {
  confirmedRefund,
  failedRefund,
  pendingRefund,
  refundFailed,
  refundLanded,
  type RefundNotice,
} from '../components/order/refund-notice';
import type { FromListState } from '../components/OrdersTable';

/** While an order waits on Stripe, and after a refund until Stripe confirms it: how often to look again. */
export const WAITING_REFRESH_MS = 5_000;
export const REFUND_REFRESH_MS = 1_500;
/** How long to wait for `charge.refunded` before saying it is late (it still shows up when it comes). */
export const REFUND_CONFIRM_TIMEOUT_MS = 30_000;

/** `/admin/orders/:orderId`: everything about one order, and the two things an admin can do to it. */
export function AdminOrderPage() {
  const { orderId = '' } = useParams();
  return <OrderView key={orderId} orderId={orderId} />;
}

function OrderView({ orderId }: { orderId: string }) {
  const [notice, setNotice] = useState<RefundNotice | null>(null);
  const pending = notice?.kind === 'pending' ? notice.pending : null;

  const query = useQuery({
    queryKey: adminKeys.order(orderId),
    queryFn: ({ signal }) => fetchOrderDetail(orderId, signal),
    staleTime: 0,
    refetchInterval: (q) =>
      pending && !pending.late
        ? REFUND_REFRESH_MS
        : q.state.data && isWaitingStatus(q.state.data.order.status)
          ? WAITING_REFRESH_MS
          : false,
  });
  const detail = query.data;

  // Stripe's `charge.refunded` arrived: the refund is no longer "requested". Or it failed (`refund.failed`).
  if (pending && detail && refundLanded(detail, pending)) {
    setNotice(confirmedRefund(detail, pending));
  } else if (pending && detail && refundFailed(detail, pending)) {
    setNotice(failedRefund(detail, pending));
  }

  const pendingId = pending?.refund.id;
  useEffect(() => {
    if (!pendingId) return;
    const timer = setTimeout(() => {
      setNotice((current) =>
        current?.kind === 'pending' && current.pending.refund.id === pendingId
          ? { kind: 'pending', pending: { ...current.pending, late: true } }
          : current,
      );
    }, REFUND_CONFIRM_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [pendingId]);

  const onRefunded = (refund: AcceptedRefund) => {
    if (!detail) return;
    setNotice(pendingRefund(refund, detail));
    void query.refetch();
  };

  return (
    <div className="admin-container admin-page">
      <BackToList />
      {query.isPending ? (
        <h1 className="admin-page__title" tabIndex={-1} aria-busy="true">
          Loading order…
        </h1>
      ) : !detail ? (
        query.error instanceof ApiError && query.error.code === 'order_not_found' ? (
          <div className="admin-empty">
            <title>Order not found · Checkstand admin</title>
            <h1 className="admin-page__title" tabIndex={-1}>
              No order {orderId}
            </h1>
            <p className="admin-muted">Check the ID, or search for the order in the list.</p>
            <Link to="/admin/orders" className="admin-button admin-button--secondary">
              All orders
            </Link>
          </div>
        ) : (
          <ErrorState
            headingLevel={1}
            title="We couldn’t load this order"
            error={query.error}
            retrying={query.isFetching}
            onRetry={() => void query.refetch()}
          />
        )
      ) : (
        <OrderDetail
          detail={detail}
          notice={notice}
          onRefunded={onRefunded}
          onCheckAgain={() => {
            if (pending) setNotice({ kind: 'pending', pending: { ...pending, late: false } });
            void query.refetch();
          }}
          stale={query.isError}
        />
      )}
    </div>
  );
}

function BackToList() {
  const state = useLocation().state as FromListState | null;
  return (
    <Link to={`/admin/orders${state?.listSearch ?? ''}`} className="back-link">
      <ArrowLeftIcon />
      All orders
    </Link>
  );
}
