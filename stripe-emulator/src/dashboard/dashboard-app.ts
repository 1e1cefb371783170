import type { ServerResponse } from 'node:http';
import type { EmulatorCore } from '../emulator-core.js';
import type { ListenHub } from '../listen/listen-hub.js';
import { Router } from '../http/router.js';
import { header, type App, type HttpRequest, type HttpResponse } from '../http/types.js';
import { DASHBOARD_CSS, DASHBOARD_JS } from './assets.js';
import { formatDuration, parseLimit } from './format.js';
import type { Frame, Notice } from './layout.js';
import { LiveHub } from './live.js';
import { eventPage, listPage, messagePage, objectPage, overviewPage, type ListName } from './pages.js';

type Handler = (req: HttpRequest, params: Record<string, string>, query: URLSearchParams) => HttpResponse;

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** The Server-Sent Events route the dashboard's script listens to. */
export const STREAM_PATH = '/_emulator/stream';

const LISTS: ListName[] = [
  'checkout_sessions',
  'payment_intents',
  'refunds',
  'disputes',
  'events',
  'deliveries',
];

/** Whole seconds the clock form accepts (up to ~317 years, which keeps every date printable). */
const SECONDS = /^\d{1,10}$/;

function page(status: number, body: string): HttpResponse {
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...SECURITY_HEADERS }, body };
}

