import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { Control, sdkFor, sessionParams, startHarness, waitFor, type Harness } from './support/harness.js';
import { StripeSchemas } from './support/stripe-schemas.js';

/**
 * 3-D Secure with Stripe's test cards: the intent waits in `requires_action` (`payment_intent.requires_action`),
 * the customer completes or fails the challenge, and the objects and events follow Stripe's sequence.
 */
let h: Harness;
let schemas: StripeSchemas;
beforeAll(async () => {
  h = await startHarness();
  schemas = new StripeSchemas();
});

/**
 * The parts 3-D Secure adds validate against Stripe's OpenAPI schema (the vendored 2023 spec may require fields
 * the pinned version dropped at the root: those are schema.test.ts's business).
 */
function expectValid(type: 'payment_intent' | 'charge', value: unknown): void {
  const errors = schemas.errors(type, value).filter((e) => e.instancePath !== '');
  expect(errors.map((e) => `${e.instancePath} ${e.message ?? ''}`)).toEqual([]);
}
afterAll(async () => {
  await h.close();
});

interface AuthResponse {
  outcome: string;
  code?: string;
  message?: string;
  paymentIntent?: Stripe.PaymentIntent;
  session?: Stripe.Checkout.Session;
}

function authenticate(intentId: string, outcome: 'complete' | 'fail') {
  return h.control.request<AuthResponse>('POST', `/_emulator/payment_intents/${intentId}/authenticate`, {
    outcome,
  });
}

/** The types of the webhooks the store (the receiver) got about an object, each once, sorted. */
async function deliveredTypes(objectId: string, count: number): Promise<string[]> {
  return waitFor(() => {
    const types = new Set(
      h.receiver
        .webhooks()
        .map((r) => JSON.parse(r.body) as Stripe.Event)
        .filter((e) => JSON.stringify(e.data.object).includes(objectId))
        .map((e) => e.type),
    );
    return types.size >= count ? [...types].sort() : undefined;
  }, 15_000);
}

