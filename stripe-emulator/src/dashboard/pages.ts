import type { EmulatorCore } from '../emulator-core.js';
import { markup, type Raw } from '../hosted/html.js';
import type { EventRecord } from '../state/store.js';
import type { DeliveryRecord } from '../webhooks/delivery-queue.js';
import { formatTime, newest } from './format.js';
import { jsonBlock, layout, moreLink, tableRegion, type Frame } from './layout.js';
import {
  deliveriesTable,
  disputesTable,
  eventsTable,
  intentsTable,
  objectLink,
  refundsTable,
  resendForm,
  sessionsTable,
} from './tables.js';

/** Delivery attempts per event, oldest first, built once per page. */
export function attemptsByEvent(records: readonly DeliveryRecord[]): (eventId: string) => DeliveryRecord[] {
  const byEvent = new Map<string, DeliveryRecord[]>();
  for (const record of records) {
    const list = byEvent.get(record.eventId);
    if (list) list.push(record);
    else byEvent.set(record.eventId, [record]);
  }
  return (eventId) => byEvent.get(eventId) ?? [];
}

/** `duplicateRate` → `Duplicate rate`. */
function labelOf(key: string): string {
  const words = key.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function settingValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => settingValue(v)).join(', ');
  if (value === null || value === undefined) return '—';
  return JSON.stringify(value);
}

const ADVANCES: [number, string][] = [
  [60, '+1 minute'],
  [3600, '+1 hour'],
  [86_400, '+1 day'],
  [7 * 86_400, '+7 days'],
];

function clockSection(core: EmulatorCore, frame: Frame, typed: string): Raw {
  const advance = (seconds: number, label: string): Raw =>
    markup`<form method="post" action="/dashboard/clock/advance" class="inline">
<input type="hidden" name="seconds" value="${seconds}">
<input type="hidden" name="return_to" value="/">
<button type="submit" class="button">${label}</button>
</form>`;
  return markup`<section aria-labelledby="clock" class="card">
<h2 id="clock">Test clock</h2>
<p>Every timestamp the emulator writes, session expiry, delayed payments, refund outcomes and disputes follow this
clock. It only moves forward; timers that come due fire when it is advanced.</p>
<dl class="facts" data-live="clock-facts">
  <div><dt>Emulator time</dt><dd>${formatTime(frame.now)}</dd></div>
  <div><dt>Real time</dt><dd>${formatTime(core.clock.realNow())}</dd></div>
  <div><dt>Pending timers</dt><dd>${core.timers.size}</dd></div>
</dl>
<div class="actions">${ADVANCES.map(([seconds, label]) => advance(seconds, label))}</div>
<form method="post" action="/dashboard/clock/advance" class="advance-form">
<input type="hidden" name="return_to" value="/">
<label for="advance-seconds">Seconds</label>
<input id="advance-seconds" name="seconds" type="number" min="0" step="1" inputmode="numeric" required value="${typed}">
<button type="submit" class="button">Advance</button>
</form>
</section>`;
}

