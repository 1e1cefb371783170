import { HOLD_STATUSES, type AdminHold, type HoldStatus } from '@checkstand/contract';
import { HOLD_STATUS_INFO } from '../../admin-format';
import { DateTime, Pill, type PillTone } from '../AdminBits';

const HOLD_TONES: Record<HoldStatus, PillTone> = {
  held: 'info',
  committed: 'success',
  released: 'neutral',
};

/** The stock held or taken for the order, per checkout attempt and product, with until when. */
export function HoldsTable({ holds, oversold }: { holds: AdminHold[]; oversold: boolean }) {
  return (
    <>
      {oversold && (
        <p className="admin-notice admin-notice--warn" data-testid="oversold-note">
          <strong>Oversold.</strong> Paid after its hold ended and the stock ran out: add stock or refund.
        </p>
      )}
      {holds.length === 0 ? (
        <p className="admin-muted">
          No stock held for this order: its products have unlimited stock, or no checkout held any.
        </p>
      ) : (
        <>
          <div className="admin-table-scroll" role="region" aria-labelledby="order-stock" tabIndex={0}>
            <table className="admin-table">
              <caption className="visually-hidden">Stock held for the order, per attempt and product</caption>
              <thead>
                <tr>
                  <th scope="col" className="admin-table__num">
                    Attempt
                  </th>
                  <th scope="col">Product</th>
                  <th scope="col" className="admin-table__num">
                    Quantity
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Held until</th>
                  <th scope="col">Ended</th>
                </tr>
              </thead>
              <tbody>
                {holds.map((hold) => (
                  <tr key={`${hold.attemptNo}-${hold.productId}`} data-testid="order-hold-row">
                    <td className="admin-table__num">{hold.attemptNo}</td>
                    <th scope="row">{hold.productTitle}</th>
                    <td className="admin-table__num">{hold.quantity}</td>
                    <td data-testid="hold-status">
                      <span title={HOLD_STATUS_INFO[hold.status].text}>
                        <Pill tone={HOLD_TONES[hold.status]}>{HOLD_STATUS_INFO[hold.status].label}</Pill>
                      </span>
                    </td>
                    <td className="admin-table__nowrap">
                      <DateTime iso={hold.expiresAt} />
                    </td>
                    <td className="admin-table__nowrap">
                      <DateTime iso={hold.endedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <dl className="admin-legend">
            {HOLD_STATUSES.map((status) => (
              <div key={status}>
                <dt>{HOLD_STATUS_INFO[status].label}</dt>
                <dd>{HOLD_STATUS_INFO[status].text}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </>
  );
}
