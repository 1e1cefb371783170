import { hasReceivedMoney, type AdminOrderSummary } from '@checkstand/contract';
import { Link, useLocation } from 'react-router';
import { countryName } from '../../lib/countries';
import { formatMoney } from '../../money/format-money';
import { FULFILMENT_LABELS } from '../admin-format';
import { AdminStatusBadge, FlagBadges, IdValue, Pill, StackedDateTime } from './AdminBits';

/** What the detail page's "All orders" link goes back to: the list with the filters it was opened from. */
export interface FromListState {
  listSearch?: string;
}

/**
 * Where the goods are, and whether they may go: "Ready to ship", or "Blocked" for an order holding money that
 * has not shipped (why is in the row already: its status, or its flags).
 */
function FulfilmentCell({ order }: { order: AdminOrderSummary }) {
  const blocked =
    !order.readyToShip && order.fulfilmentStatus === 'unfulfilled' && hasReceivedMoney(order.status);
  return (
    <span className="admin-fulfilment-cell">
      <Pill tone={order.fulfilmentStatus === 'unfulfilled' ? 'neutral' : 'info'}>
        {FULFILMENT_LABELS[order.fulfilmentStatus]}
      </Pill>
      {/* Spaces between the pills, so they are read as words apart. */}
      {order.readyToShip && (
        <>
          {' '}
          <Pill tone="success">Ready to ship</Pill>
        </>
      )}
      {blocked && (
        <>
          {' '}
          <Pill tone="danger">Blocked</Pill>
        </>
      )}
    </span>
  );
}

/** Where it goes and how: "Germany" over "Standard shipping" (nothing before payment, or for a digital order). */
function ShippingCell({ order }: { order: AdminOrderSummary }) {
  if (!order.shippingCountry && !order.shippingMethod) return <span className="admin-muted">—</span>;
  return (
    <span>
      {order.shippingCountry ? (
        <span title={order.shippingCountry}>{countryName(order.shippingCountry)}</span>
      ) : (
        <span className="admin-muted">No address</span>
      )}
      {order.shippingMethod && <span className="admin-table__sub">{order.shippingMethod}</span>}
    </span>
  );
}

/** What came off and what tax was charged, from Stripe's breakdown: "−$5.00 SUMMER10" over "Tax $4.20". */
function DiscountTaxCell({ order }: { order: AdminOrderSummary }) {
  const discounted = (order.discount ?? 0) > 0 || order.promotionCode !== null;
  if (!discounted && order.tax === null) return <span className="admin-muted">—</span>;
  return (
    <span>
      {discounted && (
        <span className="admin-table__line">
          −{formatMoney(order.discount ?? 0, order.currency)}
          {order.promotionCode && (
            <>
              {' '}
              <code>{order.promotionCode}</code>
            </>
          )}
        </span>
      )}
      {order.tax !== null && (
        <span className={discounted ? 'admin-table__sub' : 'admin-table__line'}>
          Tax {formatMoney(order.tax, order.currency)}
        </span>
      )}
    </span>
  );
}

/** The order list's table (cards on a narrow screen), each order linking to its page. */
export function OrdersTable({ orders }: { orders: AdminOrderSummary[] }) {
  const { search } = useLocation();
  return (
    <div className="admin-table-scroll admin-orders" role="region" aria-label="Orders" tabIndex={0}>
      <table className="admin-table admin-table--orders">
        <caption className="visually-hidden">Orders, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Created</th>
            <th scope="col">Customer</th>
            <th scope="col">Status</th>
            <th scope="col" className="admin-table__num">
              Total
            </th>
            <th scope="col">Shipping</th>
            <th scope="col">Discount · tax</th>
            <th scope="col">Fulfilment</th>
            <th scope="col">Session</th>
            <th scope="col">Payment intent</th>
            <th scope="col">Flags</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id} data-testid="order-row" data-order-id={order.id}>
              <th scope="row" className="admin-orders__id">
                <Link
                  to={`/admin/orders/${encodeURIComponent(order.id)}`}
                  state={{ listSearch: search } satisfies FromListState}
                  className="admin-order-link"
                >
                  {order.id}
                </Link>
              </th>
              <td className="admin-orders__created" data-label="Created">
                <StackedDateTime iso={order.createdAt} />
              </td>
              <td className="admin-orders__email" data-label="Customer">
                {order.customerEmail ? (
                  <Email address={order.customerEmail} />
                ) : (
                  <span className="admin-muted">—</span>
                )}
              </td>
              <td className="admin-orders__status">
                <AdminStatusBadge status={order.status} />
              </td>
              <td className="admin-table__num admin-orders__total">
                {formatMoney(order.total, order.currency)}
                {order.amountRefunded > 0 && (
                  <span className="admin-table__sub">
                    −{formatMoney(order.amountRefunded, order.currency)} refunded
                  </span>
                )}
              </td>
              <td className="admin-orders__shipping" data-label="Shipping" data-testid="order-shipping">
                <ShippingCell order={order} />
              </td>
              <td className="admin-orders__charges" data-label="Discount · tax" data-testid="order-charges">
                <DiscountTaxCell order={order} />
              </td>
              <td className="admin-orders__fulfilment" data-label="Fulfilment" data-testid="order-fulfilment">
                <FulfilmentCell order={order} />
              </td>
              <td className="admin-orders__session" data-label="Session">
                <IdValue id={order.sessionId} what="session ID" />
              </td>
              <td className="admin-orders__intent" data-label="Payment intent">
                <IdValue id={order.paymentIntentId} what="payment intent" />
              </td>
              <td
                className="admin-orders__flags"
                data-label="Flags"
                data-empty={order.flags.length === 0 || undefined}
              >
                <FlagBadges flags={order.flags} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An email that may break before its "@" rather than anywhere. */
function Email({ address }: { address: string }) {
  const at = address.lastIndexOf('@');
  if (at <= 0) return <>{address}</>;
  return (
    <>
      {address.slice(0, at)}
      <wbr />
      {address.slice(at)}
    </>
  );
}
