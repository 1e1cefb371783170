import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { Control, Receiver, sdkFor, sessionParams, waitFor } from './support/harness.js';
import { startCli } from './support/cli-process.js';

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

describe('state file: what comes after the payment', () => {
  it('keeps disputes, fraud warnings and scheduled follow-ups (a failing refund) across a restart', async () => {
    const statePath = join(dir, 'after-payment.json');
    const first = await startEmulator({ statePath, logger: () => undefined });
    const stripe = sdkFor(first);
    const disputed = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      confirm: true,
      payment_method: 'pm_card_createDispute',
    });
    const failing = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      confirm: true,
      payment_method: 'pm_card_refundFail',
    });
    const refund = await stripe.refunds.create({ payment_intent: failing.id });
    const [dispute] = (await stripe.disputes.list({ payment_intent: disputed.id })).data;
    // A shop's checkout: its rates, coupon and code come back with the session's pricing.
    const rate = await stripe.shippingRates.create({
      display_name: 'Standard',
      fixed_amount: { amount: 500, currency: 'eur' },
    });
    const coupon = await stripe.coupons.create({ percent_off: 10 });
    await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'KEEP10' });
    const shop = await stripe.checkout.sessions.create(
      sessionParams({
        shipping_address_collection: { allowed_countries: ['DE'] },
        shipping_options: [{ shipping_rate: rate.id }],
        allow_promotion_codes: true,
      }),
    );
    await first.close();

    const second = await startEmulator({ statePath, logger: () => undefined });
    try {
      const stripe2 = sdkFor(second);
      expect((await stripe2.disputes.retrieve(dispute?.id ?? '')).status).toBe('needs_response');
      expect((await stripe2.refunds.retrieve(refund.id)).status).toBe('succeeded');
      const control2 = new Control(second.url);
      await control2.advance(5);
      expect((await stripe2.refunds.retrieve(refund.id)).status).toBe('failed');
      const paid = await control2.pay(shop.id, {
        card: '4242424242424242',
        promotionCode: 'keep10',
        shipping: {
          name: 'Jenny',
          address: { line1: 'Str. 1', city: 'Berlin', postal_code: '10115', country: 'DE' },
        },
      });
      expect(paid.body.session).toMatchObject({ amount_total: 2999 - 300 + 500, status: 'complete' });
      expect((await stripe2.coupons.retrieve(coupon.id)).times_redeemed).toBe(1);
    } finally {
      await second.close();
    }
  });
});

describe('CLI', () => {
  it('prints the API base, key and webhook secret, forwards signed webhooks, logs attempts and exits on SIGTERM', async () => {
    const receiver = await new Receiver().start();
    const statePath = join(dir, 'cli-state.json');
    const cli = await startCli([
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
    ]);
    const { child, exited, stripe } = cli;
    try {
      const stdout = cli.stdout();
      expect(cli.base.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(stdout).toContain('STRIPE_SECRET_KEY=sk_test_');
      expect(stdout).toContain('STRIPE_WEBHOOK_SECRET=whsec_clitest123');
      expect(stdout).toContain(`Forwarding to:   ${receiver.url}/webhook`);

      const session = await stripe.checkout.sessions.create(sessionParams());
      await stripe.checkout.sessions.expire(session.id);
      const [hook] = await waitFor(() => receiver.webhooks().length > 0 && receiver.webhooks());
      const event = stripe.webhooks.constructEvent(
        hook?.body ?? '',
        hook?.headers['stripe-signature'] as string,
        'whsec_clitest123',
      );
      expect(event.type).toBe('checkout.session.expired');
      await waitFor(() => cli.stdout().includes(`--> checkout.session.expired [${event.id}]`));

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(statePath)).toBe(true);
    } finally {
      child.kill('SIGKILL');
      await receiver.close();
    }
  });
});
