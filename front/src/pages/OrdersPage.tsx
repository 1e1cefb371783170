import { Link } from 'react-router';
import { ApiError } from '../api/api-client';
import { BagIcon } from '../components/Icons';
import { StatusBadge } from '../components/OrderDetails';
import { formatMoney } from '../money/format-money';
import type { OrderRecord } from '../orders/order-book';
import { useOrderRecords } from '../orders/order-book-context';
import { formatDateTime } from '../orders/order-status';
import { useOrder } from '../orders/use-order';
import { useSettleCartWhenPaid } from '../orders/use-settle-cart';

/** `/orders`: the orders this browser created, newest first, each with its live status. */
export function OrdersPage() {
  const records = useOrderRecords();

  return (
    <div className="container page page--narrow">
      <title>Recent orders · Checkstand</title>
      <h1 className="page-title" tabIndex={-1}>
        Recent orders
      </h1>
      {records.length === 0 ? (
        <div className="empty-state">
          <span className="empty-state__icon">
            <BagIcon size={40} />
          </span>
          <p className="empty-state__title">No orders yet</p>
          <p className="empty-state__text">Orders you place from this browser will be listed here.</p>
          <Link to="/" className="button">
            Browse the shop
          </Link>
        </div>
      ) : (
        <>
          <p className="page-lede">Orders placed from this browser. Statuses update on their own.</p>
          <ul className="order-list" role="list">
            {records.map((record) => (
              <RecentOrder key={record.orderId} record={record} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function RecentOrder({ record }: { record: OrderRecord }) {
  const query = useOrder(record.orderId, record.orderToken);
  const order = query.data;
  // A delayed payment confirmed since the last visit: its items leave the cart now.
  useSettleCartWhenPaid(order);
  const count = order?.items.reduce((sum, item) => sum + item.quantity, 0) ?? 0;

  return (
    <li className="order-row">
      <div className="order-row__main">
        <Link to={`/orders/${encodeURIComponent(record.orderId)}`} className="order-row__link">
          Order placed {formatDateTime(order?.createdAt ?? record.createdAt)}
        </Link>
        <span className="order-row__meta">
          <span className="order-number">{record.orderId}</span>
        </span>
        {order && (
          <span className="order-row__meta">
            {count} {count === 1 ? 'item' : 'items'} · {formatMoney(order.total, order.currency)}
          </span>
        )}
      </div>
      <div className="order-row__status">
        {order ? (
          <StatusBadge status={order.status} />
        ) : query.isError ? (
          <span className="order-row__unknown">
            {query.error instanceof ApiError && query.error.code === 'order_not_found'
              ? 'Not available'
              : 'Status unavailable'}
          </span>
        ) : (
          <span className="order-row__unknown">Checking…</span>
        )}
      </div>
    </li>
  );
}
