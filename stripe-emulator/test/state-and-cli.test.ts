import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { Control, Receiver, sdkFor, sessionParams, waitFor } from './support/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'stripe-emulator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('state file', () => {
  it('keeps sessions, intents, events, the clock and idempotency keys across a restart', async () => {
    const statePath = join(dir, 'state.json');
    const first = await startEmulator({ statePath, logger: () => undefined });
    const stripe = sdkFor(first);
    const control = new Control(first.url);
    const openParams = sessionParams();
    const open = await stripe.checkout.sessions.create(openParams, { idempotencyKey: 'restart-key' });
    const declined = await stripe.checkout.sessions.create(sessionParams());
    await control.pay(declined.id, { card: '4000000000000002' });
    await control.advance(600);
    const clockBefore = (await control.request<{ now: number }>('GET', '/_emulator/clock')).body.now;
    await first.close();
    expect(existsSync(statePath)).toBe(true);

    const second = await startEmulator({ statePath, logger: () => undefined });
    try {
      const stripe2 = sdkFor(second);
      const control2 = new Control(second.url);
      const reopened = await stripe2.checkout.sessions.retrieve(open.id);
      expect(reopened.status).toBe('open');
      expect(reopened.url).toBe(`${second.url}/c/pay/${open.id}`);
      const again = await stripe2.checkout.sessions.retrieve(declined.id, { expand: ['payment_intent'] });
      expect((again.payment_intent as Stripe.PaymentIntent).status).toBe('requires_payment_method');
      expect(await control2.eventTypes(declined.id)).toEqual([
        'payment_intent.created',
        'charge.failed',
        'payment_intent.payment_failed',
      ]);
      expect(
        (await control2.request<{ now: number }>('GET', '/_emulator/clock')).body.now,
      ).toBeGreaterThanOrEqual(clockBefore);
      const replay = await stripe2.checkout.sessions.create(openParams, { idempotencyKey: 'restart-key' });
      expect(replay.id).toBe(open.id);
      // Timers are rebuilt: the open session still expires.
      await control2.advance(2 * 3600);
      expect((await stripe2.checkout.sessions.retrieve(open.id)).status).toBe('expired');
    } finally {
      await second.close();
    }
  });
});

describe('CLI', () => {
  it('prints the API base, key and webhook secret, forwards signed webhooks, logs attempts and exits on SIGTERM', async () => {
    const receiver = await new Receiver().start();
    const statePath = join(dir, 'cli-state.json');
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        cli,
        '--port',
        '0',
        '--forward-to',
        `${receiver.url}/webhook`,
        '--webhook-secret',
        'whsec_clitest123',
        '--state',
        statePath,
        '--retry-schedule',
        '0.05,0.1',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => stdout.includes('Ready!'), 15_000).catch(() => {
        throw new Error(`CLI did not start: ${stdout}\n${stderr}`);
      });
      const base = /STRIPE_API_BASE=(\S+)/.exec(stdout)?.[1] ?? '';
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(stdout).toContain('STRIPE_SECRET_KEY=sk_test_');
      expect(stdout).toContain('STRIPE_WEBHOOK_SECRET=whsec_clitest123');
      expect(stdout).toContain(`Forwarding to:   ${receiver.url}/webhook`);

      const url = new URL(base);
      const stripe = new Stripe('sk_test_cli', {
        host: url.hostname,
        port: Number(url.port),
        protocol: 'http',
      });
      const session = await stripe.checkout.sessions.create(sessionParams());
      await stripe.checkout.sessions.expire(session.id);
      const [hook] = await waitFor(() => receiver.webhooks().length > 0 && receiver.webhooks());
      const event = stripe.webhooks.constructEvent(
        hook?.body ?? '',
        hook?.headers['stripe-signature'] as string,
        'whsec_clitest123',
      );
      expect(event.type).toBe('checkout.session.expired');
      await waitFor(() => stdout.includes(`--> checkout.session.expired [${event.id}]`));

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(statePath)).toBe(true);
    } finally {
      child.kill('SIGKILL');
      await receiver.close();
    }
  });
});
