/**
 * The dashboard's stylesheet and script, served by the emulator itself (no CDN, no build step). The pages work
 * without the script (links and form POSTs); the script only adds live updates: it listens to
 * `/_emulator/stream` and, when something changed, fetches the same page again and swaps its `data-live`
 * regions in place (skipping a region that holds the keyboard focus until the focus leaves it).
 */
export const DASHBOARD_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  font: 15px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Ubuntu, Arial, sans-serif;
  color: #1a1f36; background: #f6f8fb;
}
a { color: #3c4fe0; }
code, .mono, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
code { overflow-wrap: anywhere; }
:focus-visible { outline: 2px solid #3c4fe0; outline-offset: 2px; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.skip-link { position: absolute; left: 8px; top: -48px; background: #1a1f36; color: #fff; padding: 8px 12px; border-radius: 6px; z-index: 10; }
.skip-link:focus { top: 8px; }

.top { background: #1a1f36; color: #fff; padding: 12px 16px 0; }
.top a { color: #fff; }
.top-row { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; }
.brand { font-weight: 700; text-decoration: none; font-size: 17px; }
.badge { background: #ffde92; color: #983705; font-size: 11px; font-weight: 700; letter-spacing: .04em; text-transform: uppercase; padding: 2px 8px; border-radius: 4px; }
.live-status { margin: 0 0 0 auto; font-size: 13px; color: #c1c9d2; }
.clockbar { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 8px 0 0; font-size: 14px; color: #e3e8ee; }
.clockbar [data-clock-offset] { font-weight: 600; color: #fff; }
nav ul { list-style: none; margin: 0; padding: 8px 0 0; display: flex; flex-wrap: wrap; gap: 0 4px; }
nav a { display: inline-block; padding: 8px 10px; text-decoration: none; border-bottom: 3px solid transparent; }
nav a:hover { border-bottom-color: #8792a2; }
nav a[aria-current="page"] { border-bottom-color: #ffde92; font-weight: 600; }

main { max-width: 1200px; margin: 0 auto; padding: 16px; }
main:focus { outline: none; }
h1 { font-size: 24px; margin: 8px 0 16px; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 24px 0 8px; }
.card h2 { margin-top: 0; }
.lead { margin-top: 0; color: #4f566b; }
.grid { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(min(100%, 300px), 1fr)); }
.card { background: #fff; border: 1px solid #e3e8ee; border-radius: 8px; padding: 16px; min-width: 0; }
.facts, .counts { margin: 0; display: grid; gap: 4px; }
.facts div, .counts div { display: flex; justify-content: space-between; gap: 12px; border-bottom: 1px solid #f0f2f5; padding: 2px 0; }
.facts dt, .counts dt { color: #4f566b; }
.facts dd, .counts dd { margin: 0; text-align: right; overflow-wrap: anywhere; min-width: 0; }
.counts dd { font-weight: 600; }
.hint { font-size: 13px; color: #697386; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
form.inline { display: inline; margin: 0; }
.advance-form { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
.advance-form input { font: inherit; width: 10em; max-width: 100%; padding: 7px 10px; border: 1px solid #d5dbe1; border-radius: 6px; }
.button { display: inline-block; font: inherit; font-weight: 600; color: #3c4fe0; background: #fff; border: 1px solid #d5dbe1; border-radius: 6px; padding: 7px 12px; cursor: pointer; text-decoration: none; }
.button:hover { border-color: #3c4fe0; }
.button.small { padding: 3px 8px; font-size: 13px; }
.notice { padding: 10px 14px; border-radius: 6px; background: #e7f6ed; color: #0e6245; border: 1px solid #b4e1c6; }
.notice.error { background: #fde8ec; color: #a41c3c; border-color: #f5b8c5; }
.empty { color: #697386; }
.list-foot { color: #697386; font-size: 14px; }

.table-wrap { position: relative; max-width: 100%; overflow-x: auto; background: #fff; border: 1px solid #e3e8ee; border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid #f0f2f5; vertical-align: top; }
th { color: #4f566b; font-weight: 600; white-space: nowrap; background: #fafbfc; }
td .url { display: inline-block; min-width: 16ch; overflow-wrap: anywhere; }
td.nowrap { white-space: nowrap; }
tbody tr:last-child td { border-bottom: 0; }
.status { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 6px; border-radius: 4px; background: #e3e8ee; color: #3c4257; }
.status-succeeded, .status-complete, .status-paid, .status-won { background: #d7f7c2; color: #05690d; }
.status-failed, .status-expired, .status-canceled, .status-lost, .status-needs_response, .status-requires_payment_method { background: #ffe7f2; color: #b3093c; }
.status-processing, .status-pending, .status-open, .status-unpaid, .status-under_review, .status-warning_needs_response { background: #fcedb9; color: #a82c00; }
details summary { cursor: pointer; color: #3c4fe0; }
pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.json { background: #fff; border: 1px solid #e3e8ee; border-radius: 8px; padding: 12px; max-height: 70vh; overflow: auto; }
pre.excerpt { max-width: 40ch; max-height: 12em; overflow: auto; background: #f6f8fb; padding: 6px; border-radius: 4px; }

@media (max-width: 520px) {
  .top { padding: 8px 10px 0; }
  main { padding: 12px 10px; }
  nav a { padding: 6px 8px; }
  .live-status { margin-left: 0; width: 100%; }
}
`;

export const DASHBOARD_JS = `(() => {
  'use strict';
  const status = document.getElementById('live-status');
  if (!status || typeof EventSource !== 'function' || typeof DOMParser !== 'function') return;
  let version = Number(document.body.dataset.liveVersion) || 0;
  let timer = 0;
  let busy = false;
  let again = false;
  let stale = false;
  const say = (text) => { if (status.textContent !== text) status.textContent = text; };

  const swap = (fresh) => {
    const regions = document.querySelectorAll('[data-live]');
    for (const region of regions) {
      const next = fresh.querySelector('[data-live="' + CSS.escape(region.dataset.live) + '"]');
      if (!next) continue;
      const focused = document.activeElement;
      if (focused && focused !== document.body && region.contains(focused)) { stale = true; continue; }
      // Details the reader opened stay open.
      const open = new Set(Array.from(region.querySelectorAll('details[open][id]'), (d) => d.id));
      region.replaceChildren(...Array.from(next.childNodes, (node) => document.importNode(node, true)));
      for (const id of open) { const d = document.getElementById(id); if (d) d.open = true; }
    }
  };

  const refresh = async () => {
    if (busy) { again = true; return; }
    busy = true;
    stale = false;
    try {
      const response = await fetch(location.href, { cache: 'no-store', headers: { Accept: 'text/html' } });
      if (response.ok) {
        const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
        swap(fresh);
        version = Math.max(version, Number(fresh.body.dataset.liveVersion) || 0);
        document.body.dataset.liveVersion = String(version);
      }
    } catch (error) {
      say('Live updates interrupted');
    } finally {
      busy = false;
      if (again) { again = false; refresh(); }
    }
  };

  const heard = (message) => {
    let data;
    try { data = JSON.parse(message.data); } catch (error) { return; }
    if (typeof data.version === 'number' && data.version > version) {
      clearTimeout(timer);
      timer = setTimeout(refresh, 50);
    }
  };

  document.addEventListener('focusout', () => { if (stale) setTimeout(refresh, 0); });
  const source = new EventSource('/_emulator/stream');
  source.addEventListener('open', () => say('Live updates on'));
  source.addEventListener('error', () => say('Live updates reconnecting…'));
  source.addEventListener('hello', heard);
  source.addEventListener('change', heard);
  window.addEventListener('pagehide', () => source.close());
})();
`;