describe('3-D Secure in Checkout (control API)', () => {
  it('a challenged card waits in requires_action; completing it charges the card and completes the session', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const paid = await h.control.pay(session.id, { card: '4000002760003184' });
    expect(paid.status).toBe(200);
    const waiting = paid.body as unknown as AuthResponse;
    expect(waiting.outcome).toBe('requires_action');
    expect(waiting.session).toMatchObject({ status: 'open', payment_status: 'unpaid' });
    const intent = waiting.paymentIntent!;
    expect(intent).toMatchObject({
      status: 'requires_action',
      latest_charge: null,
      last_payment_error: null,
    });
    expect(intent.next_action).toEqual({
      type: 'use_stripe_sdk',
      use_stripe_sdk: {
        type: 'three_d_secure_redirect',
        stripe_js: `${h.emulator.url}/c/authenticate/${intent.id}`,
        source: expect.stringMatching(/^src_/) as unknown,
      },
    });
    expectValid('payment_intent', intent);
    expect(await h.control.eventTypes(session.id)).toEqual([
      'payment_intent.created',
      'payment_intent.requires_action',
    ]);
    // Through the API too: the intent is there, waiting, with the card as its payment method.
    const read = await h.stripe.paymentIntents.retrieve(intent.id);
    expect(read.status).toBe('requires_action');
    expect(read.payment_method).toEqual(expect.stringMatching(/^pm_/));

    const done = await authenticate(intent.id, 'complete');
    expect(done.status).toBe(200);
    expect(done.body.outcome).toBe('succeeded');
    expect(done.body.session).toMatchObject({ status: 'complete', payment_status: 'paid' });

    const events = await h.control.events(session.id);
    expect(events.map((e) => e.type)).toEqual([
      'payment_intent.created',
      'payment_intent.requires_action',
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.completed',
    ]);
    const succeeded = events[3]?.data.object as Stripe.PaymentIntent;
    expect(succeeded).toMatchObject({ id: intent.id, status: 'succeeded', next_action: null });
    const charge = events[2]?.data.object as Stripe.Charge;
    expect(charge.payment_method_details?.card?.three_d_secure).toMatchObject({
      authentication_flow: 'challenge',
      result: 'authenticated',
      version: '2.2.0',
    });
    expect(charge.payment_method_details?.card?.country).toBe('DE');
    expectValid('charge', charge);
    // The webhooks carry the same events to the store (delivery order is not guaranteed).
    expect(await deliveredTypes(intent.id, 5)).toEqual([
      'charge.succeeded',
      'checkout.session.completed',
      'payment_intent.created',
      'payment_intent.requires_action',
      'payment_intent.succeeded',
    ]);
  });

  it('failing the challenge charges nothing and leaves the session open; another card then pays the same intent', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const failed = await h.control.pay(session.id, { card: '4000000000003220', three_d_secure: 'fail' });
    expect(failed.body).toMatchObject({
      outcome: 'declined',
      code: 'payment_intent_authentication_failure',
      session: { status: 'open' },
    });
    const events = await h.control.events(session.id);
    expect(events.map((e) => e.type)).toEqual([
      'payment_intent.created',
      'payment_intent.requires_action',
      'payment_intent.payment_failed',
    ]);
    const intent = events[2]?.data.object as Stripe.PaymentIntent;
    expectValid('payment_intent', intent);
    expect(intent).toMatchObject({
      status: 'requires_payment_method',
      payment_method: null,
      next_action: null,
      latest_charge: null,
      last_payment_error: {
        type: 'invalid_request_error',
        code: 'payment_intent_authentication_failure',
        doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
        message:
          'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
        payment_method: { type: 'card', card: { last4: '3220' } },
      },
    });
    expect(
      (await h.stripe.charges.list({ limit: 100 })).data.some((c) => c.payment_intent === intent.id),
    ).toBe(false);
    // The challenge is over: it cannot be answered again.
    const again = await authenticate(intent.id, 'complete');
    expect(again.status).toBe(400);

    const retried = await h.control.pay(session.id, { card: '4242424242424242' });
    expect(retried.body.outcome).toBe('succeeded');
    expect(retried.body.session.payment_intent).toBe(intent.id);
    expect((await h.control.eventTypes(session.id)).slice(3)).toEqual([
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.completed',
    ]);
  });

  it('4000 0082 6000 3178 authenticates, then declines for insufficient funds', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const paid = await h.control.pay(session.id, { card: '4000008260003178', three_d_secure: 'complete' });
    expect(paid.body).toMatchObject({
      outcome: 'declined',
      code: 'card_declined',
      declineCode: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
      session: { status: 'open' },
    });
    const events = await h.control.events(session.id);
    expect(events.map((e) => e.type)).toEqual([
      'payment_intent.created',
      'payment_intent.requires_action',
      'charge.failed',
      'payment_intent.payment_failed',
    ]);
    expect(events[3]?.data.object).toMatchObject({
      status: 'requires_payment_method',
      last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' },
    });
    const charge = events[2]?.data.object as Stripe.Charge;
    expect(charge).toMatchObject({ status: 'failed', failure_code: 'card_declined' });
    expect(charge.payment_method_details?.card?.three_d_secure?.result).toBe('authenticated');
  });

  it('4000 0000 0000 3055 supports 3-D Secure without requiring it: paid at once', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const paid = await h.control.pay(session.id, { card: '4000000000003055' });
    expect(paid.body.outcome).toBe('succeeded');
    expect(await h.control.eventTypes(session.id)).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.completed',
    ]);
  });

  it('expiring a session waiting for authentication cancels its intent', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const paid = await h.control.pay(session.id, { card: '4000002500003155' });
    expect(paid.body.outcome).toBe('requires_action');
    await h.stripe.checkout.sessions.expire(session.id);
    expect((await h.control.eventTypes(session.id)).slice(-2)).toEqual([
      'checkout.session.expired',
      'payment_intent.canceled',
    ]);
    const intent = await h.stripe.paymentIntents.retrieve(paid.body.session.payment_intent as string);
    expect(intent).toMatchObject({ status: 'canceled', cancellation_reason: 'automatic', next_action: null });
    expect((await authenticate(intent.id, 'complete')).status).toBe(400);
  });

  it('refuses a bad three_d_secure value with a 400 naming it', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const res = await h.control.pay(session.id, { card: '4000002760003184', three_d_secure: 'maybe' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param: 'three_d_secure' });
  });
});

