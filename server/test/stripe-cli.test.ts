import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTemplate } from './support/databases.js';
import { eventually } from './support/net.js';
import { type Stack, TEST_SECRET_KEY, startStack } from './support/stack.js';

/** The official Stripe CLI (`@stripe/cli`, a dev dependency), as a developer runs it from the repository. */
const CLI = path.resolve(import.meta.dirname, '../../node_modules/.bin/stripe');

function stripe(s: Stack, args: string[]): Promise<{ code: number; output: string }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-cli-'));
  return new Promise((resolve) => {
    execFile(
      CLI,
      [...args, '--api-key', TEST_SECRET_KEY, '--api-base', s.emulator.url],
      {
        timeout: 60_000,
        // Hermetic: no profile, no telemetry, and the update check (GitHub) refused at once by a dead proxy;
        // the emulator on loopback is reached directly.
        env: {
          PATH: process.env.PATH,
          HOME: home,
          STRIPE_CLI_TELEMETRY_OPTOUT: '1',
          HTTPS_PROXY: 'http://127.0.0.1:9',
          NO_PROXY: '127.0.0.1,localhost',
        },
      },
      (error, stdout, stderr) => {
        fs.rmSync(home, { recursive: true, force: true });
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
      },
    );
  });
}

let s: Stack;
beforeAll(async () => {
  s = await startStack({ engine: 'pglite' });
});
afterAll(async () => {
  await s?.close();
  await closeTemplate();
});

describe('the Stripe CLI against a store in emulator mode', () => {
  it.each(['checkout.session.completed', 'payment_intent.payment_failed', 'charge.refunded'])(
    '`stripe trigger %s`: the store records the events as unmatched and acknowledges them',
    async (trigger) => {
      const before = await s.sql.count('stripe_events');
      const result = await stripe(s, ['trigger', trigger]);
      expect(result.output).toContain('Trigger succeeded');
      const delivered = await eventually(async () => {
        const rows = (await s.sql.deliveries()).slice(before);
        const types = rows.map((d) => d.result);
        return rows.length > 0 && rows.every((d) => d.http_status === 200) && types.length >= 3
          ? rows
          : undefined;
      });
      expect(delivered.every((d) => d.signature_ok && d.result === 'accepted')).toBe(true);
      const recorded = await Promise.all(delivered.map((d) => s.sql.stripeEvent(d.event_id!)));
      expect(recorded.every((e) => e && ['unmatched', 'ignored'].includes(e.outcome))).toBe(true);
      expect(await s.sql.count('orders')).toBe(0);
    },
  );
});
