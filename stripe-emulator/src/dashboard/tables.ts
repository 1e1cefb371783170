import { formatAmount } from '../domain/money.js';
import { markup, raw, type Raw } from '../hosted/html.js';
import type { Dispute } from '../objects/dispute-types.js';
import type { PaymentIntent, Refund } from '../objects/types.js';
import type { CheckoutSession } from '../objects/session-types.js';
import type { EventRecord } from '../state/store.js';
import type { DeliveryRecord } from '../webhooks/delivery-queue.js';
import { formatIso, formatTime } from './format.js';
import { tableRegion } from './layout.js';

type Cell = Raw | string | number | null;

interface Column<T> {
  header: string;
  cell: (row: T) => Cell;
  /** Short values (times, amounts) stay on one line. */
  nowrap?: true;
}

/** One table per list; `marker` is an attribute naming it for tests and scripts (e.g. `data-deliveries`). */
function table<T>(label: string, columns: Column<T>[], rows: T[], empty: string, marker?: Raw): Raw {
  if (rows.length === 0) return markup`<p class="empty">${empty}</p>`;
  return tableRegion(
    label,
    markup`<table ${marker}>
<thead><tr>${columns.map((c) => markup`<th scope="col">${c.header}</th>`)}</tr></thead>
<tbody>
${rows.map(
  (row) =>
    markup`<tr>${columns.map((c) => markup`<td${c.nowrap ? raw(' class="nowrap"') : ''}>${c.cell(row)}</td>`)}</tr>\n`,
)}</tbody>
</table>`,
  );
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

/** A link to an object's page (events have their own, with their deliveries). */
export function objectLink(id: string | null): Raw | string {
  if (!id) return '—';
  const path = id.startsWith('evt_') ? '/dashboard/events/' : '/dashboard/objects/';
  return markup`<a href="${path}${encodeURIComponent(id)}">${id}</a>`;
}

function status(value: string): Raw {
  return markup`<span class="status status-${value}">${value}</span>`;
}

export function sessionsTable(rows: CheckoutSession[], hostedUrl: (id: string) => string): Raw {
  return table<CheckoutSession>(
    'Checkout sessions',
    [
      { header: 'Session', cell: (s) => objectLink(s.id) },
      { header: 'Status', cell: (s) => status(s.status) },
      { header: 'Payment', cell: (s) => status(s.payment_status) },
      { header: 'Amount', cell: (s) => formatAmount(s.amount_total, s.currency), nowrap: true },
      { header: 'Customer', cell: (s) => s.customer_details?.email ?? s.customer_email ?? '—' },
      { header: 'Reference', cell: (s) => s.client_reference_id ?? '—' },
      { header: 'Created', cell: (s) => formatTime(s.created), nowrap: true },
      { header: 'Payment intent', cell: (s) => objectLink(idOf(s.payment_intent)) },
      {
        header: 'Hosted page',
        cell: (s) =>
          markup`<a href="${hostedUrl(s.id)}">Open<span class="visually-hidden"> the hosted page of ${s.id}</span></a>`,
      },
    ],
    rows,
    'No checkout sessions yet.',
  );
}

export function intentsTable(rows: PaymentIntent[], sessionOf: (id: string) => string | null): Raw {
  return table<PaymentIntent>(
    'Payment intents',
    [
      { header: 'Payment intent', cell: (p) => objectLink(p.id) },
      { header: 'Status', cell: (p) => status(p.status) },
      { header: 'Amount', cell: (p) => formatAmount(p.amount, p.currency), nowrap: true },
      { header: 'Received', cell: (p) => formatAmount(p.amount_received, p.currency), nowrap: true },
      { header: 'Last error', cell: (p) => p.last_payment_error?.code ?? '—' },
      { header: 'Checkout session', cell: (p) => objectLink(sessionOf(p.id)) },
      { header: 'Created', cell: (p) => formatTime(p.created), nowrap: true },
    ],
    rows,
    'No payment intents yet.',
  );
}

export function refundsTable(rows: Refund[]): Raw {
  return table<Refund>(
    'Refunds',
    [
      { header: 'Refund', cell: (r) => objectLink(r.id) },
      { header: 'Status', cell: (r) => status(r.status) },
      { header: 'Amount', cell: (r) => formatAmount(r.amount, r.currency), nowrap: true },
      { header: 'Payment intent', cell: (r) => objectLink(idOf(r.payment_intent)) },
      { header: 'Charge', cell: (r) => objectLink(idOf(r.charge)) },
      { header: 'Reason', cell: (r) => r.reason ?? '—' },
      { header: 'Created', cell: (r) => formatTime(r.created), nowrap: true },
    ],
    rows,
    'No refunds yet.',
  );
}

export function disputesTable(rows: Dispute[]): Raw {
  return table<Dispute>(
    'Disputes',
    [
      { header: 'Dispute', cell: (d) => objectLink(d.id) },
      { header: 'Status', cell: (d) => status(d.status) },
      { header: 'Reason', cell: (d) => d.reason },
      { header: 'Amount', cell: (d) => formatAmount(d.amount, d.currency), nowrap: true },
      { header: 'Charge', cell: (d) => objectLink(d.charge) },
      { header: 'Payment intent', cell: (d) => objectLink(d.payment_intent) },
      {
        header: 'Evidence due',
        cell: (d) => (d.evidence_details.due_by === null ? '—' : formatTime(d.evidence_details.due_by)),
      },
      { header: 'Created', cell: (d) => formatTime(d.created), nowrap: true },
    ],
    rows,
    'No disputes yet.',
  );
}

/** The Resend button: a form POST (works without JavaScript), back to `here` afterwards. */
export function resendForm(eventId: string, here: string): Raw {
  return markup`<form method="post" action="/dashboard/events/${encodeURIComponent(eventId)}/resend" class="inline">
<input type="hidden" name="return_to" value="${here}">
<button type="submit" class="button small">Resend<span class="visually-hidden"> ${eventId}</span></button>
</form>`;
}

function outcome(d: DeliveryRecord): string {
  if (d.dropped) return 'dropped';
  return d.status !== null ? String(d.status) : 'error';
}

function deliverySummary(record: EventRecord, attempts: DeliveryRecord[]): string {
  if (attempts.length === 0) return record.event.pending_webhooks > 0 ? 'pending' : 'no endpoint';
  const last = attempts[attempts.length - 1] as DeliveryRecord;
  return `${attempts.length} attempt${attempts.length === 1 ? '' : 's'}, last ${outcome(last)}`;
}

export function eventsTable(
  rows: EventRecord[],
  attemptsOf: (eventId: string) => DeliveryRecord[],
  here: string,
): Raw {
  return table<EventRecord>(
    'Events',
    [
      { header: 'Event', cell: (r) => objectLink(r.event.id) },
      { header: 'Type', cell: (r) => r.event.type },
      { header: 'Created', cell: (r) => formatTime(r.event.created), nowrap: true },
      { header: 'Object', cell: (r) => objectLink(r.event.data.object.id) },
      { header: 'Deliveries', cell: (r) => deliverySummary(r, attemptsOf(r.event.id)) },
      { header: 'Action', cell: (r) => resendForm(r.event.id, here) },
    ],
    rows,
    'No events yet.',
  );
}

function result(d: DeliveryRecord): Raw {
  if (d.dropped) return markup`<span class="status status-failed">dropped</span> ${d.error ?? ''}`;
  if (d.status !== null)
    return markup`<span class="status ${d.ok ? 'status-succeeded' : 'status-failed'}">${d.status}</span>`;
  return markup`<span class="status status-failed">error</span> ${d.error ?? ''}`;
}

function responseCell(d: DeliveryRecord): Raw | string {
  if (d.responseBody === undefined) return '—';
  if (d.responseBody === '') return '(empty)';
  const key = `response-${d.eventId}-${d.endpointId}-${d.attempt}-${d.at}`;
  return markup`<details id="${key}"><summary>Body</summary><pre class="excerpt">${d.responseBody}</pre></details>`;
}

/** Delivery attempts, newest first; `withEvent` adds the event column (the all-deliveries page). */
export function deliveriesTable(rows: DeliveryRecord[], withEvent: boolean): Raw {
  const columns: Column<DeliveryRecord>[] = [{ header: 'Time', cell: (d) => formatIso(d.at), nowrap: true }];
  if (withEvent) {
    columns.push({ header: 'Event', cell: (d) => objectLink(d.eventId) });
    columns.push({ header: 'Type', cell: (d) => d.eventType });
  }
  columns.push(
    { header: 'Endpoint', cell: (d) => markup`<span class="url">${d.endpointUrl}</span>` },
    { header: 'Attempt', cell: (d) => (d.copy ? `${d.attempt} (${d.copy})` : d.attempt) },
    { header: 'Result', cell: result },
    { header: 'Duration', cell: (d) => `${d.durationMs} ms` },
    { header: 'Response', cell: responseCell },
    {
      header: 'Next retry',
      cell: (d) => (d.nextRetryInMs === undefined ? '—' : `in ${d.nextRetryInMs / 1000} s`),
    },
  );
  return table('Delivery attempts', columns, rows, 'No delivery attempts yet.', raw('data-deliveries'));
}
