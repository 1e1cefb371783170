import type Stripe from 'stripe';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_API_VERSION } from '../src/emulator-core.js';
import { startEmulator, type RunningEmulator } from '../src/index.js';
import {
  Control,
  Receiver,
  sdkFor,
  sessionParams,
  waitFor,
  type ReceivedRequest,
} from './support/harness.js';
import { findStripeCli, StripeCli, type CliProcess } from './support/stripe-cli.js';

/**
 * `stripe listen` (the official CLI from `@stripe/cli`) against the emulator, the habitual local loop: the CLI
 * opens a session (`POST /v1/stripecli/sessions`), connects to the websocket the session names, forwards each
 * event it is sent to `--forward-to` with the headers it got, and reports the endpoint's answer back. The
 * emulator has no `--forward-to` endpoint here, so every request the receiver gets came through a CLI.
 */
/** An API version older than the latest (what an account's default often is). */
const OLDER_VERSION = '2024-06-20';

const found = findStripeCli();
const required = `${process.platform}-${process.arch}` === 'linux-x64';
if ('missing' in found && !required) console.warn(`Skipping the stripe listen tests: ${found.missing}`);

let emulator: RunningEmulator;
let receiver: Receiver;
let stripe: Stripe;
let control: Control;
let cli: StripeCli;
const logs: string[] = [];
/** Every `stripe listen` started, stopped in afterAll whatever happened. */
const running: CliProcess[] = [];

beforeAll(async () => {
  if ('missing' in found) throw new Error(found.missing);
  receiver = await new Receiver().start();
  emulator = await startEmulator({ logger: (line) => logs.push(line) });
  stripe = sdkFor(emulator);
  control = new Control(emulator.url);
  cli = new StripeCli(found.path, emulator.url, emulator.secretKey);
});

afterAll(async () => {
  await Promise.all(running.map((listen) => listen.stop()));
  cli?.dispose();
  await emulator?.close();
  await receiver?.close();
});

function listen(args: string[]): CliProcess {
  const child = cli.start(['listen', ...args]);
  running.push(child);
  return child;
}

function eventOf(request: ReceivedRequest): Stripe.Event {
  return JSON.parse(request.body) as Stripe.Event;
}

function hooksAt(path: string): ReceivedRequest[] {
  return receiver.webhooks().filter((request) => request.path === path);
}

