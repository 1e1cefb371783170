import type { AdminDelivery, DeliveryResult } from '@checkstand/contract';
import { formatEventTime } from '../../admin-format';
import { IdValue, Pill, type PillTone } from '../AdminBits';

const DELIVERY_TONES: Record<DeliveryResult, PillTone> = {
  accepted: 'success',
  duplicate: 'neutral',
  rejected: 'danger',
  error: 'danger',
};

/** Every webhook delivery about the order as the endpoint received it, refused ones included. */
export function DeliveriesTable({ deliveries }: { deliveries: AdminDelivery[] }) {
  if (deliveries.length === 0)
    return <p className="admin-muted">No webhook delivery about this order yet.</p>;
  return (
    <div className="admin-table-scroll" role="region" aria-label="Webhook deliveries" tabIndex={0}>
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">Event</th>
            <th scope="col">Signature</th>
            <th scope="col">Result</th>
            <th scope="col" className="admin-table__num">
              HTTP
            </th>
            <th scope="col" className="admin-table__num">
              Time
            </th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => (
            <tr
              key={delivery.id}
              data-testid="delivery-row"
              className={
                DELIVERY_TONES[delivery.result] === 'danger' ? 'admin-table__row--danger' : undefined
              }
            >
              <td className="admin-table__nowrap">
                <time dateTime={delivery.receivedAt}>{formatEventTime(delivery.receivedAt)}</time>
              </td>
              <td>
                <code>{delivery.eventType ?? 'unknown'}</code>
                {delivery.eventId && (
                  <span className="admin-table__sub">
                    <IdValue id={delivery.eventId} what="Stripe event ID" short={false} />
                  </span>
                )}
              </td>
              <td>
                {delivery.signatureOk ? 'Valid' : <strong className="admin-danger-text">Invalid</strong>}
              </td>
              <td>
                <Pill tone={DELIVERY_TONES[delivery.result]}>{delivery.result}</Pill>
              </td>
              <td className="admin-table__num">{delivery.httpStatus}</td>
              <td className="admin-table__num admin-table__nowrap">
                {delivery.durationMs === null ? '—' : `${delivery.durationMs} ms`}
              </td>
              <td>{delivery.error ?? <span className="admin-muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
