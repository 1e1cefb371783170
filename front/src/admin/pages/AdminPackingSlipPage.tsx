import type { AdminOrderDetail } from '@checkstand/contract';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/api-client';
import { ErrorState } from '../../components/ErrorState';
import { ArrowLeftIcon } from '../../components/Icons';
import { Logo } from '../../components/Logo';
import { PostalAddressBlock } from '../../components/PostalAddressBlock';
import { adminKeys, fetchOrderDetail } from '../admin-api';
import { formatAdminDate } from '../admin-format';

/**
 * `/admin/orders/:orderId/packing-slip`: what goes in the parcel, printable (the panel's header and these
 * controls are left out of the print): the order, its date, where it goes and how, the items and quantities.
 */
export function AdminPackingSlipPage() {
  const { orderId = '' } = useParams();
  const query = useQuery({
    queryKey: adminKeys.order(orderId),
    queryFn: ({ signal }) => fetchOrderDetail(orderId, signal),
  });
  const orderLink = `/admin/orders/${encodeURIComponent(orderId)}`;

  return (
    <div className="admin-container admin-page admin-packing-page">
      <title>{`Packing slip ${orderId} · Checkstand admin`}</title>
      <div className="admin-packing-toolbar">
        <Link to={orderLink} className="back-link">
          <ArrowLeftIcon />
          Back to the order
        </Link>
        {query.data && (
          <button type="button" className="admin-button admin-button--primary" onClick={() => window.print()}>
            Print
          </button>
        )}
      </div>
      {query.isPending ? (
        <h1 className="admin-page__title" tabIndex={-1} aria-busy="true">
          Loading the packing slip…
        </h1>
      ) : query.isError ? (
        query.error instanceof ApiError && query.error.code === 'order_not_found' ? (
          <h1 className="admin-page__title" tabIndex={-1}>
            No order {orderId}
          </h1>
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
        <PackingSlip detail={query.data} />
      )}
    </div>
  );
}

function PackingSlip({ detail }: { detail: AdminOrderDetail }) {
  const { order, contact, charges } = detail;
  const units = order.items.reduce((sum, item) => sum + item.quantity, 0);
  return (
    <article className="admin-packing-slip" data-testid="packing-slip">
      <header className="admin-packing-slip__head">
        <div className="admin-packing-slip__brand">
          <Logo size={36} />
          <span>Checkstand</span>
        </div>
        <h1 className="admin-packing-slip__title" tabIndex={-1}>
          Packing slip
        </h1>
      </header>

      <dl className="admin-packing-slip__facts">
        <div>
          <dt>Order</dt>
          <dd className="order-number" data-testid="slip-order">
            {order.id}
          </dd>
        </div>
        <div>
          <dt>Date</dt>
          <dd>
            <time dateTime={order.paidAt ?? order.createdAt}>
              {formatAdminDate(order.paidAt ?? order.createdAt)}
            </time>
          </dd>
        </div>
        <div>
          <dt>Shipping method</dt>
          <dd data-testid="slip-method">{charges?.shippingMethod ?? '—'}</dd>
        </div>
      </dl>

      <section className="admin-packing-slip__ship-to" aria-labelledby="slip-ship-to">
        <h2 id="slip-ship-to" className="admin-packing-slip__heading">
          Ship to
        </h2>
        <PostalAddressBlock
          address={contact.shipping?.address ?? null}
          name={contact.shipping?.name}
          testId="slip-ship-to"
          empty={<p>No shipping address: a digital order, nothing to ship.</p>}
        />
      </section>

      <section aria-labelledby="slip-items">
        <h2 id="slip-items" className="admin-packing-slip__heading">
          Items
        </h2>
        <table className="admin-packing-slip__items">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Product</th>
              <th scope="col" className="admin-table__num">
                Quantity
              </th>
              <th scope="col" className="admin-packing-slip__check">
                Packed
              </th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((item) => (
              <tr key={item.productId} data-testid="slip-item">
                <th scope="row">{item.title}</th>
                <td>
                  <code>{item.productId}</code>
                </td>
                <td className="admin-table__num">{item.quantity}</td>
                <td className="admin-packing-slip__check">
                  <span className="admin-packing-slip__box" aria-hidden="true" />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                Units
              </th>
              <td className="admin-table__num" data-testid="slip-units">
                {units}
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      </section>
      <p className="admin-packing-slip__thanks">Thank you for your order.</p>
    </article>
  );
}
