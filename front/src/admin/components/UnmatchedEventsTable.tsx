import { OrderId, type EventChannel, type UnmatchedEvent, type UnmatchedReason } from '@checkstand/contract';
import { Link } from 'react-router';
import { formatMoney } from '../../money/format-money';
import { formatEventTime } from '../admin-format';
import { IdValue, Pill } from './AdminBits';

/** Why an event matched no order, in the owner's words (the code is shown too, for searching logs). */
const NOTE_LABELS: Record<UnmatchedReason, string> = {
  unknown_session: 'A Checkout Session this store never created',
  foreign_session: 'Not the session the store created for the order it names',
  unknown_payment_intent: 'A payment this store never created',
  unknown_order: 'Its payment’s order no longer exists',
  no_reference: 'Names no session or payment',
};

const CHANNEL_LABELS: Record<EventChannel, string> = {
  webhook: 'Webhook',
  sweep: 'Stripe event list',
};

/** The amount an event's object carries; a currency Intl does not know is shown as it came. */
function amountText(amount: number, currency: string | null): string {
  if (currency) {
    try {
      return formatMoney(amount, currency);
    } catch {
      return `${amount} ${currency}`;
    }
  }
  return String(amount);
}

/** What the event's object says it is about: a claim nobody checked, linked only when it has an order id's shape. */
function Claim({ orderId }: { orderId: string | null }) {
  if (!orderId) return <span className="admin-muted">No order named</span>;
  return (
    <span className="admin-claim">
      <span className="admin-claim__label">Claims</span>{' '}
      {OrderId.safeParse(orderId).success ? (
        <Link to={`/admin/orders/${encodeURIComponent(orderId)}`} className="admin-order-link">
          {orderId}
        </Link>
      ) : (
        <code>{orderId}</code>
      )}
      <span className="admin-table__sub">
        Not verified: that order may not exist, or not be this payment’s.
      </span>
    </span>
  );
}

/**
 * Stripe events that changed no order, newest first: one row of facts per event, and under it a row of its
 * own for the raw event (so opening it never squeezes the columns). Each event's two rows are one `<tbody>`.
 */
export function UnmatchedEventsTable({ events }: { events: UnmatchedEvent[] }) {
  return (
    <div className="admin-table-scroll" role="region" aria-label="Unmatched Stripe events" tabIndex={0}>
      <table className="admin-table admin-table--events">
        <caption className="visually-hidden">Unmatched Stripe events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Reason</th>
            <th scope="col">Order it claims</th>
            <th scope="col" className="admin-table__num">
              Amount
            </th>
            <th scope="col">Object</th>
            <th scope="col">Received</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        {events.map((event) => (
          <tbody key={event.id} data-testid="event-row" data-event-id={event.id} className="admin-event">
            <tr>
              <th scope="row">
                <code>{event.type}</code>
                <span className="admin-table__sub">
                  <IdValue id={event.id} what="Stripe event ID" />
                </span>
              </th>
              <td>
                {event.note ? (
                  <>
                    {NOTE_LABELS[event.note]}
                    <span className="admin-table__sub">
                      <code>{event.note}</code>
                    </span>
                  </>
                ) : (
                  <span className="admin-muted">—</span>
                )}
              </td>
              <td>
                <Claim orderId={event.claimedOrderId} />
              </td>
              <td className="admin-table__num admin-table__nowrap">
                {event.amount === null ? (
                  <span className="admin-muted">—</span>
                ) : (
                  amountText(event.amount, event.currency)
                )}
              </td>
              <td>
                <IdValue id={event.objectId} what="Stripe object ID" />
              </td>
              <td className="admin-table__nowrap">
                <time dateTime={event.receivedAt}>{formatEventTime(event.receivedAt)}</time>
                <span className="admin-table__sub">
                  <Pill tone={event.receivedVia === 'sweep' ? 'info' : 'neutral'}>
                    {CHANNEL_LABELS[event.receivedVia]}
                  </Pill>
                </span>
              </td>
              <td className="admin-table__nowrap">
                <time dateTime={event.created}>{formatEventTime(event.created)}</time>
              </td>
            </tr>
            <tr className="admin-event__raw">
              <td colSpan={7}>
                <details className="admin-raw">
                  <summary>Raw event</summary>
                  <pre tabIndex={0} aria-label={`Raw Stripe event ${event.id}`}>
                    {JSON.stringify(event.stripeEvent, null, 2)}
                  </pre>
                </details>
              </td>
            </tr>
          </tbody>
        ))}
      </table>
    </div>
  );
}
