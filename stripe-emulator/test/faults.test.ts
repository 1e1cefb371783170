import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import {
  sessionParams,
  sleep,
  startHarness,
  waitFor,
  type DeliveryRow,
  type Harness,
} from './support/harness.js';
import { spawnCli, startCli } from './support/cli-process.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  h = await startHarness(options);
  return h;
}

/** An SDK client as an integration configures it: retries and a timeout of its choosing. */
function client(emulator: RunningEmulator, maxNetworkRetries: number, timeout = 10_000): Stripe {
  const url = new URL(emulator.url);
  return new Stripe(emulator.secretKey, {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    maxNetworkRetries,
    timeout,
  });
}

interface FaultList {
  data: { id: string; kind: string; remaining: number; match?: { method?: string; path?: string } }[];
  injected: { kind: string; method: string; path: string; requestId: string }[];
}

async function faults(t: Harness): Promise<FaultList> {
  return (await t.control.request<FaultList>('GET', '/_emulator/faults')).body;
}

async function sessionCount(t: Harness): Promise<number> {
  return (await t.stripe.checkout.sessions.list({ limit: 100 })).data.length;
}

async function failure(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await promise.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  );
  if (!(error instanceof Stripe.errors.StripeError)) throw error;
  return error;
}

describe('rate_limit', () => {
  it('answers 429 rate_limit without executing; stripe-node does not retry it even with retries on', async () => {
    const t = await harness();
    const set = await t.control.request('POST', '/_emulator/faults', { kind: 'rate_limit', count: 1 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ kind: 'rate_limit', remaining: 1 });

    const error = await failure(client(t.emulator, 2).checkout.sessions.create(sessionParams()));
    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(error).toMatchObject({ statusCode: 429, code: 'rate_limit' });
    expect(error.raw).toMatchObject({ type: 'invalid_request_error', code: 'rate_limit' });
    expect(error.requestId).toMatch(/^req_/);
    expect(await sessionCount(t)).toBe(0);
    const list = await faults(t);
    expect(list.data).toEqual([]);
    expect(list.injected).toMatchObject([
      { kind: 'rate_limit', method: 'POST', path: '/v1/checkout/sessions', requestId: error.requestId },
    ]);

    // The fault is spent: the same call now goes through.
    const session = await client(t.emulator, 0).checkout.sessions.create(sessionParams());
    expect(session.status).toBe('open');
    expect(await sessionCount(t)).toBe(1);
  });
});

