import type { AdminOrderEvent, HistoryKind, HistoryOutcome } from '@checkstand/contract';
import { formatMoney } from '../../money/format-money';
import { ADMIN_STATUS_LABELS, SOURCE_LABELS, formatEventTime, humanize } from '../admin-format';
import { IdValue, Pill, type PillTone } from './AdminBits';
import { eventSummary, reasonsOf } from './event-summary';

/**
 * What each kind of history entry means, in a few words (the kind itself is shown too, for searching logs).
 * Exhaustive over the contract's `HISTORY_KINDS`: a new kind does not compile until it has its words here.
 */
const KIND_LABELS: Record<HistoryKind, string> = {
  order_created: 'Order created',
  checkout_session_created: 'Checkout Session created',
  checkout_session_failed: 'Checkout Session could not be created',
  checkout_session_abandoned: 'Checkout Session abandoned',
  checkout_session_unwanted: 'Unneeded Checkout Session closed',
  checkout_session_lost: 'Checkout Session lost: Stripe doesn’t know it',
  no_open_session: 'No session left to pay in',
  'checkout.session.completed': 'Checkout completed',
  'checkout.session.async_payment_succeeded': 'Delayed payment succeeded',
  'checkout.session.async_payment_failed': 'Delayed payment failed',
  'checkout.session.expired': 'Checkout Session expired',
  'payment_intent.payment_failed': 'Payment failed',
  'payment_intent.canceled': 'Payment canceled',
  'charge.refunded': 'Refund confirmed by Stripe',
  'charge.refund.updated': 'Refund updated by Stripe',
  'refund.created': 'Refund created at Stripe',
  'refund.updated': 'Refund updated by Stripe',
  'refund.failed': 'Refund failed',
  'charge.dispute.created': 'Dispute opened',
  'charge.dispute.updated': 'Dispute updated',
  'charge.dispute.closed': 'Dispute closed',
  'charge.dispute.funds_withdrawn': 'Dispute: money withdrawn by the bank',
  'charge.dispute.funds_reinstated': 'Dispute: money reinstated',
  'radar.early_fraud_warning.created': 'Early fraud warning',
  'radar.early_fraud_warning.updated': 'Early fraud warning updated',
  retry: 'Customer retried the payment',
  customer_cancelled: 'Customer cancelled the order',
  session_synced: 'Session read back from Stripe',
  session_reconciled: 'Reconciled with Stripe',
  admin_sync: 'Synced from Stripe by an admin',
  refund_requested: 'Refund requested',
  order_fulfilled: 'Marked fulfilled',
  order_fulfilled_override: 'Marked fulfilled although not ready to ship',
  order_returned: 'Marked returned',
};

const OUTCOME_TONES: Record<HistoryOutcome, PillTone> = {
  applied: 'success',
  ignored: 'neutral',
  failed: 'danger',
};

/** Keys of `detail` that hold amounts in minor units. */
const MONEY_KEYS = new Set([
  'amount',
  'amountRefunded',
  'amountReceived',
  'total',
  'expectedAmount',
  'amountWithdrawn',
  'amountReinstated',
]);
/** Keys shown elsewhere in the item, or too internal to be useful. */
const HIDDEN_KEYS = new Set(['note', 'fact', 'afterFulfilment']);

/** The refunds a refund entry lists: "re_1 $10.00 failed (expired_or_canceled_card)". */
function refundsValue(value: unknown[], currency: string): string {
  return value
    .map((item) => {
      if (typeof item !== 'object' || item === null) return JSON.stringify(item);
      const refund = item as Record<string, unknown>;
      return [
        refund.id,
        typeof refund.amount === 'number' && Number.isSafeInteger(refund.amount)
          ? formatMoney(refund.amount, currency)
          : null,
        refund.status,
        typeof refund.failureReason === 'string' ? `(${refund.failureReason})` : null,
      ]
        .filter((part) => typeof part === 'string' && part !== '')
        .join(' ');
    })
    .join('; ');
}

