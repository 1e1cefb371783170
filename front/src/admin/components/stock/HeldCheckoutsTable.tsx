import { Link } from 'react-router';
import { DateTime } from '../AdminBits';
import type { HeldCheckout } from './held-checkouts';

/** Who holds what until when, a checkout attempt a row, each with its "Release" button. */
export function HeldCheckoutsTable({
  checkouts,
  onRelease,
}: {
  checkouts: readonly HeldCheckout[];
  onRelease: (checkout: HeldCheckout) => void;
}) {
  return (
    <div className="admin-table-scroll" role="region" aria-labelledby="holds-heading" tabIndex={0}>
      <table className="admin-table">
        <caption className="visually-hidden">
          Units held by checkouts in progress, soonest to end first
        </caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col" className="admin-table__num">
              Attempt
            </th>
            <th scope="col">Holds</th>
            <th scope="col">Holder</th>
            <th scope="col">Held until</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {checkouts.map((checkout) => (
            <tr key={checkout.key} data-testid="hold-row">
              <th scope="row">
                <Link to={`/admin/orders/${encodeURIComponent(checkout.orderId)}`}>
                  <code>{checkout.orderId}</code>
                </Link>
              </th>
              <td className="admin-table__num">{checkout.attemptNo}</td>
              <td>
                <ul className="admin-amounts" role="list">
                  {checkout.lines.map((line) => (
                    <li key={line.productId}>
                      {line.quantity} × {line.productTitle}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <code title="The client that opened the checkout (the same client: the same key)">
                  {checkout.holder}
                </code>
              </td>
              <td className="admin-table__nowrap">
                <DateTime iso={checkout.expiresAt} />
              </td>
              <td>
                <button
                  type="button"
                  className="admin-button admin-button--secondary admin-button--small"
                  onClick={() => onRelease(checkout)}
                >
                  Release{' '}
                  <span className="visually-hidden">
                    the units held for order {checkout.orderId}, attempt {checkout.attemptNo}
                  </span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
