import type { ShippingRate } from '@checkstand/contract';
import { amountsText, deliveryText } from '../../shop-format';
import { Pill } from '../AdminBits';

interface ShippingRatesTableProps {
  rates: readonly ShippingRate[];
  /** The rate whose activation is being saved, if any. */
  pendingId: string | null;
  onEdit: (rate: ShippingRate) => void;
  onToggle: (rate: ShippingRate) => void;
}

function Amounts({ amounts }: { amounts: ShippingRate['amounts'] }) {
  const lines = amountsText(amounts);
  if (lines.length === 0) return <span className="admin-muted">—</span>;
  return (
    <ul className="admin-amounts" role="list">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

/** Every rate by position: its prices, when it is free, how long delivery takes, and whether it is offered. */
export function ShippingRatesTable({ rates, pendingId, onEdit, onToggle }: ShippingRatesTableProps) {
  return (
    <div className="admin-table-scroll" role="region" aria-label="Shipping rates" tabIndex={0}>
      <table className="admin-table">
        <caption className="visually-hidden">Shipping rates, in the order checkout offers them</caption>
        <thead>
          <tr>
            <th scope="col" className="admin-table__num">
              Position
            </th>
            <th scope="col">Name</th>
            <th scope="col">Price</th>
            <th scope="col">Free above</th>
            <th scope="col">Delivery</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rates.map((rate) => (
            <tr key={rate.id} data-testid="rate-row" data-rate-id={rate.id}>
              <td className="admin-table__num">{rate.position}</td>
              <th scope="row">{rate.name}</th>
              <td data-testid="rate-amounts">
                <Amounts amounts={rate.amounts} />
              </td>
              <td data-testid="rate-free-above">
                <Amounts amounts={rate.freeAbove} />
              </td>
              <td className="admin-table__nowrap">
                {deliveryText(rate.deliveryEstimate) ?? <span className="admin-muted">—</span>}
              </td>
              <td data-testid="rate-status">
                <Pill tone={rate.active ? 'success' : 'neutral'}>{rate.active ? 'Active' : 'Inactive'}</Pill>
              </td>
              <td>
                <div className="admin-row-actions">
                  <button
                    type="button"
                    className="admin-button admin-button--ghost admin-button--small"
                    onClick={() => onEdit(rate)}
                  >
                    Edit <span className="visually-hidden">{rate.name}</span>
                  </button>
                  <button
                    type="button"
                    className="admin-button admin-button--secondary admin-button--small"
                    aria-disabled={pendingId !== null}
                    onClick={() => {
                      if (pendingId === null) onToggle(rate);
                    }}
                  >
                    {pendingId === rate.id && <span className="spinner" aria-hidden="true" />}
                    {rate.active ? 'Deactivate ' : 'Activate '}
                    <span className="visually-hidden">{rate.name}</span>
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
