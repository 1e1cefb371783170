import { markup, raw, type Raw } from '../hosted/html.js';
import { formatDuration, formatTime, MAX_LIMIT } from './format.js';

/** What every dashboard page shows around its content. */
export interface Frame {
  /** The page's path and query, e.g. `/dashboard/events?limit=100` (forms come back here). */
  here: string;
  /** Emulator time (unix seconds) and the clock's offset from real time. */
  now: number;
  offsetSeconds: number;
  /** The live stream's version when the page was rendered. */
  version: number;
  notice?: Notice | undefined;
}

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

const NAV: [string, string][] = [
  ['/', 'Overview'],
  ['/dashboard/checkout_sessions', 'Checkout sessions'],
  ['/dashboard/payment_intents', 'Payment intents'],
  ['/dashboard/refunds', 'Refunds'],
  ['/dashboard/disputes', 'Disputes'],
  ['/dashboard/events', 'Events'],
  ['/dashboard/deliveries', 'Deliveries'],
];

function currentSection(here: string): string {
  const path = here.split('?')[0] ?? '/';
  if (path.startsWith('/dashboard/objects/') || path === '/') return path === '/' ? '/' : '';
  if (path.startsWith('/dashboard/events/')) return '/dashboard/events';
  return path;
}

/** The clock as the header shows it; a live region, so it follows advances made elsewhere. */
export function clockBar(frame: Frame): Raw {
  const sign = frame.offsetSeconds < 0 ? '−' : '+';
  return markup`<p class="clockbar" data-live="clock">
  <span>Emulator time <time datetime="${new Date(frame.now * 1000).toISOString()}">${formatTime(frame.now)}</time></span>
  <span>Offset <span data-clock-offset>${sign}${formatDuration(Math.abs(frame.offsetSeconds))}</span></span>
  <a href="/#clock">Advance</a>
</p>`;
}

/** A whole page: `content` goes in `<main>` after the `<h1>` and any notice. */
export function layout(frame: Frame, title: string, heading: Raw | string, content: Raw): string {
  const section = currentSection(frame.here);
  const notice = frame.notice
    ? markup`<p class="notice ${frame.notice.kind}" role="${frame.notice.kind === 'error' ? 'alert' : 'status'}">${frame.notice.text}</p>`
    : '';
  return markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · Stripe emulator</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
<script src="/dashboard/assets/dashboard.js" defer></script>
</head>
<body data-live-version="${frame.version}">
<a class="skip-link" href="#main">Skip to content</a>
<header class="top">
  <div class="top-row">
    <a class="brand" href="/">Stripe emulator</a>
    <span class="badge">Test mode</span>
    <p id="live-status" class="live-status" role="status">Reload to see changes</p>
  </div>
  ${clockBar(frame)}
  <nav aria-label="Dashboard">
    <ul>
      ${NAV.map(
        ([href, label]) =>
          markup`<li><a href="${href}"${href === section ? raw(' aria-current="page"') : ''}>${label}</a></li>`,
      )}
    </ul>
  </nav>
</header>
<main id="main" tabindex="-1">
<h1>${heading}</h1>
${notice}
${content}
</main>
</body>
</html>
`.html;
}

/** A table that scrolls sideways on narrow screens instead of widening the page. */
export function tableRegion(label: string, table: Raw): Raw {
  return markup`<div class="table-wrap" role="region" aria-label="${label}" tabindex="0">${table}</div>`;
}

/** "Showing 50 of 312 · Show more" under a capped list. */
export function moreLink(path: string, shown: number, total: number, limit: number): Raw {
  if (total <= shown) return markup`<p class="list-foot">${total === 0 ? '' : `${total} in all.`}</p>`;
  if (limit >= MAX_LIMIT) return markup`<p class="list-foot">Showing the newest ${shown} of ${total}.</p>`;
  const next = Math.min(limit * 2, total, MAX_LIMIT);
  const separator = path.includes('?') ? '&' : '?';
  return markup`<p class="list-foot">Showing the newest ${shown} of ${total}. <a href="${path}${separator}limit=${next}">Show more</a></p>`;
}

/** `<pre>` for JSON (or a response body): escaped, wraps instead of widening the page. */
export function jsonBlock(value: unknown, label: string): Raw {
  return markup`<pre class="json" tabindex="0" role="region" aria-label="${label}"><code>${JSON.stringify(value, null, 2)}</code></pre>`;
}