describe('3-D Secure on the hosted page without JavaScript (form posts)', () => {
  async function post(path: string, form: Record<string, string>) {
    return fetch(`${h.emulator.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }
  const card = (number: string) => ({
    cardnumber: number,
    expiry: '12 / 34',
    cvc: '123',
    name: 'Jenny Rosen',
  });

  it('submitting a 3DS card leads to the authentication step; failing it returns to the form with the reason', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const submitted = await post(`/c/pay/${session.id}`, card('4000 0000 0000 3063'));
    expect(submitted.status).toBe(303);
    const step = submitted.headers.get('location') ?? '';
    expect(step).toMatch(/^\/c\/authenticate\/pi_/);

    const shown = await fetch(`${h.emulator.url}${step}`);
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain('Complete authentication');
    expect(html).toContain('Fail authentication');
    expect(html).toContain('€29.99');
    expect(html).toContain('ending in 3063');

    const failed = await post(step, { action: 'fail' });
    expect(failed.status).toBe(200);
    const form = await failed.text();
    expect(form).toContain(
      'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
    );
    expect(form).toContain('value="Jenny Rosen"');
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');

    // Answering again (a reload) goes back to the form; the session is still payable.
    expect((await post(step, { action: 'complete' })).headers.get('location')).toBe(`/c/pay/${session.id}`);
    const paid = await post(`/c/pay/${session.id}`, card('4000 0025 0000 3155'));
    const secondStep = paid.headers.get('location') ?? '';
    expect(secondStep).toBe(step);
    const completed = await post(secondStep, { action: 'complete' });
    expect(completed.status).toBe(303);
    expect(completed.headers.get('location')).toBe(
      `http://127.0.0.1:9/checkout/success?session_id=${session.id}`,
    );
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('paid');
  });
});