function redirect(location: string): HttpResponse {
  return { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' }, body: '' };
}

function asset(contentType: string, body: string): HttpResponse {
  return {
    status: 200,
    headers: {
      'Content-Type': contentType,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    },
    body,
  };
}

/** The page a form came from, if it is a dashboard page; without the notices of an earlier redirect. */
function returnTo(body: URLSearchParams, fallback: string): string {
  const value = body.get('return_to') ?? '';
  if (!(value === '/' || value.startsWith('/?') || value.startsWith('/dashboard/'))) return fallback;
  const url = new URL(value, 'http://dashboard.invalid');
  if (url.origin !== 'http://dashboard.invalid') return fallback;
  for (const key of ['notice', 'seconds', 'endpoints']) url.searchParams.delete(key);
  return `${url.pathname}${url.search}`;
}

function withNotice(path: string, params: Record<string, string | number>): string {
  const search = new URLSearchParams(
    Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
  );
  return `${path}${path.includes('?') ? '&' : '?'}${search.toString()}`;
}

/** The notice a redirect asked for (`?notice=…`): fixed sentences, never text taken from the URL. */
function noticeOf(query: URLSearchParams): Notice | undefined {
  switch (query.get('notice')) {
    case 'advanced': {
      const seconds = query.get('seconds') ?? '';
      return SECONDS.test(seconds)
        ? { kind: 'ok', text: `Clock advanced by ${formatDuration(Number(seconds))}.` }
        : undefined;
    }
    case 'resent': {
      const count = Number(query.get('endpoints'));
      if (!Number.isInteger(count) || count < 0) return undefined;
      return count === 0
        ? { kind: 'error', text: 'No enabled endpoint listens to this event: nothing was resent.' }
        : { kind: 'ok', text: `Resent to ${count} endpoint${count === 1 ? '' : 's'}.` };
    }
    default:
      return undefined;
  }
}

/**
 * A browser sends `Origin` with every form POST: one from another site (a page trying to drive the local
 * emulator) is refused. Tools that send no `Origin` (curl) are let through, like the control API.
 */
function sameOrigin(req: HttpRequest): boolean {
  const origin = header(req, 'origin');
  if (origin === undefined) return header(req, 'sec-fetch-site') !== 'cross-site';
  try {
    return new URL(origin).host === header(req, 'host');
  } catch {
    return false;
  }
}

export interface Dashboard {
  /** `/` and `/dashboard/…`. */
  app: App;
  /** Hands `GET /_emulator/stream` to the live hub; true when it took the request. */
  stream: (req: HttpRequest, res: ServerResponse) => boolean;
  /** A request may have changed state (the server calls it after every non-GET request). */
  changed: () => void;
  close: () => void;
}

/**
 * The dashboard at the emulator's root: server-rendered pages of what the emulator holds (sessions, payment
 * intents, refunds, disputes, events and their delivery attempts), Resend per event and the test clock as form
 * POSTs, and live updates through Server-Sent Events.
 */
export function createDashboard(core: EmulatorCore, listen: ListenHub): Dashboard {
  const live = new LiveHub();
  core.bus.onEvent(() => live.notify('event'));
  core.delivery.onRecord(() => live.notify('delivery'));

  const frame = (req: HttpRequest, notice?: Notice): Frame => ({
    here: req.query ? `${req.path}?${req.query}` : req.path,
    now: core.clock.now(),
    offsetSeconds: core.clock.offsetSeconds,
    version: live.version,
    notice,
  });
  const notFound = (req: HttpRequest, message: string): HttpResponse =>
    page(404, messagePage(frame(req), 'Not found', message));

  const router = new Router<Handler>();
  router.add('GET', '/', (req, _params, query) => page(200, overviewPage(core, frame(req, noticeOf(query)))));
  router.add('GET', '/dashboard', () => redirect('/'));
  router.add('GET', '/dashboard/assets/dashboard.css', () => asset('text/css; charset=utf-8', DASHBOARD_CSS));
  router.add('GET', '/dashboard/assets/dashboard.js', () =>
    asset('text/javascript; charset=utf-8', DASHBOARD_JS),
  );
  for (const name of LISTS) {
    router.add('GET', `/dashboard/${name}`, (req, _params, query) =>
      page(200, listPage(core, frame(req, noticeOf(query)), name, parseLimit(query))),
    );
  }
  router.add('GET', '/dashboard/objects/:id', (req, params, query) => {
    const id = params.id ?? '';
    if (id.startsWith('evt_') && core.store.events.has(id))
      return redirect(`/dashboard/events/${encodeURIComponent(id)}`);
    const html = objectPage(core, frame(req, noticeOf(query)), id);
    return html === null ? notFound(req, `No such object: ${id}`) : page(200, html);
  });
  router.add('GET', '/dashboard/events/:id', (req, params, query) => {
    const id = params.id ?? '';
    const html = eventPage(core, frame(req, noticeOf(query)), id);
    return html === null ? notFound(req, `No such event: ${id}`) : page(200, html);
  });

  router.add('POST', '/dashboard/events/:id/resend', (req, params) => {
    const id = params.id ?? '';
    const record = core.store.events.get(id);
    if (!record) return notFound(req, `No such event: ${id}`);
    // The control API's resend: every enabled endpoint and every `stripe listen` session gets it again.
    const endpoints = listen.resendEverywhere(record);
    const back = returnTo(new URLSearchParams(req.body), `/dashboard/events/${encodeURIComponent(id)}`);
    return redirect(withNotice(back, { notice: 'resent', endpoints }));
  });

  router.add('POST', '/dashboard/clock/advance', (req) => {
    const form = new URLSearchParams(req.body);
    const typed = (form.get('seconds') ?? '').trim();
    if (!SECONDS.test(typed)) {
      const notice: Notice = { kind: 'error', text: 'Enter a whole number of seconds, 0 or more.' };
      return page(400, overviewPage(core, { ...frame(req, notice), here: '/' }, typed));
    }
    const seconds = Number(typed);
    core.advanceClock(seconds);
    return redirect(withNotice(returnTo(form, '/'), { notice: 'advanced', seconds }));
  });

  const app: App = (req) => {
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const match = router.match(method, req.path);
    if (!match) return notFound(req, `Nothing at ${req.path}.`);
    if (method === 'POST' && !sameOrigin(req))
      return page(
        403,
        messagePage(frame(req), 'Refused', 'Forms from another site cannot drive the emulator.'),
      );
    return match.handler(req, match.params, new URLSearchParams(req.query));
  };

  return {
    app,
    stream: (req, res) => {
      if (req.path !== STREAM_PATH || req.method !== 'GET') return false;
      live.attach(res);
      return true;
    },
    changed: () => live.notify('change'),
    close: () => live.close(),
  };
}
