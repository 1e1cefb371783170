import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../src/index.js';
import { Control, sdkFor, sessionParams } from './support/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'stripe-emulator-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The same calls a shop makes, and every id (and secret) they produce, in order. */
async function scenario(emulator: RunningEmulator): Promise<string[]> {
  const stripe = sdkFor(emulator);
  const out: string[] = [emulator.webhookSecret];
  const endpoint = await stripe.webhookEndpoints.create({
    url: 'http://127.0.0.1:9/hook',
    enabled_events: ['*'],
  });
  out.push(endpoint.id, endpoint.secret ?? '');
  const product = await stripe.products.create({
    name: 'Mug',
    default_price_data: { currency: 'eur', unit_amount: 900 },
  });
  out.push(product.id, product.default_price as string);
  const coupon = await stripe.coupons.create({ percent_off: 10 });
  out.push(coupon.id);
  const session = await stripe.checkout.sessions.create(sessionParams());
  out.push(session.id);
  await new Control(emulator.url).pay(session.id, { card: '4242424242424242' });
  const paid = await stripe.checkout.sessions.retrieve(session.id, {
    expand: ['payment_intent.latest_charge', 'payment_intent.payment_method'],
  });
  const intent = paid.payment_intent as Stripe.PaymentIntent;
  out.push(intent.id, intent.client_secret ?? '');
  out.push((intent.latest_charge as Stripe.Charge).id, (intent.payment_method as Stripe.PaymentMethod).id);
  const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 100 });
  out.push(refund.id);
  const items = await stripe.checkout.sessions.listLineItems(session.id);
  out.push(...items.data.map((item) => item.id));
  const events = await stripe.events.list({ limit: 100 });
  out.push(...events.data.map((event) => event.id));
  return out;
}

async function run(options: EmulatorOptions): Promise<string[]> {
  const emulator = await startEmulator({
    webhooks: [{ url: 'http://127.0.0.1:9/forward' }],
    logger: () => undefined,
    ...options,
  });
  try {
    return await scenario(emulator);
  } finally {
    await emulator.close();
  }
}

describe('--seed: reproducible ids', () => {
  it('the same seed and the same calls give the same ids, even with two emulators running side by side', async () => {
    const [a, b] = await Promise.all([run({ seed: 'checkout-42' }), run({ seed: 'checkout-42' })]);
    expect(a.length).toBeGreaterThan(15);
    expect(a.every((id) => id.length > 0)).toBe(true);
    expect(new Set(a).size).toBe(a.length);
    expect(b).toEqual(a);
    // Ids keep Stripe's shapes.
    expect(a[0]).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    expect(a.find((id) => id.startsWith('cs_test_'))).toMatch(/^cs_test_a1[A-Za-z0-9]{56}$/);
    expect(a.find((id) => id.startsWith('pi_'))).toMatch(/^pi_3[A-Za-z0-9]{23}$/);
  });

  it('another seed, or none, gives other ids', async () => {
    const [a, other, none] = await Promise.all([
      run({ seed: 'checkout-42' }),
      run({ seed: 'checkout-43' }),
      run({}),
    ]);
    for (const ids of [other, none]) {
      expect(ids).toHaveLength(a.length);
      expect(ids.filter((id, i) => id === a[i])).toEqual([]);
    }
  });

  it('a restart with the same seed and state file continues the sequence instead of repeating ids', async () => {
    const statePath = join(dir, 'seeded.json');
    const first = await startEmulator({ seed: 's', statePath, logger: () => undefined });
    const before = (await sdkFor(first).checkout.sessions.create(sessionParams())).id;
    await first.close();
    const second = await startEmulator({ seed: 's', statePath, logger: () => undefined });
    try {
      const stripe = sdkFor(second);
      const after = (await stripe.checkout.sessions.create(sessionParams())).id;
      expect(after).not.toBe(before);
      expect((await stripe.checkout.sessions.retrieve(before)).id).toBe(before);
      expect((await stripe.checkout.sessions.list()).data.map((s) => s.id).sort()).toEqual(
        [before, after].sort(),
      );
    } finally {
      await second.close();
    }
    // Without the state file, the same seed starts over: the first session id comes back.
    const fresh = await startEmulator({ seed: 's', logger: () => undefined });
    try {
      expect((await sdkFor(fresh).checkout.sessions.create(sessionParams())).id).toBe(before);
    } finally {
      await fresh.close();
    }
  });

  it('rejects an empty seed', async () => {
    await expect(startEmulator({ seed: '' })).rejects.toThrow(/seed/);
  });
});
