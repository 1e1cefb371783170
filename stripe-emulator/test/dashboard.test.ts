import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkFor, sessionParams, sleep, startHarness, waitFor, type Harness } from './support/harness.js';

/**
 * The dashboard (`/`, `/dashboard/…`) over real HTTP: pages show what the official SDK created, escaped; resend
 * and clock advance work as plain form POSTs with a redirect; `/_emulator/stream` pushes a notice per change.
 */
let h: Harness;
let stripe: Stripe;
/** A second webhook receiver (an endpoint created through the API) that answers with a telling body. */
let echo: http.Server;
let echoUrl: string;
const echoed: string[] = [];
// A key of its own, to check that no page ever shows the key requests were made with.
const KEY = 'sk_test_dashboardKey4711';
const HOSTILE = '<script>alert("x")</script>';

beforeAll(async () => {
  h = await startHarness();
  stripe = sdkFor(h.emulator, KEY);
  echo = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string };
      echoed.push(event.id);
      res.writeHead(202, { 'Content-Type': 'text/plain' }).end(`got <i>${event.id}</i> thanks`);
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/hooks`;
  await stripe.webhookEndpoints.create({ url: echoUrl, enabled_events: ['*'] });
});

afterAll(async () => {
  await h.close();
  echo.closeAllConnections();
  await new Promise<void>((resolve) => echo.close(() => resolve()));
});

async function get(path: string): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(`${h.emulator.url}${path}`);
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** What a reader sees: tags dropped, entities decoded, whitespace collapsed. */
function text(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** A form POST as a browser sends it from a dashboard page (same Origin), without following the redirect. */
function post(path: string, fields: Record<string, string>, origin = h.emulator.url): Promise<Response> {
  return fetch(`${h.emulator.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
    body: new URLSearchParams(fields).toString(),
  });
}

async function paidSession(
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
  card = '4242424242424242',
): Promise<{ session: Stripe.Checkout.Session; intentId: string }> {
  const session = await stripe.checkout.sessions.create(sessionParams(overrides));
  const paid = await h.control.pay(session.id, { card });
  expect(paid.body.outcome).toBe('succeeded');
  return { session, intentId: paid.body.session.payment_intent as string };
}

