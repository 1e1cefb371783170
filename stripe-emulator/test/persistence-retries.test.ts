import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions } from '../src/index.js';
import {
  Control,
  Receiver,
  sdkFor,
  sessionParams,
  sleep,
  waitFor,
  type DeliveryRow,
} from './support/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'stripe-emulator-retries-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Row = DeliveryRow & { nextRetryInMs?: number };

async function deliveryWhere(
  control: Control,
  sessionId: string,
  match: (row: Row) => boolean,
): Promise<Row> {
  return waitFor(
    async () => ((await control.deliveries(`?session_id=${sessionId}`)) as Row[]).find(match),
    15_000,
  );
}

/** An endpoint that fails (500) until told to be healthy. */
async function flakyReceiver(): Promise<{ receiver: Receiver; heal: () => void }> {
  const receiver = await new Receiver().start();
  let healthy = false;
  receiver.responder = () => ({ status: healthy ? 200 : 500 });
  return { receiver, heal: () => (healthy = true) };
}

describe('state file: pending webhook retries', () => {
  it('a retry pending at shutdown goes out after the restart, with the next attempt number, on schedule, once', async () => {
    const { receiver, heal } = await flakyReceiver();
    const options: EmulatorOptions = {
      statePath: join(dir, 'retries.json'),
      webhooks: [{ url: `${receiver.url}/webhook` }],
      // Attempt 2 follows quickly; attempt 3 is due 3 s later, when the emulator is already restarted.
      retrySchedule: [0.1, 3, 0.1],
      logger: () => undefined,
    };
    const first = await startEmulator(options);
    try {
      const stripe = sdkFor(first);
      const session = await stripe.checkout.sessions.create(sessionParams());
      await stripe.checkout.sessions.expire(session.id);
      const second = await deliveryWhere(new Control(first.url), session.id, (row) => row.attempt === 2);
      expect(second).toMatchObject({ ok: false, status: 500, nextRetryInMs: 3000 });
      await first.close();
      const failedAttempts = receiver.webhooks().length;
      expect(failedAttempts).toBe(2);

      heal();
      const restarted = await startEmulator(options);
      try {
        const control = new Control(restarted.url);
        const third = await deliveryWhere(control, session.id, (row) => row.ok);
        expect(third).toMatchObject({ attempt: 3, status: 200, eventType: 'checkout.session.expired' });
        // On schedule: not before attempt 2 + 3 s (a lower bound only; a slow machine may be later).
        expect(Date.parse(third.at)).toBeGreaterThanOrEqual(Date.parse(second.at) + 3000 - 50);
        // Once: nothing else arrives after it (the schedule would have retried within 0.1 s).
        await sleep(600);
        const after = receiver.webhooks().slice(failedAttempts);
        expect(after).toHaveLength(1);
        const event = Stripe.webhooks.constructEvent(
          after[0]?.body ?? '',
          after[0]?.headers['stripe-signature'] as string,
          restarted.webhookSecret,
        );
        expect(event.id).toBe(second.eventId);
        expect(await control.deliveries(`?session_id=${session.id}`)).toHaveLength(1);
        const stored = await sdkFor(restarted).events.retrieve(event.id);
        expect(stored.pending_webhooks).toBe(0);
      } finally {
        await restarted.close();
      }
    } finally {
      await first.close();
      await receiver.close();
    }
  });

  it('the periodic save keeps a scheduled retry, so it survives a crash (the state file as it was)', async () => {
    const { receiver, heal } = await flakyReceiver();
    const statePath = join(dir, 'crash.json');
    const first = await startEmulator({
      statePath,
      webhooks: [{ url: `${receiver.url}/webhook` }],
      retrySchedule: [60],
      logger: () => undefined,
    });
    const crashCopy = join(dir, 'crash-copy.json');
    const stripe = sdkFor(first);
    const { id: sessionId } = await stripe.checkout.sessions.create(sessionParams());
    try {
      await stripe.checkout.sessions.expire(sessionId);
      await deliveryWhere(new Control(first.url), sessionId, (row) => row.attempt === 1);
      // Written by the once-a-second save, not by close(): copy it as a crash would leave it.
      await waitFor(() => {
        try {
          return readFileSync(statePath, 'utf8').includes('"attempt":2');
        } catch {
          return false;
        }
      }, 10_000);
      copyFileSync(statePath, crashCopy);
    } finally {
      await first.close();
    }

    heal();
    // The retry was due in 60 s; the restarted emulator keeps that time, so move the file's due time forward
    // instead of waiting: it is sent right away once due.
    const saved = JSON.parse(readFileSync(crashCopy, 'utf8')) as { deliveries?: { dueAt: number }[] };
    expect(saved.deliveries).toHaveLength(1);
    expect(saved.deliveries?.[0]?.dueAt).toBeGreaterThan(Date.now() + 30_000);
    for (const pending of saved.deliveries ?? []) pending.dueAt = Date.now();
    writeFileSync(crashCopy, JSON.stringify(saved));

    const restarted = await startEmulator({
      statePath: crashCopy,
      webhooks: [{ url: `${receiver.url}/webhook` }],
      retrySchedule: [60],
      logger: () => undefined,
    });
    try {
      const delivered = await deliveryWhere(new Control(restarted.url), sessionId, (row) => row.ok);
      expect(delivered).toMatchObject({ attempt: 2, status: 200 });
    } finally {
      await restarted.close();
      await receiver.close();
    }
  });

  it('a reset forgets pending retries, also across a restart', async () => {
    const { receiver } = await flakyReceiver();
    const options: EmulatorOptions = {
      statePath: join(dir, 'reset.json'),
      webhooks: [{ url: `${receiver.url}/webhook` }],
      retrySchedule: [60],
      logger: () => undefined,
    };
    const first = await startEmulator(options);
    const stripe = sdkFor(first);
    const session = await stripe.checkout.sessions.create(sessionParams());
    await stripe.checkout.sessions.expire(session.id);
    const control = new Control(first.url);
    await deliveryWhere(control, session.id, (row) => row.attempt === 1);
    expect(
      (await control.request<{ counts: { pendingDeliveries: number } }>('GET', '/_emulator/health')).body,
    ).toMatchObject({ counts: { pendingDeliveries: 1 } });
    await control.request('POST', '/_emulator/reset');
    await first.close();
    const saved = JSON.parse(readFileSync(options.statePath ?? '', 'utf8')) as { deliveries?: unknown[] };
    expect(saved.deliveries).toEqual([]);
    await receiver.close();
  });
});
