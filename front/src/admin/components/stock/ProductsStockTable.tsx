import { LOW_STOCK_THRESHOLD, type AdminProduct } from '@checkstand/contract';
import { formatMoney } from '../../../money/format-money';
import { IdValue, Pill } from '../AdminBits';
import { StockEditor } from './StockEditor';

/** "Unlimited", or the count. */
function units(count: number | null) {
  return count === null ? <span className="admin-muted">Unlimited</span> : count.toLocaleString('en-US');
}

function Available({ available }: { available: number | null }) {
  if (available === null) return <span className="admin-muted">Unlimited</span>;
  return (
    <span className="admin-stock-available">
      {available.toLocaleString('en-US')}
      {available === 0 ? (
        <Pill tone="danger">Sold out</Pill>
      ) : (
        available <= LOW_STOCK_THRESHOLD && <Pill tone="waiting">Low</Pill>
      )}
    </span>
  );
}

/** Every product with its units on hand, what checkouts hold of them, what is left to buy, and an editor. */
export function ProductsStockTable({
  products,
  onSaved,
}: {
  products: readonly AdminProduct[];
  onSaved: (product: AdminProduct) => void;
}) {
  return (
    <div className="admin-table-scroll" role="region" aria-label="Products and their stock" tabIndex={0}>
      <table className="admin-table admin-stock-table">
        <caption className="visually-hidden">
          Products with their stock, the units held by checkouts and what customers can buy now
        </caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className="admin-table__num">
              Price
            </th>
            <th scope="col" className="admin-table__num">
              Stock
            </th>
            <th scope="col" className="admin-table__num">
              Held by checkouts
            </th>
            <th scope="col" className="admin-table__num">
              Available
            </th>
            <th scope="col">Set the stock</th>
          </tr>
        </thead>
        <tbody>
          {products.map((product) => (
            <tr key={product.id} data-testid="product-row" data-product-id={product.id}>
              <th scope="row">
                {product.title}
                {!product.active && (
                  <span className="admin-pill admin-pill--neutral admin-pill--inline">inactive</span>
                )}
                <span className="admin-table__sub">
                  <IdValue id={product.id} what="product ID" short={false} />
                </span>
              </th>
              <td className="admin-table__num">{formatMoney(product.unitAmount, product.currency)}</td>
              <td className="admin-table__num" data-testid="product-stock">
                {units(product.stock)}
              </td>
              <td className="admin-table__num" data-testid="product-reserved">
                {product.reserved.toLocaleString('en-US')}
              </td>
              <td className="admin-table__num" data-testid="product-available">
                <Available available={product.available} />
              </td>
              <td>
                <StockEditor product={product} onSaved={onSaved} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