describe('dashboard pages', () => {
  it('the overview shows counts, the clock, chaos settings and the endpoints with their secrets', async () => {
    const { status, html, headers } = await get('/');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(headers.get('cache-control')).toBe('no-store');
    const shown = text(html);
    expect(html).toMatch(/<h1[^>]*>[^<]*Stripe emulator/);
    expect(shown).toContain('Test clock');
    expect(shown).toMatch(/Offset \+0 s/);
    expect(shown).toContain(`${h.receiver.url}/webhook`);
    expect(shown).toContain(echoUrl);
    expect(shown).toContain(h.emulator.webhookSecret);
    expect(shown).toMatch(/Paused\s+no/);
    expect(shown).toMatch(/Duplicate rate\s+0/);
    expect(html).toContain('<a href="/dashboard/checkout_sessions">');
    expect(html).toContain('<script src="/dashboard/assets/dashboard.js" defer></script>');
    const script = await fetch(`${h.emulator.url}/dashboard/assets/dashboard.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain('EventSource');
  });

  it('lists checkout sessions newest first, escaped, with the hosted page link, and follows their status', async () => {
    const older = await stripe.checkout.sessions.create(sessionParams());
    const session = await stripe.checkout.sessions.create(
      sessionParams({ client_reference_id: 'ord<b>&"2"', metadata: { note: HOSTILE } }),
    );
    let page = await get('/dashboard/checkout_sessions');
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('<b>&');
    expect(page.html).toContain('ord&lt;b&gt;&amp;&quot;2&quot;');
    const rows = text(page.html);
    expect(rows.indexOf(session.id)).toBeGreaterThan(-1);
    expect(rows.indexOf(session.id)).toBeLessThan(rows.indexOf(older.id));
    expect(page.html).toContain(`href="${h.emulator.url}/c/pay/${session.id}"`);
    expect(rows).toMatch(new RegExp(`${session.id} open unpaid €29\\.99`));

    await h.control.pay(session.id, { card: '4242424242424242' });
    page = await get('/dashboard/checkout_sessions');
    expect(text(page.html)).toMatch(new RegExp(`${session.id} complete paid €29\\.99`));

    const detail = await get(`/dashboard/objects/${session.id}`);
    expect(detail.status).toBe(200);
    expect(detail.html).not.toContain(HOSTILE);
    // JSON escapes the quotes (\"), HTML escapes the rest.
    expect(detail.html).toContain('&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt;');
    expect(text(detail.html)).toContain(`"id": "${session.id}"`);
    // Its events, linked.
    expect(text(detail.html)).toContain('checkout.session.completed');
  });

  it('lists payment intents, refunds and disputes with their amounts and statuses', async () => {
    const { intentId } = await paidSession();
    const refund = await stripe.refunds.create({ payment_intent: intentId, amount: 500 });
    const disputed = await paidSession({}, '4000000000000259');
    const dispute = await waitFor(
      async () => (await stripe.disputes.list({ payment_intent: disputed.intentId })).data[0],
    );

    const intents = text((await get('/dashboard/payment_intents')).html);
    expect(intents).toMatch(new RegExp(`${disputed.intentId} succeeded €29\\.99`));
    expect(intents.indexOf(disputed.intentId)).toBeLessThan(intents.indexOf(intentId));

    const refunds = text((await get('/dashboard/refunds')).html);
    expect(refunds).toMatch(new RegExp(`${refund.id} succeeded €5\\.00 ${intentId}`));

    const disputes = text((await get('/dashboard/disputes')).html);
    expect(disputes).toMatch(new RegExp(`${dispute.id} needs_response fraudulent €29\\.99`));

    const detail = await get(`/dashboard/objects/${refund.id}`);
    expect(text(detail.html)).toContain(`"object": "refund"`);
  });

  it('an event shows every delivery attempt: endpoint, status, duration and the response body, escaped', async () => {
    const { session } = await paidSession();
    const events = await h.control.events(session.id);
    const completed = events.find((e) => e.type === 'checkout.session.completed');
    expect(completed).toBeDefined();
    const id = completed?.id ?? '';
    await waitFor(() => echoed.includes(id));
    await waitFor(async () => (await h.control.deliveries(`?event_id=${id}`)).length >= 2);

    const list = await get('/dashboard/events');
    const listed = text(list.html);
    expect(listed).toContain(`${id} checkout.session.completed`);
    expect(list.html).toContain(`action="/dashboard/events/${id}/resend"`);

    const { status, html } = await get(`/dashboard/events/${id}`);
    expect(status).toBe(200);
    const shown = text(html);
    expect(shown).toContain(`${h.receiver.url}/webhook`);
    expect(shown).toContain(echoUrl);
    expect(shown).toMatch(/\b200\b/);
    expect(shown).toMatch(/\b202\b/);
    expect(shown).toMatch(/\d+ ms/);
    expect(html).toContain(`got &lt;i&gt;${id}&lt;/i&gt; thanks`);
    expect(html).not.toContain(`<i>${id}</i>`);
    expect(shown).toContain(`"type": "checkout.session.completed"`);
    // The deliveries page lists the same attempts.
    expect(text((await get('/dashboard/deliveries')).html)).toContain(echoUrl);
  });

  it('"Resend" (a form POST) delivers the event again and redirects back', async () => {
    const { session } = await paidSession();
    const event = (await h.control.events(session.id)).find((e) => e.type === 'payment_intent.succeeded');
    const id = event?.id ?? '';
    await waitFor(() => echoed.includes(id));
    const before = h.receiver.webhooks().filter((r) => r.body.includes(`"id": "${id}"`)).length;

    const response = await post(`/dashboard/events/${id}/resend`, { return_to: `/dashboard/events/${id}` });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/dashboard/events/${id}?notice=resent&endpoints=2`);
    await waitFor(
      () => h.receiver.webhooks().filter((r) => r.body.includes(`"id": "${id}"`)).length > before,
    );
    await waitFor(() => echoed.filter((e) => e === id).length === 2);
    // The attempts are recorded once the receivers' answers are read.
    const copies = await waitFor(async () => {
      const rows = (await h.control.deliveries(`?event_id=${id}`)).filter((d) => d.copy === 'resend');
      return rows.length >= 2 && rows;
    });
    expect(copies.map((d) => d.status).sort()).toEqual([200, 202]);

    const after = await get(response.headers.get('location') ?? '');
    expect(text(after.html)).toContain('Resent to 2 endpoints');
    expect(text(after.html)).toMatch(/resend/);
  });

  it('refuses a form POST from another site, an unknown event and a foreign return_to', async () => {
    const { session } = await paidSession();
    const id = (await h.control.events(session.id))[0]?.id ?? '';
    const foreign = await post(`/dashboard/events/${id}/resend`, {}, 'http://evil.example');
    expect(foreign.status).toBe(403);
    const unknown = await post('/dashboard/events/evt_nope/resend', {});
    expect(unknown.status).toBe(404);
    expect(text(await unknown.text())).toContain('No such event: evt_nope');
    const away = await post(`/dashboard/events/${id}/resend`, { return_to: '//evil.example/x' });
    expect(away.status).toBe(303);
    expect(away.headers.get('location')).toBe(`/dashboard/events/${id}?notice=resent&endpoints=2`);
    // Only the same-site POST resent: two endpoints, one attempt each.
    const resent = async (): Promise<number> =>
      (await h.control.deliveries(`?event_id=${id}`)).filter((d) => d.copy === 'resend').length;
    await waitFor(async () => (await resent()) >= 2);
    await sleep(200);
    expect(await resent()).toBe(2);
  });

  it('advances the test clock from a form: sessions expire, the clock shown moves', async () => {
    const session = await stripe.checkout.sessions.create(sessionParams());
    const invalid = await post('/dashboard/clock/advance', { seconds: '-5' });
    expect(invalid.status).toBe(400);
    expect(text(await invalid.text())).toContain('Enter a whole number of seconds, 0 or more.');
    expect((await h.control.request('GET', '/_emulator/clock')).body.offsetSeconds).toBe(0);

    const hour = await post('/dashboard/clock/advance', {
      seconds: '3600',
      return_to: '/dashboard/checkout_sessions',
    });
    expect(hour.status).toBe(303);
    expect(hour.headers.get('location')).toBe('/dashboard/checkout_sessions?notice=advanced&seconds=3600');
    expect((await h.control.request('GET', '/_emulator/clock')).body.offsetSeconds).toBe(3600);
    const after = text((await get('/dashboard/checkout_sessions?notice=advanced&seconds=3600')).html);
    expect(after).toContain('Clock advanced by 1 h');
    expect(after).toMatch(/Offset \+1 h/);
    expect(after).toMatch(new RegExp(`${session.id} expired unpaid`));
    const types = await h.control.eventTypes(session.id);
    expect(types).toContain('checkout.session.expired');

    const day = await post('/dashboard/clock/advance', { seconds: '86400' });
    expect(day.headers.get('location')).toBe('/?notice=advanced&seconds=86400');
    expect(text((await get('/')).html)).toMatch(/Offset \+1 d 1 h/);
  });

  it('caps lists with a "Show more" link, and answers unknown objects with 404', async () => {
    for (let i = 0; i < 3; i++) await stripe.checkout.sessions.create(sessionParams());
    const all = (await stripe.checkout.sessions.list({ limit: 100 })).data;
    const capped = await get('/dashboard/checkout_sessions?limit=2');
    const shown = text(capped.html);
    expect(shown).toContain(all[0]?.id ?? 'missing');
    expect(shown).toContain(all[1]?.id ?? 'missing');
    expect(shown).not.toContain(all[2]?.id ?? 'missing');
    expect(capped.html).toMatch(/<a href="\/dashboard\/checkout_sessions\?limit=\d+">Show more/);
    const missing = await get('/dashboard/objects/cs_test_nothing');
    expect(missing.status).toBe(404);
    expect(text(missing.html)).toContain('No such object: cs_test_nothing');
    expect((await get('/dashboard/nothing-here')).status).toBe(404);
  });

  it('never shows the key the API requests were made with', async () => {
    for (const path of ['/', '/dashboard/checkout_sessions', '/dashboard/events', '/dashboard/deliveries']) {
      const page = await get(path);
      expect(page.status).toBe(200);
      expect(page.html).not.toContain(KEY);
    }
  });
});