describe('3-D Secure through the PaymentIntents API', () => {
  it('confirming with a 3DS test payment method answers requires_action with a redirect; the page sends the customer back', async () => {
    const intent = await h.stripe.paymentIntents.create({
      amount: 2000,
      currency: 'eur',
      payment_method: 'pm_card_threeDSecure2Required',
      confirm: true,
      return_url: 'http://127.0.0.1:9/return?order=1',
    });
    expect(intent.status).toBe('requires_action');
    expectValid('payment_intent', intent);
    expect(intent.next_action).toEqual({
      type: 'redirect_to_url',
      redirect_to_url: {
        return_url: 'http://127.0.0.1:9/return?order=1',
        url: `${h.emulator.url}/c/authenticate/${intent.id}`,
      },
    });
    const page = await fetch(intent.next_action?.redirect_to_url?.url ?? '');
    expect(await page.text()).toContain('Complete authentication');

    const back = await fetch(intent.next_action?.redirect_to_url?.url ?? '', {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'action=complete',
    });
    expect(back.status).toBe(303);
    const location = new URL(back.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('http://127.0.0.1:9/return');
    expect(Object.fromEntries(location.searchParams)).toEqual({
      order: '1',
      payment_intent: intent.id,
      payment_intent_client_secret: intent.client_secret,
      redirect_status: 'succeeded',
    });
    const done = await h.stripe.paymentIntents.retrieve(intent.id);
    expect(done).toMatchObject({ status: 'succeeded', amount_received: 2000, next_action: null });
    const types = (await h.stripe.events.list({ limit: 20 })).data
      .filter(
        (e) =>
          (e.data.object as { id?: string }).id === intent.id ||
          JSON.stringify(e.data.object).includes(intent.id),
      )
      .map((e) => e.type)
      .reverse();
    expect(types).toEqual([
      'payment_intent.created',
      'payment_intent.requires_action',
      'charge.succeeded',
      'payment_intent.succeeded',
    ]);
  });

  it('without return_url the next action is use_stripe_sdk; failing gives payment_intent_authentication_failure', async () => {
    const intent = await h.stripe.paymentIntents.create({
      amount: 1500,
      currency: 'usd',
    });
    const confirmed = await h.stripe.paymentIntents.confirm(intent.id, {
      payment_method: 'pm_card_authenticationRequired',
    });
    expect(confirmed.status).toBe('requires_action');
    expect(confirmed.next_action?.type).toBe('use_stripe_sdk');
    const failed = await authenticate(intent.id, 'fail');
    expect(failed.body.paymentIntent).toMatchObject({
      status: 'requires_payment_method',
      last_payment_error: { code: 'payment_intent_authentication_failure' },
    });
    // The customer tries again with a card that needs no challenge.
    const paid = await h.stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expect(paid.status).toBe('succeeded');
  });

  it('error_on_requires_action turns the challenge into an authentication_required decline', async () => {
    const error = await h.stripe.paymentIntents
      .create({
        amount: 1500,
        currency: 'usd',
        payment_method: 'pm_card_threeDSecureRequired',
        confirm: true,
        error_on_requires_action: true,
      })
      .then(
        () => null,
        (e: unknown) => e as Stripe.errors.StripeCardError,
      );
    expect(error?.statusCode).toBe(402);
    expect(error?.code).toBe('authentication_required');
    expect(error?.decline_code).toBe('authentication_required');
    expect(error?.payment_intent?.status).toBe('requires_payment_method');
  });
});

describe("3-D Secure through payment_pages (what Stripe's own page and the Stripe CLI call)", () => {
  it('confirming with a 3DS test card answers the page with the session open and its intent waiting', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const res = await fetch(`${h.emulator.url}/v1/payment_pages/${session.id}/confirm`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${h.emulator.secretKey}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: `payment_method=pm_card_threeDSecureRequired&expected_amount=${session.amount_total ?? 0}`,
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { status: string; payment_intent: string };
    expect(page.status).toBe('open');
    const intent = await h.stripe.paymentIntents.retrieve(page.payment_intent);
    expect(intent.status).toBe('requires_action');
    expect(intent.next_action?.type).toBe('use_stripe_sdk');
    const done = await authenticate(intent.id, 'complete');
    expect(done.body).toMatchObject({ outcome: 'succeeded', session: { status: 'complete' } });
  });
});

describe('a session waiting for authentication survives a restart (state file)', () => {
  it('is completed after the restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-3ds-'));
    try {
      const statePath = join(dir, 'state.json');
      const first = await startEmulator({ statePath, logger: () => undefined });
      const session = await sdkFor(first).checkout.sessions.create(sessionParams());
      const paid = await new Control(first.url).pay(session.id, {
        card: '4000002760003184',
        name: 'Jenny Rosen',
      });
      expect(paid.body.outcome).toBe('requires_action');
      await first.close();

      const second = await startEmulator({ statePath, logger: () => undefined });
      try {
        const intentId = paid.body.session.payment_intent as string;
        const step = await fetch(`${second.url}/c/authenticate/${intentId}`);
        expect(await step.text()).toContain('Complete authentication');
        const done = await new Control(second.url).request<AuthResponse>(
          'POST',
          `/_emulator/payment_intents/${intentId}/authenticate`,
          { outcome: 'complete' },
        );
        expect(done.body.outcome).toBe('succeeded');
        expect(done.body.session).toMatchObject({
          status: 'complete',
          payment_status: 'paid',
          customer_details: { email: 'jenny@example.com', name: 'Jenny Rosen' },
        });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