describe('server_error', () => {
  it('answers 500 api_error without executing: retried by the SDK (same key) and then created once', async () => {
    const t = await harness();
    await t.control.request('POST', '/_emulator/faults', { kind: 'server_error', count: 2 });
    const session = await client(t.emulator, 2).checkout.sessions.create(sessionParams(), {
      idempotencyKey: 'five-hundred',
    });
    expect(session.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(await sessionCount(t)).toBe(1);
    expect((await faults(t)).injected.map((f) => f.kind)).toEqual(['server_error', 'server_error']);
  });

  it('surfaces the 500 without retries, and nothing was created', async () => {
    const t = await harness();
    await t.control.request('POST', '/_emulator/faults', { kind: 'server_error', count: 1 });
    const error = await failure(client(t.emulator, 0).checkout.sessions.create(sessionParams()));
    expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(error.statusCode).toBe(500);
    expect(error.raw).toMatchObject({ type: 'api_error' });
    expect(await sessionCount(t)).toBe(0);
  });

  it('outlasts the retries when the count is larger', async () => {
    const t = await harness();
    await t.control.request('POST', '/_emulator/faults', { kind: 'server_error', count: 5 });
    const error = await failure(client(t.emulator, 2).checkout.sessions.create(sessionParams()));
    expect(error.statusCode).toBe(500);
    // Three tries (the call and its two retries) took three of the five.
    expect((await faults(t)).data).toMatchObject([{ kind: 'server_error', remaining: 2 }]);
    await t.control.request('DELETE', '/_emulator/faults');
    expect(await sessionCount(t)).toBe(0);
  });
});

describe('timeout', () => {
  it('holds the request until the client gives up; nothing is created', async () => {
    const t = await harness();
    await t.control.request('POST', '/_emulator/faults', { kind: 'timeout', count: 1 });
    const error = await failure(client(t.emulator, 0, 400).checkout.sessions.create(sessionParams()));
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(error.message).toMatch(/timeout/);
    await sleep(100);
    expect(await sessionCount(t)).toBe(0);
  });

  it('a retrying client times out once, then its retry (same key) creates the one session', async () => {
    const t = await harness();
    await t.control.request('POST', '/_emulator/faults', { kind: 'timeout', count: 1 });
    const session = await client(t.emulator, 1, 400).checkout.sessions.create(sessionParams());
    expect(session.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(await sessionCount(t)).toBe(1);
  });

  it('closes the connection after holdMs when the client waits longer (stripe-node retries a closed connection)', async () => {
    const t = await harness();
    await t.control.request('POST', '/_emulator/faults', { kind: 'timeout', count: 1, holdMs: 150 });
    const session = await client(t.emulator, 0).checkout.sessions.create(sessionParams());
    expect(session.id).toMatch(/^cs_test_/);
    expect(await sessionCount(t)).toBe(1);
  });
});

describe('lost_response', () => {
  it('commits, then drops the connection: the SDK retry with the same key gets the replay', async () => {
    const t = await harness();
    await t.control.request('POST', '/_emulator/faults', {
      kind: 'lost_response',
      count: 1,
      match: { method: 'POST', path: '/v1/checkout/sessions' },
    });
    // stripe-node retries a closed connection once even with maxNetworkRetries: 0.
    const session = await client(t.emulator, 0).checkout.sessions.create(sessionParams());
    expect(session.lastResponse.headers['idempotent-replayed']).toBe('true');
    const sessions = await t.stripe.checkout.sessions.list({ limit: 100 });
    expect(sessions.data.map((s) => s.id)).toEqual([session.id]);
  });

  it('a refund whose answers are all lost exists once; asking again with its key replays it', async () => {
    const t = await harness();
    const session = await t.stripe.checkout.sessions.create(sessionParams());
    await t.control.pay(session.id, { card: '4242424242424242' });
    const paid = await t.stripe.checkout.sessions.retrieve(session.id);
    const intent = paid.payment_intent as string;
    await t.control.request('POST', '/_emulator/faults', {
      kind: 'lost_response',
      count: 2,
      match: { path: '/v1/refunds' },
    });
    // The call and its one retry both lose their answers.
    const sdk = client(t.emulator, 1);
    const error = await failure(
      sdk.refunds.create({ payment_intent: intent, amount: 500 }, { idempotencyKey: 'refund-1' }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect((await t.stripe.refunds.list({ payment_intent: intent })).data).toHaveLength(1);

    const again = await sdk.refunds.create(
      { payment_intent: intent, amount: 500 },
      { idempotencyKey: 'refund-1' },
    );
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    const refunds = await t.stripe.refunds.list({ payment_intent: intent });
    expect(refunds.data.map((r) => r.id)).toEqual([again.id]);
    const events = (await t.control.events(session.id)).filter((e) => e.type === 'refund.created');
    expect(events).toHaveLength(1);
    // Its events were delivered like any other: the webhook happened although the answer was lost.
    await waitFor(() =>
      t.receiver.webhooks().some((r) => (JSON.parse(r.body) as Stripe.Event).id === events[0]?.id),
    );
    const list = await faults(t);
    expect(list.data).toEqual([]);
    expect(list.injected.map((f) => [f.kind, f.method, f.path])).toEqual([
      ['lost_response', 'POST', '/v1/refunds'],
      ['lost_response', 'POST', '/v1/refunds'],
    ]);
  });
});

describe('fault rules', () => {
  it('match by method and path; the control API and the hosted page are never faulted', async () => {
    const t = await harness();
    await t.control.request('POST', '/_emulator/faults', {
      kind: 'server_error',
      count: 1,
      match: { method: 'GET', path: '/v1/checkout/sessions/*' },
    });
    const sdk = client(t.emulator, 0);
    const session = await sdk.checkout.sessions.create(sessionParams());
    expect((await t.control.request('GET', '/_emulator/health')).status).toBe(200);
    expect((await fetch(`${t.emulator.url}/c/pay/${session.id}`)).status).toBe(200);
    expect((await sdk.checkout.sessions.list()).data).toHaveLength(1);
    expect((await faults(t)).data).toMatchObject([{ remaining: 1 }]);
    const error = await failure(sdk.checkout.sessions.retrieve(session.id));
    expect(error.statusCode).toBe(500);
    expect((await faults(t)).data).toEqual([]);
  });

  it('applies rules in the order they were added, lists and clears them', async () => {
    const t = await harness();
    await t.control.request('POST', '/_emulator/faults', { kind: 'rate_limit', count: 1 });
    await t.control.request('POST', '/_emulator/faults', { kind: 'server_error', count: 1 });
    expect((await faults(t)).data.map((f) => f.kind)).toEqual(['rate_limit', 'server_error']);
    const sdk = client(t.emulator, 0);
    expect((await failure(sdk.products.list())).statusCode).toBe(429);
    expect((await failure(sdk.products.list())).statusCode).toBe(500);
    await t.control.request('POST', '/_emulator/faults', { kind: 'rate_limit', count: 3 });
    const cleared = await t.control.request<FaultList>('DELETE', '/_emulator/faults');
    expect(cleared.body.data).toEqual([]);
    expect((await sdk.products.list()).data).toEqual([]);
    // reset forgets the rules and what they did.
    await t.control.request('POST', '/_emulator/faults', { kind: 'rate_limit', count: 3 });
    await t.control.request('POST', '/_emulator/reset');
    expect(await faults(t)).toEqual({ data: [], injected: [] });
  });

  it.each([
    [{ kind: 'explode', count: 1 }, 'kind'],
    [{ kind: 'timeout', count: 0 }, 'count'],
    [{ kind: 'timeout', count: 1.5 }, 'count'],
    [{ kind: 'timeout', count: 1, holdMs: -1 }, 'holdMs'],
    [{ kind: 'server_error', count: 1, match: { path: 'v1/refunds' } }, 'match.path'],
    [{ kind: 'server_error', count: 1, match: { method: 5 } }, 'match.method'],
    [{ kind: 'server_error', count: 1, other: true }, 'other'],
  ])('refuses %j with a 400 naming %s', async (body, param) => {
    const t = h ?? (await harness());
    const res = await t.control.request<{ error: { type: string; param?: string } }>(
      'POST',
      '/_emulator/faults',
      body,
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param });
  });

  it('takes faults from the startEmulator option', async () => {
    const t = await harness({ faults: [{ kind: 'server_error', count: 1 }] });
    const error = await failure(client(t.emulator, 0).products.list());
    expect(error.statusCode).toBe(500);
    expect((await client(t.emulator, 0).products.list()).data).toEqual([]);
  });
});

describe('CLI', () => {
  it('--fail-next and --chaos-seed set up faults and the chaos seed at start', async () => {
    const cli = await startCli([
      '--port',
      '0',
      '--fail-next',
      'rate_limit:1:POST:/v1/checkout/sessions',
      '--fail-next',
      'server_error:2',
      '--chaos-seed',
      '1234',
    ]);
    const { child, exited } = cli;
    try {
      const base = cli.base.origin;
      const res = await fetch(`${base}/_emulator/faults`);
      const list = (await res.json()) as FaultList;
      expect(list.data).toMatchObject([
        { kind: 'rate_limit', remaining: 1, match: { method: 'POST', path: '/v1/checkout/sessions' } },
        { kind: 'server_error', remaining: 2 },
      ]);
      const chaos = (await (await fetch(`${base}/_emulator/chaos`)).json()) as { seed: number };
      expect(chaos.seed).toBe(1234);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses a malformed --fail-next', async () => {
    const cli = spawnCli(['--fail-next', 'teapot:1']);
    const code = await cli.exited;
    const stderr = cli.stderr();
    expect(code).toBe(2);
    expect(stderr).toMatch(/--fail-next/);
  });
});

/**
 * What the chaos decided for each event, in event creation order (ids differ between runs): dropped, or for each
 * copy the outcome of each attempt.
 */
async function chaosDecisions(t: Harness): Promise<string[]> {
  const all = await t.control.request<{ data: Stripe.Event[] }>('GET', '/_emulator/events');
  const events = all.body.data;
  expect(events.length).toBeGreaterThanOrEqual(16);
  // Every delivery is settled when each event is dropped or each copy of it succeeded or gave up.
  const settled = (rows: DeliveryRow[]): boolean =>
    events.every((event) => {
      const mine = rows.filter((r) => r.eventId === event.id);
      if (mine.some((r) => r.dropped)) return true;
      const copies = [undefined, 'duplicate'].map((copy) => mine.filter((r) => r.copy === copy));
      return copies.every(
        (rows, i) => (i === 1 && rows.length === 0) || rows.some((r) => r.ok || r.attempt === 3),
      );
    });
  const rows = await waitFor(async () => {
    const found = await t.control.deliveries();
    return settled(found) && found;
  }, 15_000);
  // A duplicate is sent up to its spread after the original: let the late ones land.
  await sleep(300);
  const final = await t.control.deliveries();
  expect(final.length).toBeGreaterThanOrEqual(rows.length);
  return events.map((event) => {
    const mine = final.filter((r) => r.eventId === event.id);
    if (mine.some((r) => r.dropped)) return `${event.type}:dropped`;
    const copy = (which: string | undefined) =>
      mine
        .filter((r) => r.copy === which)
        .sort((a, b) => a.attempt - b.attempt)
        .map((r) => (r.ok ? 'ok' : 'fail'))
        .join(',');
    const duplicate = copy('duplicate');
    return `${event.type}:${copy(undefined)}${duplicate ? ` +dup:${duplicate}` : ''}`;
  });
}

describe('chaos seed', () => {
  const chaos = { duplicateRate: 0.4, dropRate: 0.25, failRate: 0.35, reorderWindowMs: 30 };

  async function run(t: Harness, seed: number): Promise<string[]> {
    await t.control.request('POST', '/_emulator/reset');
    const set = await t.control.chaos({ ...chaos, seed });
    expect(set.body).toMatchObject({ seed });
    for (let i = 0; i < 4; i++) {
      const session = await t.stripe.checkout.sessions.create(sessionParams());
      await t.control.pay(session.id, { card: '4242424242424242' });
    }
    return chaosDecisions(t);
  }

  it('the same seed and the same events give the same chaos decisions', async () => {
    const t = await harness({ retrySchedule: [0.01, 0.01] });
    const first = await run(t, 7);
    const second = await run(t, 7);
    expect(second).toEqual(first);
    // The decisions are not trivial: the rates above do drop, duplicate and fail some of the 16 events.
    expect(first.some((d) => d.endsWith(':dropped'))).toBe(true);
    expect(first.some((d) => d.includes('+dup'))).toBe(true);
    expect(first.some((d) => d.includes('fail'))).toBe(true);
    const other = await run(t, 8);
    expect(other).not.toEqual(first);
  });

  it('reports the seed in use, random unless set, and keeps it until set again or reset', async () => {
    const t = await harness();
    const first = (await t.control.request<{ seed: number }>('GET', '/_emulator/chaos')).body.seed;
    expect(Number.isInteger(first)).toBe(true);
    await t.control.chaos({ duplicateRate: 0.5 });
    expect((await t.control.request<{ seed: number }>('GET', '/_emulator/chaos')).body.seed).toBe(first);
    const bad = await t.control.chaos({ seed: -1 });
    expect(bad.status).toBe(400);
    expect((await t.control.chaos({ seed: 42 })).body).toMatchObject({ seed: 42, duplicateRate: 0.5 });
  });

  it('takes the seed from the startEmulator option', async () => {
    const t = await harness({ chaosSeed: 99 });
    expect((await t.control.request<{ seed: number }>('GET', '/_emulator/chaos')).body.seed).toBe(99);
  });
});