describe('live updates', () => {
  it('GET /_emulator/stream sends a change notice when an event happens', async () => {
    const session = await stripe.checkout.sessions.create(sessionParams());
    const controller = new AbortController();
    const response = await fetch(`${h.emulator.url}/_emulator/stream`, { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let received = '';
    const readUntil = async (pattern: RegExp): Promise<string> => {
      while (!pattern.test(received)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${String(pattern)}: ${received}`);
        received += decoder.decode(value, { stream: true });
      }
      return received;
    };
    await readUntil(/event: hello\ndata: \{"version":\d+\}\n\n/);
    const hello = Number(/"version":(\d+)/.exec(received)?.[1]);
    received = '';
    await h.control.pay(session.id, { card: '4242424242424242' });
    // Changes come in coalesced messages (the session's creation may come first): read until the payment's
    // events and their delivery attempts were announced.
    const changes: { version: number; kinds: string[] }[] = [];
    const heard = (kind: string): boolean => changes.some((c) => c.kinds.includes(kind));
    while (!heard('event') || !heard('delivery')) {
      await readUntil(/event: change\ndata: \{[^\n]*\}\n\n/);
      const match = /event: change\ndata: (\{[^\n]*\})\n\n/.exec(received);
      changes.push(JSON.parse(match?.[1] ?? '{}') as { version: number; kinds: string[] });
      received = received.slice((match?.index ?? 0) + (match?.[0].length ?? 0));
    }
    expect(changes.every((c) => c.version > hello)).toBe(true);
    controller.abort();
    await reader.cancel().catch(() => undefined);
  });
});