async function createSession(body: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${emulator.url}/v1/stripecli/sessions`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${emulator.secretKey}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A paid checkout session; returns the ids of the events it caused, oldest first. */
async function payASession(): Promise<{ session: string; events: Stripe.Event[] }> {
  const session = await stripe.checkout.sessions.create(sessionParams());
  const paid = await control.pay(session.id, { card: '4242424242424242' });
  expect(paid.body.outcome).toBe('succeeded');
  return { session: session.id, events: await control.events(session.id) };
}

describe('stripe listen', () => {
  let secret: string;

  it('--print-secret prints the signing secret, the same for every session', async () => {
    const first = await cli.run(['listen', '--print-secret']);
    expect(first.code, first.output).toBe(0);
    expect(first.stdout.trim()).toMatch(/^whsec_[A-Za-z0-9]+$/);
    secret = first.stdout.trim();
    const second = await cli.run(['listen', '--print-secret']);
    expect(second.stdout.trim()).toBe(secret);
    // The emulator's own default secret (shared with --forward-to endpoints registered without one).
    expect(secret).toBe(emulator.webhookSecret);
  });

  it('refuses a session with a key the API refuses', async () => {
    const stranger = new StripeCli(cli.binary, emulator.url, 'sk_test_not-a-valid-key');
    try {
      const result = await stranger.run(['listen', '--print-secret']);
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('status=401');
      expect(result.output).toContain('Invalid API Key provided');
    } finally {
      stranger.dispose();
    }
  });

  it('--forward-to: Ready, then every event forwarded signed with that secret, each printed with its status', async () => {
    const all = listen(['--forward-to', `${receiver.url}/webhook`, '--all-snapshot']);
    // A second listener at the same time: only one event type, formatted with the latest API version.
    const some = listen([
      '--forward-to',
      `${receiver.url}/completed`,
      '--events',
      'checkout.session.completed',
      '--latest',
    ]);
    const ready = await all.waitFor(/Ready! .*Your webhook signing secret is (whsec_\w+)/);
    expect(ready[1]).toBe(secret);
    expect(all.output).toContain('You are using Stripe API Version [');
    await some.waitFor(/Ready! /);

    const { events } = await payASession();
    expect(events.map((event) => event.type)).toContain('checkout.session.completed');
    const ids = events.map((event) => event.id);
    const hooks = await waitFor(() => {
      const got = hooksAt('/webhook').filter((request) => ids.includes(eventOf(request).id));
      return got.length === ids.length && got;
    }, 15_000);
    // Forwarded as sent: the raw body verifies with the printed secret, like a store checks it.
    for (const hook of hooks) {
      const verified = stripe.webhooks.constructEvent(
        hook.body,
        hook.headers['stripe-signature'] as string,
        secret,
      );
      expect(ids).toContain(verified.id);
      expect(hook.headers['content-type']).toBe('application/json; charset=utf-8');
    }
    expect(new Set(hooks.map((hook) => eventOf(hook).id)).size).toBe(ids.length);
    for (const event of events) {
      await all.waitFor(new RegExp(`--> ${event.type.replaceAll('.', '\\.')} \\[${event.id}\\]`));
      await all.waitFor(new RegExp(`<--\\s+\\[200\\] POST ${receiver.url}/webhook \\[${event.id}\\]`));
    }

    const completed = events.find((event) => event.type === 'checkout.session.completed');
    if (!completed) throw new Error('no checkout.session.completed');
    await some.waitFor(new RegExp(`<--\\s+\\[200\\] POST ${receiver.url}/completed \\[${completed.id}\\]`));
    const filtered = hooksAt('/completed').map((hook) => eventOf(hook));
    expect(filtered.map((event) => event.id)).toEqual([completed.id]);
    expect(some.output).not.toMatch(/--> (?!checkout\.session\.completed)/);

    // The endpoint's answer, as the CLI reports it back, is a delivery attempt like the emulator's own.
    const rows = await waitFor(async () => {
      const found = (await control.deliveries(`?event_id=${completed.id}`)).filter(
        (row) => row.status === 200,
      );
      return found.length === 2 && found;
    });
    expect(rows.map((row) => row.endpointUrl).sort()).toEqual([
      `${receiver.url}/completed`,
      `${receiver.url}/webhook`,
    ]);
    expect(rows.every((row) => row.ok && row.attempt === 1)).toBe(true);
    expect(logs.some((line) => line.includes(`[${completed.id}]`) && line.includes('stripe listen'))).toBe(
      true,
    );

    // An endpoint that fails: the CLI prints its status; nobody retries a CLI delivery.
    receiver.responder = (request) => ({ status: request.path === '/webhook' ? 500 : 200 });
    try {
      const session = await stripe.checkout.sessions.create(sessionParams());
      await stripe.checkout.sessions.expire(session.id);
      const [expired] = await control.events(session.id);
      if (!expired) throw new Error('no event');
      await all.waitFor(new RegExp(`<--\\s+\\[500\\] POST ${receiver.url}/webhook \\[${expired.id}\\]`));
      const failed = await waitFor(async () => {
        const found = await control.deliveries(`?event_id=${expired.id}`);
        return found.length === 1 && found;
      });
      expect(failed[0]).toMatchObject({ status: 500, ok: false, endpointUrl: `${receiver.url}/webhook` });
      expect(some.output).not.toContain(expired.id);
    } finally {
      receiver.responder = () => ({ status: 200 });
    }

    // `stripe events resend evt_…` (for_stripecli=true) reaches the listening CLIs again.
    const before = hooksAt('/webhook').length;
    const resent = await cli.json<Stripe.Event>(['events', 'resend', completed.id]);
    expect(resent.id).toBe(completed.id);
    const again = await waitFor(() =>
      hooksAt('/webhook')
        .slice(before)
        .find((hook) => eventOf(hook).id === completed.id),
    );
    expect(
      stripe.webhooks.constructEvent(again.body, again.headers['stripe-signature'] as string, secret).id,
    ).toBe(completed.id);
    await waitFor(() => all.output.split(`[${completed.id}]`).length - 1 >= 4);
    await waitFor(() => hooksAt('/completed').length === 2);
    const resends = await waitFor(async () => {
      const found = (await control.deliveries(`?event_id=${completed.id}`)).filter(
        (row) => row.copy === 'resend',
      );
      return found.length === 2 && found;
    });
    expect(resends.every((row) => row.status === 200)).toBe(true);

    expect(await all.stop()).toBe(0);
    expect(await some.stop()).toBe(0);
  });

  it('refuses websocket features the emulator does not have (`stripe logs tail`)', async () => {
    const response = await createSession('device_name=laptop&websocket_features[]=request_logs');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: { type: 'invalid_request_error', param: 'websocket_features' },
    });
  });

  it('keeps the events of a CLI that is redialling, and sends them once it is back', async () => {
    const { body } = await createSession('device_name=laptop&websocket_features[]=webhooks');
    const session = body as {
      websocket_id: string;
      websocket_url: string;
      websocket_authorized_feature: string;
    };
    expect(session.websocket_url).toBe(`${emulator.url.replace(/^http/, 'ws')}/stripecli/subscribe`);
    const dial = (): Promise<{ socket: WebSocket; messages: Record<string, unknown>[] }> =>
      new Promise((resolve, reject) => {
        const url = `${session.websocket_url}?websocket_feature=${session.websocket_authorized_feature}`;
        const socket = new WebSocket(url, ['stripecli-devproxy-v1'], {
          headers: { 'Websocket-Id': session.websocket_id },
        });
        const messages: Record<string, unknown>[] = [];
        socket.on('message', (data: Buffer) =>
          messages.push(JSON.parse(data.toString('utf8')) as Record<string, unknown>),
        );
        socket.on('open', () => resolve({ socket, messages }));
        socket.on('error', reject);
      });
    const first = await dial();
    expect(first.socket.protocol).toBe('stripecli-devproxy-v1');
    await new Promise((resolve) => {
      first.socket.once('close', resolve);
      first.socket.close(1000, 'Resetting the connection');
    });

    // Made with an older API version than the latest: the two copies differ in their label.
    const created = await fetch(`${emulator.url}/v1/products`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${emulator.secretKey}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        'Stripe-Version': OLDER_VERSION,
      },
      body: 'name=Mug',
    });
    const product = (await created.json()) as Stripe.Product;
    const [event] = (
      await control.request<{ data: Stripe.Event[] }>('GET', '/_emulator/events?type=product.created')
    ).body.data.filter((e) => (e.data.object as { id: string }).id === product.id);
    if (!event) throw new Error('no product.created event');
    const second = await dial();
    const copies = await waitFor(() => {
      const found = second.messages.filter(
        (m) => typeof m.event_payload === 'string' && m.event_payload.includes(event.id),
      );
      return found.length === 2 && found;
    });
    // Twice, each signed: the default-version copy and the latest-version one (`--latest`), labelled as such.
    expect(event.api_version).toBe(OLDER_VERSION);
    expect(copies.map((m) => (m.endpoint as { api_version: string | null }).api_version)).toEqual([
      null,
      DEFAULT_API_VERSION,
    ]);
    for (const copy of copies) {
      const headers = copy.http_headers as Record<string, string>;
      const verified = stripe.webhooks.constructEvent(
        copy.event_payload as string,
        headers['Stripe-Signature'] ?? '',
        secret,
      );
      expect(verified.id).toBe(event.id);
    }
    expect(copies.map((m) => (JSON.parse(m.event_payload as string) as Stripe.Event).api_version)).toEqual([
      OLDER_VERSION,
      DEFAULT_API_VERSION,
    ]);
    const answered = copies[0];
    if (!answered) throw new Error('no copy');
    second.socket.send(
      JSON.stringify({
        type: 'webhook_response',
        webhook_id: answered.webhook_id,
        webhook_conversation_id: answered.webhook_conversation_id,
        forward_url: 'http://localhost:4242/webhook',
        status: 204,
        http_headers: {},
        body: '',
        request_headers: answered.http_headers,
        request_body: answered.event_payload,
        notification_id: event.id,
      }),
    );
    const rows = await waitFor(async () => {
      const found = await control.deliveries(`?event_id=${event.id}`);
      return found.length === 1 && found;
    });
    expect(rows[0]).toMatchObject({
      status: 204,
      ok: true,
      endpointUrl: 'http://localhost:4242/webhook',
      attempt: 1,
    });
    second.socket.close();
  });

  it('answers an unknown websocket id like Stripe, so the CLI opens a new session', async () => {
    const url = `${emulator.url.replace(/^http/, 'ws')}/stripecli/subscribe?websocket_feature=webhook-payloads`;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const socket = new WebSocket(url, ['stripecli-devproxy-v1'], {
        headers: { 'Websocket-Id': 'cliws_unknown' },
      });
      socket.on('open', () => reject(new Error('connected with an unknown websocket id')));
      socket.on('error', reject);
      socket.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { type: 'invalid_request_error', message: 'Unknown WebSocket ID.' },
    });
  });
});