export function overviewPage(core: EmulatorCore, frame: Frame, typedSeconds = ''): string {
  const { store } = core;
  const counts: [string, string, number][] = [
    ['checkout_sessions', 'Checkout sessions', store.sessions.size],
    ['payment_intents', 'Payment intents', store.paymentIntents.size],
    ['charges', 'Charges', store.charges.size],
    ['refunds', 'Refunds', store.refunds.size],
    ['disputes', 'Disputes', store.disputes.size],
    ['events', 'Events', store.events.size],
    ['deliveries', 'Delivery attempts', core.delivery.records.length],
  ];
  const listed = new Set([
    'checkout_sessions',
    'payment_intents',
    'refunds',
    'disputes',
    'events',
    'deliveries',
  ]);
  const endpoints = [...store.endpoints.values()];
  const latest = newest(store.events.values(), 10);
  const content = markup`<p class="lead">A local Stripe for tests and demos. API base <code>${core.publicUrl}</code>;
the control API is under <code>/_emulator</code>. Nothing here is real money.</p>
<div class="grid">
${clockSection(core, frame, typedSeconds)}
<section aria-labelledby="counts" class="card">
<h2 id="counts">Objects</h2>
<dl class="counts" data-live="counts">
${counts.map(
  ([key, label, count]) =>
    markup`<div><dt>${listed.has(key) ? markup`<a href="/dashboard/${key}">${label}</a>` : label}</dt><dd data-count="${key}">${count}</dd></div>`,
)}
</dl>
</section>
<section aria-labelledby="chaos" class="card">
<h2 id="chaos">Webhook chaos</h2>
<dl class="facts" data-live="chaos">
${Object.entries(core.chaos).map(
  ([key, value]) => markup`<div><dt>${labelOf(key)}</dt><dd>${settingValue(value)}</dd></div>`,
)}
</dl>
<p class="hint">Set with <code>POST /_emulator/chaos</code>, cleared with <code>DELETE /_emulator/chaos</code>.</p>
</section>
</div>
<section aria-labelledby="endpoints">
<h2 id="endpoints">Webhook endpoints</h2>
<div data-live="endpoints">
${
  endpoints.length === 0
    ? markup`<p class="empty">No webhook endpoint: start with <code>--forward-to &lt;url&gt;</code> or create one with <code>POST /v1/webhook_endpoints</code>.</p>`
    : tableRegion(
        'Webhook endpoints',
        markup`<table>
<thead><tr><th scope="col">URL</th><th scope="col">Signing secret</th><th scope="col">Events</th><th scope="col">Status</th><th scope="col">From</th></tr></thead>
<tbody>
${endpoints.map(
  (r) =>
    markup`<tr><td><span class="url">${r.endpoint.url}</span></td><td><code>${r.secret}</code></td><td>${r.endpoint.enabled_events.join(', ')}</td><td>${r.endpoint.status}</td><td>${r.source === 'forward' ? 'start options' : 'API'}</td></tr>\n`,
)}</tbody>
</table>`,
      )
}
</div>
</section>
<section aria-labelledby="latest">
<h2 id="latest">Latest events</h2>
<div data-live="latest">
${eventsTable(latest.rows, attemptsByEvent(core.delivery.records), frame.here)}
<p class="list-foot"><a href="/dashboard/events">All events</a></p>
</div>
</section>`;
  return layout(frame, 'Overview', 'Stripe emulator', content);
}

export type ListName =
  'checkout_sessions' | 'payment_intents' | 'refunds' | 'disputes' | 'events' | 'deliveries';

const TITLES: Record<ListName, string> = {
  checkout_sessions: 'Checkout sessions',
  payment_intents: 'Payment intents',
  refunds: 'Refunds',
  disputes: 'Disputes',
  events: 'Events',
  deliveries: 'Webhook delivery attempts',
};

export function listPage(core: EmulatorCore, frame: Frame, name: ListName, limit: number): string {
  const { store } = core;
  let list: { body: Raw; shown: number; total: number };
  switch (name) {
    case 'checkout_sessions': {
      const { rows, total } = newest(store.sessions.values(), limit);
      const body = sessionsTable(
        rows.map((r) => r.session),
        (id) => core.sessionUrl(id),
      );
      list = { body, shown: rows.length, total };
      break;
    }
    case 'payment_intents': {
      const { rows, total } = newest(store.paymentIntents.values(), limit);
      const sessionOf = (id: string): string | null => store.paymentIntents.get(id)?.sessionId ?? null;
      list = {
        body: intentsTable(
          rows.map((r) => r.intent),
          sessionOf,
        ),
        shown: rows.length,
        total,
      };
      break;
    }
    case 'refunds': {
      const { rows, total } = newest(store.refunds.values(), limit);
      list = { body: refundsTable(rows), shown: rows.length, total };
      break;
    }
    case 'disputes': {
      const { rows, total } = newest(store.disputes.values(), limit);
      list = { body: disputesTable(rows), shown: rows.length, total };
      break;
    }
    case 'events': {
      const { rows, total } = newest(store.events.values(), limit);
      const body = eventsTable(rows, attemptsByEvent(core.delivery.records), frame.here);
      list = { body, shown: rows.length, total };
      break;
    }
    case 'deliveries': {
      const { rows, total } = newest(core.delivery.records, limit);
      list = { body: deliveriesTable(rows, true), shown: rows.length, total };
      break;
    }
  }
  const content = markup`<div data-live="list">
${list.body}
${moreLink(`/dashboard/${name}`, list.shown, list.total, limit)}
</div>`;
  return layout(frame, TITLES[name], TITLES[name], content);
}

