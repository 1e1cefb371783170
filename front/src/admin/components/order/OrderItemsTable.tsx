import { formatMoney } from '../../../money/format-money';
import type { AdminOrderDetail } from '@checkstand/contract';

/**
 * The order's lines and total. On narrow screens the unit price and quantity fold under the item's name.
 * `labelledBy`: the id of the heading that names the scrolling region.
 */
export function OrderItemsTable({
  order,
  labelledBy,
}: {
  order: AdminOrderDetail['order'];
  labelledBy: string;
}) {
  return (
    <div className="admin-table-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="admin-table__num admin-wide-only">
              Unit price
            </th>
            <th scope="col" className="admin-table__num admin-wide-only">
              Quantity
            </th>
            <th scope="col" className="admin-table__num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {order.items.map((item) => (
            <tr key={item.productId} data-testid="order-item">
              <th scope="row">
                {item.title}
                <span className="admin-table__sub">
                  <code>{item.productId}</code>
                </span>
                <span className="admin-table__sub admin-narrow-only">
                  {item.quantity} × {formatMoney(item.unitAmount, order.currency)}
                </span>
              </th>
              <td className="admin-table__num admin-wide-only">
                {formatMoney(item.unitAmount, order.currency)}
              </td>
              <td className="admin-table__num admin-wide-only">{item.quantity}</td>
              <td className="admin-table__num">{formatMoney(item.lineTotal, order.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3} className="admin-wide-only">
              Total
            </th>
            <th scope="row" className="admin-narrow-only">
              Total
            </th>
            <td className="admin-table__num admin-table__strong" data-testid="order-total">
              {formatMoney(order.total, order.currency)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
