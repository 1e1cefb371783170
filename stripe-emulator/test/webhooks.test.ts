import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Receiver,
  sdkFor,
  sessionParams,
  sleep,
  startHarness,
  waitFor,
  type Harness,
} from './support/harness.js';

const verifier = new Stripe('sk_test_verifier');
let h: Harness | undefined;
const extra: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const item of extra.splice(0)) await item.close();
});

async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  h = await startHarness(options);
  return h;
}

async function paidSession(harness: Harness): Promise<Stripe.Checkout.Session> {
  const session = await harness.stripe.checkout.sessions.create(sessionParams());
  await harness.control.pay(session.id, { card: '4242424242424242' });
  return session;
}

function verify(
  harness: Harness,
  body: string,
  signature: string,
  secret = harness.emulator.webhookSecret,
): Stripe.Event {
  return verifier.webhooks.constructEvent(body, signature, secret);
}

describe('signed deliveries', () => {
  it('delivers every event, signed so that stripe.webhooks.constructEvent accepts it', async () => {
    const t = await harness();
    const session = await paidSession(t);
    const hooks = await waitFor(() => t.receiver.webhooks().length >= 4 && t.receiver.webhooks());
    const events = hooks.map((hook) => {
      const signature = hook.headers['stripe-signature'] as string;
      expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(hook.headers['content-type']).toMatch(/^application\/json/);
      return verify(t, hook.body, signature);
    });
    expect(events.map((e) => e.type).sort()).toEqual(
      [
        'charge.succeeded',
        'checkout.session.completed',
        'payment_intent.created',
        'payment_intent.succeeded',
      ].sort(),
    );
    const completed = events.find((e) => e.type === 'checkout.session.completed');
    expect(completed).toMatchObject({ object: 'event', livemode: false, api_version: Stripe.API_VERSION });
    expect((completed?.data.object as Stripe.Checkout.Session).id).toBe(session.id);
    expect(() =>
      verify(t, hooks[0]?.body ?? '', hooks[0]?.headers['stripe-signature'] as string, 'whsec_wrong'),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);

    const deliveries = await waitFor(async () => {
      const found = await t.control.deliveries(`?session_id=${session.id}`);
      return found.length >= 4 && found;
    });
    expect(deliveries).toHaveLength(4);
    expect(deliveries.every((d) => d.ok && d.status === 200 && d.attempt === 1)).toBe(true);
    expect(t.logs.some((line) => line.includes('checkout.session.completed') && line.includes('[200]'))).toBe(
      true,
    );
    const listed = await t.stripe.events.list({ type: 'checkout.session.*', delivery_success: true });
    expect(listed.data.map((e) => e.id)).toContain(completed?.id);
  });

  it('webhook endpoints created through the API get their own secret and only their enabled events', async () => {
    const t = await harness();
    const other = await new Receiver().start();
    extra.push(other);
    const endpoint = await t.stripe.webhookEndpoints.create({
      url: `${other.url}/hooks`,
      enabled_events: ['checkout.session.completed'],
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect(endpoint.status).toBe('enabled');
    const fetched = await t.stripe.webhookEndpoints.retrieve(endpoint.id);
    expect(fetched.url).toBe(`${other.url}/hooks`);
    expect(fetched.secret).toBeUndefined();

    await paidSession(t);
    const [hook] = await waitFor(() => other.webhooks().length >= 1 && other.webhooks());
    await sleep(100);
    expect(other.webhooks()).toHaveLength(1);
    const event = verifier.webhooks.constructEvent(
      hook?.body ?? '',
      hook?.headers['stripe-signature'] as string,
      endpoint.secret ?? '',
    );
    expect(event.type).toBe('checkout.session.completed');

    const deleted = await t.stripe.webhookEndpoints.del(endpoint.id);
    expect(deleted).toMatchObject({ id: endpoint.id, deleted: true });
    await paidSession(t);
    await sleep(150);
    expect(other.webhooks()).toHaveLength(1);
  });
});

describe('retries', () => {
  it('retries after a 500 until the endpoint answers 2xx', async () => {
    const t = await harness({ retrySchedule: [0.05, 0.05, 0.05] });
    t.receiver.responder = (_req, index) => ({ status: index < 2 ? 500 : 200 });
    const session = await t.stripe.checkout.sessions.create(sessionParams());
    await t.stripe.checkout.sessions.expire(session.id);
    const attempts = await waitFor(async () => {
      const rows = await t.control.deliveries(`?session_id=${session.id}`);
      return rows.some((r) => r.ok) && rows;
    });
    expect(attempts.map((a) => [a.attempt, a.status, a.ok])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    const ids = new Set(t.receiver.webhooks().map((r) => (JSON.parse(r.body) as Stripe.Event).id));
    expect(ids.size).toBe(1);
    expect(t.logs.filter((line) => line.includes('retry in'))).toHaveLength(2);
    const event = await t.stripe.events.retrieve(attempts[0]?.eventId ?? '');
    expect(event.pending_webhooks).toBe(0);
  });

  it('retries after a timeout', async () => {
    const t = await harness({ retrySchedule: [0.05, 0.05], deliveryTimeoutMs: 400 });
    t.receiver.responder = (_req, index) => (index === 0 ? { status: 200, delayMs: 3000 } : { status: 200 });
    const session = await t.stripe.checkout.sessions.create(sessionParams());
    await t.stripe.checkout.sessions.expire(session.id);
    const attempts = await waitFor(async () => {
      const rows = await t.control.deliveries(`?session_id=${session.id}`);
      return rows.some((r) => r.ok) && rows;
    });
    expect(attempts[0]).toMatchObject({ attempt: 1, status: null, ok: false });
    expect(attempts[0]?.error).toMatch(/timed out after 400 ms/);
    expect(attempts[1]).toMatchObject({ attempt: 2, status: 200, ok: true });
  });

  it('gives up after the last attempt of the schedule; the event stays undelivered', async () => {
    const t = await harness({ retrySchedule: [0.02, 0.02] });
    t.receiver.responder = () => ({ status: 503 });
    const session = await t.stripe.checkout.sessions.create(sessionParams());
    await t.stripe.checkout.sessions.expire(session.id);
    const rows = await waitFor(async () => {
      const found = await t.control.deliveries(`?session_id=${session.id}`);
      return found.length >= 3 && found;
    });
    await sleep(100);
    expect(await t.control.deliveries(`?session_id=${session.id}`)).toHaveLength(3);
    expect(t.logs.some((line) => line.includes('giving up after 3 attempts'))).toBe(true);
    const pending = await t.stripe.events.list({ delivery_success: false });
    expect(pending.data.map((e) => e.id)).toContain(rows[0]?.eventId);
  });
});

describe('chaos and control', () => {
  it('duplicates deliveries with the same event id', async () => {
    const t = await harness();
    const set = await t.control.chaos({ duplicateRate: 1 });
    expect(set.body).toMatchObject({ duplicateRate: 1, paused: false });
    const session = await paidSession(t);
    const hooks = await waitFor(() => t.receiver.webhooks().length >= 8 && t.receiver.webhooks());
    const events = hooks.map((hook) => verify(t, hook.body, hook.headers['stripe-signature'] as string));
    const counts = new Map<string, number>();
    for (const event of events) counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
    expect(counts.size).toBe(4);
    expect([...counts.values()].every((n) => n === 2)).toBe(true);
    // Records are written when the answer arrives, just after the receiver saw the request.
    const rows = await waitFor(async () => {
      const found = await t.control.deliveries(`?session_id=${session.id}`);
      return found.length >= 8 && found;
    });
    expect(rows.filter((r) => r.copy === 'duplicate')).toHaveLength(4);
  });

  it('drops deliveries of chosen sessions (the event still exists) and resends on demand', async () => {
    const t = await harness();
    const kept = await t.stripe.checkout.sessions.create(sessionParams());
    const lost = await t.stripe.checkout.sessions.create(sessionParams());
    await t.control.chaos({ dropSessions: [lost.id] });
    await t.stripe.checkout.sessions.expire(lost.id);
    await t.stripe.checkout.sessions.expire(kept.id);
    await waitFor(() => t.receiver.webhooks().length >= 1);
    await sleep(100);
    const received = t.receiver.webhooks().map((r) => JSON.parse(r.body) as Stripe.Event);
    expect(received.map((e) => (e.data.object as Stripe.Checkout.Session).id)).toEqual([kept.id]);
    const [lostEvent] = await t.control.events(lost.id);
    expect(lostEvent?.type).toBe('checkout.session.expired');
    expect((await t.stripe.events.retrieve(lostEvent?.id ?? '')).id).toBe(lostEvent?.id);
    const dropped = await t.control.deliveries(`?event_id=${lostEvent?.id}`);
    expect(dropped).toMatchObject([{ dropped: true, status: null, ok: false }]);

    const resent = await t.control.request('POST', `/_emulator/events/${lostEvent?.id}/resend`);
    expect(resent.body).toMatchObject({ eventId: lostEvent?.id, endpoints: 1 });
    await waitFor(() => t.receiver.webhooks().length >= 2);
    const last = JSON.parse(t.receiver.webhooks()[1]?.body ?? '{}') as Stripe.Event;
    expect(last.id).toBe(lostEvent?.id);
  });

  it('pauses deliveries and sends them on resume; fails the first attempts when asked', async () => {
    const t = await harness({ retrySchedule: [0.02, 0.02, 0.02] });
    await t.control.chaos({ paused: true, failFirstAttempts: 2 });
    const session = await t.stripe.checkout.sessions.create(sessionParams());
    await t.stripe.checkout.sessions.expire(session.id);
    await sleep(150);
    expect(t.receiver.webhooks()).toHaveLength(0);
    await t.control.chaos({ paused: false });
    const rows = await waitFor(async () => {
      const found = await t.control.deliveries(`?session_id=${session.id}`);
      return found.some((r) => r.ok) && found;
    });
    expect(rows.map((r) => [r.attempt, r.ok])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(rows[0]?.error).toMatch(/simulated failure/);
    const reset = await t.control.request('DELETE', '/_emulator/chaos');
    expect(reset.body).toMatchObject({ paused: false, failFirstAttempts: 0, duplicateRate: 0 });
  });

  it('delays and reorders deliveries within the window', async () => {
    const t = await harness();
    await t.control.chaos({ delayMs: 100, reorderWindowMs: 200 });
    const started = Date.now();
    await paidSession(t);
    const hooks = await waitFor(() => t.receiver.webhooks().length >= 4 && t.receiver.webhooks());
    expect(Math.min(...hooks.map((r) => r.at)) - started).toBeGreaterThanOrEqual(90);
    const bad = await t.control.chaos({ duplicateRate: 2 });
    expect(bad.status).toBe(400);
  });

  it('reset clears objects and events but keeps the forward-to endpoint', async () => {
    const t = await harness();
    const session = await paidSession(t);
    await waitFor(() => t.receiver.webhooks().length >= 4);
    const reset = await t.control.request('POST', '/_emulator/reset');
    expect(reset.status).toBe(200);
    const gone = await t.stripe.checkout.sessions.retrieve(session.id).catch((e: unknown) => e);
    expect((gone as Stripe.errors.StripeError).statusCode).toBe(404);
    expect((await t.stripe.events.list()).data).toHaveLength(0);
    expect(await t.control.deliveries()).toHaveLength(0);
    await paidSession(t);
    await waitFor(() => t.receiver.webhooks().length >= 8);
  });

  it('lists events through the SDK with type filters and paging', async () => {
    const t = await harness();
    await paidSession(t);
    await paidSession(t);
    const all = await t.stripe.events.list({ limit: 100 });
    expect(all.data).toHaveLength(8);
    expect(all.data[0]?.type).toBe('checkout.session.completed');
    const completed = await t.stripe.events.list({ type: 'checkout.session.completed' });
    expect(completed.data).toHaveLength(2);
    const some = await t.stripe.events.list({ types: ['charge.succeeded', 'payment_intent.created'] });
    expect(some.data).toHaveLength(4);
    const page = await t.stripe.events.list({ limit: 3 });
    expect(page.has_more).toBe(true);
    const next = await t.stripe.events.list({ limit: 3, starting_after: page.data[2]?.id ?? '' });
    expect(next.data[0]?.id).toBe(all.data[3]?.id);
    const sdk = sdkFor(t.emulator, 'sk_test_another');
    expect((await sdk.events.retrieve(all.data[0]?.id ?? '')).type).toBe('checkout.session.completed');
  });
});