/** Events about an object: it is their `data.object`, or (for a session) they belong to it. */
function relatedEvents(core: EmulatorCore, id: string): EventRecord[] {
  return [...core.store.events.values()]
    .filter((r) => r.event.data.object.id === id || r.sessionId === id)
    .reverse();
}

const KINDS: Record<string, string> = {
  'checkout.session': 'Checkout session',
  payment_intent: 'Payment intent',
  charge: 'Charge',
  refund: 'Refund',
  dispute: 'Dispute',
  payment_method: 'Payment method',
  product: 'Product',
  price: 'Price',
  webhook_endpoint: 'Webhook endpoint',
};

/** Any object by id: what it is, its events, its JSON. `null` when there is no such object. */
export function objectPage(core: EmulatorCore, frame: Frame, id: string): string | null {
  const object = core.store.lookup(id);
  if (!object) return null;
  const kind = KINDS[object.object] ?? object.object;
  const extra =
    object.object === 'checkout.session'
      ? markup`<p><a class="button" href="${core.sessionUrl(object.id)}">Open the hosted page</a></p>`
      : '';
  // A webhook endpoint's JSON never holds its secret (that lives beside it), and no object holds an API key.
  const content = markup`${extra}
<section aria-labelledby="events-of">
<h2 id="events-of">Events</h2>
<div data-live="events-of">
${eventsTable(relatedEvents(core, id), attemptsByEvent(core.delivery.records), frame.here)}
</div>
</section>
<section aria-labelledby="json">
<h2 id="json">JSON</h2>
<div data-live="json">${jsonBlock(object, `${kind} ${id} as JSON`)}</div>
</section>`;
  return layout(frame, `${kind} ${id}`, markup`${kind} <code>${id}</code>`, content);
}

/** One event: its facts, every delivery attempt (newest first), Resend, its JSON. */
export function eventPage(core: EmulatorCore, frame: Frame, id: string): string | null {
  const record = core.store.events.get(id);
  if (!record) return null;
  const { event } = record;
  const attempts = attemptsByEvent(core.delivery.records)(id).slice().reverse();
  const content = markup`<dl class="facts" data-live="event-facts">
  <div><dt>Type</dt><dd>${event.type}</dd></div>
  <div><dt>Created</dt><dd>${formatTime(event.created)}</dd></div>
  <div><dt>Object</dt><dd>${objectLink(event.data.object.id)}</dd></div>
  <div><dt>Checkout session</dt><dd>${objectLink(record.sessionId)}</dd></div>
  <div><dt>API version</dt><dd>${event.api_version}</dd></div>
  <div><dt>Pending webhooks</dt><dd>${event.pending_webhooks}</dd></div>
  <div><dt>Request</dt><dd>${event.request.id ?? '—'}</dd></div>
</dl>
${resendForm(id, frame.here)}
<section aria-labelledby="attempts">
<h2 id="attempts">Delivery attempts</h2>
<div data-live="attempts">${deliveriesTable(attempts, false)}</div>
</section>
<section aria-labelledby="json">
<h2 id="json">JSON</h2>
${jsonBlock(event, `Event ${id} as JSON`)}
</section>`;
  return layout(frame, `Event ${id}`, markup`Event <code>${id}</code>`, content);
}

/** A page saying what went wrong (unknown object, refused form). */
export function messagePage(frame: Frame, title: string, message: string): string {
  return layout(frame, title, title, markup`<p>${message}</p><p><a href="/">Back to the overview</a></p>`);
}