function detailValue(key: string, value: unknown, currency: string): string {
  if (MONEY_KEYS.has(key) && typeof value === 'number' && Number.isSafeInteger(value)) {
    return formatMoney(value, currency);
  }
  if (key === 'flagsAdded' && Array.isArray(value)) return value.map((f) => humanize(String(f))).join(', ');
  if (key === 'notReadyBecause' && Array.isArray(value)) return reasonsOf(value);
  if (key === 'refunds' && Array.isArray(value)) return refundsValue(value, currency);
  if (typeof value === 'string') {
    return /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value) ? formatEventTime(value) : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function Transition({ event }: { event: AdminOrderEvent }) {
  if (!event.fromStatus && !event.toStatus) return <span className="admin-muted">No status change</span>;
  if (!event.toStatus || event.toStatus === event.fromStatus) {
    return (
      <span>
        {event.fromStatus ? ADMIN_STATUS_LABELS[event.fromStatus] : '—'}
        <span className="admin-muted"> · no change</span>
      </span>
    );
  }
  return (
    <span>
      {event.fromStatus ? ADMIN_STATUS_LABELS[event.fromStatus] : 'New'}
      {' → '}
      <strong>{ADMIN_STATUS_LABELS[event.toStatus]}</strong>
    </span>
  );
}

/** The order's history, oldest first: every event, where it came from, what it changed. */
export function EventTimeline({ events, currency }: { events: AdminOrderEvent[]; currency: string }) {
  if (events.length === 0) return <p className="admin-muted">No events recorded yet.</p>;
  return (
    <ol className="admin-timeline" role="list" aria-label="Event history">
      {events.map((event) => {
        const summary = eventSummary(event, currency);
        const late = event.detail.afterFulfilment === true;
        const details = Object.entries(event.detail).filter(
          ([key, value]) => !HIDDEN_KEYS.has(key) && value !== null && value !== undefined && value !== '',
        );
        return (
          <li
            key={event.id}
            className={`admin-timeline__item admin-timeline__item--${event.outcome}${late ? ' admin-timeline__item--late' : ''}`}
            data-testid="timeline-item"
            data-kind={event.kind}
          >
            <span className="admin-timeline__marker" aria-hidden="true" />
            <div className="admin-timeline__body">
              <div className="admin-timeline__head">
                <span className="admin-timeline__title">{KIND_LABELS[event.kind]}</span>
                <code className="admin-timeline__kind">{event.kind}</code>
                <Pill tone={OUTCOME_TONES[event.outcome]}>{event.outcome}</Pill>
                {late && <Pill tone="danger">After fulfilment</Pill>}
              </div>
              <dl className="admin-timeline__facts">
                <div>
                  <dt>Time</dt>
                  <dd>
                    <time dateTime={event.at}>{formatEventTime(event.at)}</time>
                  </dd>
                </div>
                <div>
                  <dt>Source</dt>
                  <dd>{SOURCE_LABELS[event.source]}</dd>
                </div>
                <div>
                  <dt>Status</dt>
                  <dd>
                    <Transition event={event} />
                  </dd>
                </div>
                {event.stripeEventId && (
                  <div>
                    <dt>Stripe event</dt>
                    <dd>
                      <IdValue id={event.stripeEventId} what="Stripe event ID" short={false} />
                    </dd>
                  </div>
                )}
              </dl>
              {summary && (
                <p className="admin-timeline__note" data-testid="timeline-summary">
                  {summary}
                </p>
              )}
              {details.length > 0 && (
                <dl className="admin-timeline__details">
                  {details.map(([key, value]) => (
                    <div key={key}>
                      <dt>{humanize(key)}</dt>
                      <dd>{detailValue(key, value, currency)}</dd>
                    </div>
                  ))}
                </dl>
              )}
              {event.stripeEvent !== null && (
                <details className="admin-raw">
                  <summary>Raw Stripe event</summary>
                  <pre tabIndex={0} aria-label={`Raw Stripe event ${event.stripeEventId ?? ''}`}>
                    {JSON.stringify(event.stripeEvent, null, 2)}
                  </pre>
                </details>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
