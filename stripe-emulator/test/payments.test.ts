import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionParams, startHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function newSession(
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Promise<Stripe.Checkout.Session> {
  return h.stripe.checkout.sessions.create(sessionParams(overrides));
}

describe('card payments', () => {
  it('4242 completes the session; events in Stripe order; the intent carries payment_intent_data.metadata', async () => {
    const session = await newSession();
    const paid = await h.control.pay(session.id, { card: '4242424242424242', email: 'pay@example.com' });
    expect(paid.status).toBe(200);
    expect(paid.body.outcome).toBe('succeeded');
    expect(paid.body.session.status).toBe('complete');
    expect(paid.body.session.payment_status).toBe('paid');

    const events = await h.control.events(session.id);
    expect(events.map((e) => e.type)).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.completed',
    ]);
    const completed = events[3]?.data.object as Stripe.Checkout.Session;
    expect(completed).toMatchObject({
      id: session.id,
      status: 'complete',
      payment_status: 'paid',
      metadata: session.metadata,
    });
    expect(completed.customer_details?.email).toBe('jenny@example.com');

    const intent = await h.stripe.paymentIntents.retrieve(completed.payment_intent as string);
    expect(intent).toMatchObject({
      status: 'succeeded',
      amount: session.amount_total,
      amount_received: session.amount_total,
      currency: 'eur',
      metadata: { order_id: 'ord_1' },
    });
    const charge = await h.stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({
      status: 'succeeded',
      paid: true,
      payment_intent: intent.id,
      amount: intent.amount,
    });
    expect(charge.payment_method_details?.card?.last4).toBe('4242');
  });

  it.each([
    ['4000000000000002', 'card_declined', 'generic_decline', 'Your card was declined.'],
    ['4000000000009995', 'card_declined', 'insufficient_funds', 'Your card has insufficient funds.'],
    ['4000000000000069', 'expired_card', 'expired_card', 'Your card has expired.'],
    ['4000000000000127', 'incorrect_cvc', 'incorrect_cvc', "Your card's security code is incorrect."],
    [
      '4000000000000119',
      'processing_error',
      'processing_error',
      'An error occurred while processing your card. Try again in a little bit.',
    ],
  ])('%s declines (%s / %s) and leaves the session open', async (card, code, declineCode, message) => {
    const session = await newSession();
    const paid = await h.control.pay(session.id, { card });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ outcome: 'declined', code, declineCode, message });
    expect(paid.body.session.status).toBe('open');

    const after = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect(after.status).toBe('open');
    expect(after.payment_status).toBe('unpaid');
    const intent = after.payment_intent as Stripe.PaymentIntent;
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.metadata).toEqual({ order_id: 'ord_1' });
    expect(intent.last_payment_error).toMatchObject({ type: 'card_error', code, message });
    if (code === 'card_declined') expect(intent.last_payment_error?.decline_code).toBe(declineCode);

    const types = await h.control.eventTypes(session.id);
    expect(types).toEqual(['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']);
    expect(types.some((t) => t.startsWith('checkout.session.'))).toBe(false);
  });

  it('a retry after a decline reuses the payment intent and completes', async () => {
    const session = await newSession();
    await h.control.pay(session.id, { card: '4000000000009995' });
    const paid = await h.control.pay(session.id, { card: '4242 4242 4242 4242' });
    expect(paid.body.outcome).toBe('succeeded');
    const events = await h.control.events(session.id);
    expect(events.map((e) => e.type)).toEqual([
      'payment_intent.created',
      'charge.failed',
      'payment_intent.payment_failed',
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.completed',
    ]);
    const intentIds = new Set(
      events
        .filter((e) => e.type.startsWith('payment_intent.'))
        .map((e) => (e.data.object as Stripe.PaymentIntent).id),
    );
    expect(intentIds.size).toBe(1);
    const failed = events[2]?.data.object as Stripe.PaymentIntent;
    expect(failed.last_payment_error?.decline_code).toBe('insufficient_funds');
  });

  it('rejects a number failing the Luhn check without any event', async () => {
    const session = await newSession();
    const paid = await h.control.pay(session.id, { card: '4242424242424241' });
    expect(paid.status).toBe(400);
    expect(paid.body.error).toMatchObject({
      type: 'card_error',
      code: 'incorrect_number',
      message: 'Your card number is invalid.',
    });
    expect(await h.control.eventTypes(session.id)).toEqual([]);
  });

  it('refuses to pay a complete or expired session (400, Stripe-style error)', async () => {
    const complete = await newSession();
    await h.control.pay(complete.id, { card: '4242424242424242' });
    const again = await h.control.pay(complete.id, { card: '4242424242424242' });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({
      type: 'invalid_request_error',
      message: 'This Checkout Session is already complete.',
    });

    const expired = await newSession();
    await h.stripe.checkout.sessions.expire(expired.id);
    const late = await h.control.pay(expired.id, { card: '4242424242424242' });
    expect(late.status).toBe(400);
    expect(late.body.error?.message).toBe('This Checkout Session has expired.');

    const missing = await h.control.pay('cs_test_nope', { card: '4242424242424242' });
    expect(missing.status).toBe(404);
  });
});

describe('test clock', () => {
  it('expires a session at expires_at, cancelling its declined intent', async () => {
    const session = await newSession({ expires_at: Math.floor(Date.now() / 1000) + 1800 });
    await h.control.pay(session.id, { card: '4000000000000002' });
    const before = await h.control.request<{ now: number }>('GET', '/_emulator/clock');
    await h.control.advance(1700);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    const advanced = await h.control.advance(200);
    expect(advanced.body.now).toBeGreaterThanOrEqual(before.body.now + 1900);
    const after = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect(after.status).toBe('expired');
    expect((after.payment_intent as Stripe.PaymentIntent).status).toBe('canceled');
    expect(await h.control.eventTypes(session.id)).toEqual([
      'payment_intent.created',
      'charge.failed',
      'payment_intent.payment_failed',
      'checkout.session.expired',
      'payment_intent.canceled',
    ]);
  });

  it('fires expiries in expires_at order within one advance', async () => {
    const now = Math.floor(Date.now() / 1000);
    const later = await newSession({ expires_at: now + 3000 });
    const sooner = await newSession({ expires_at: now + 2000 });
    await h.control.advance(3100);
    const { body } = await h.control.request<{ data: Stripe.Event[] }>(
      'GET',
      '/_emulator/events?type=checkout.session.expired',
    );
    const ids = body.data.map((e) => (e.data.object as Stripe.Checkout.Session).id);
    expect(ids.indexOf(sooner.id)).toBeLessThan(ids.indexOf(later.id));
    expect(ids.indexOf(sooner.id)).toBeGreaterThanOrEqual(0);
  });

  it('a session created after the clock moved keeps the lifetime it was given', async () => {
    await h.control.advance(7200);
    const session = await newSession({ expires_at: Math.floor(Date.now() / 1000) + 3600 });
    expect(session.status).toBe('open');
    await h.control.advance(3000);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    await h.control.advance(700);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('expired');
  });
});

describe('delayed payment method (SEPA Direct Debit)', () => {
  it('succeeds later: completed+unpaid, then async_payment_succeeded when the clock reaches the settlement', async () => {
    const session = await newSession();
    const paid = await h.control.pay(session.id, { method: 'sepa_debit', outcome: 'succeed_later' });
    expect(paid.body.outcome).toBe('processing');
    expect(paid.body.session).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    expect(await h.control.eventTypes(session.id)).toEqual([
      'payment_intent.created',
      'charge.pending',
      'payment_intent.processing',
      'checkout.session.completed',
    ]);
    const intentId = paid.body.session.payment_intent as string;
    expect((await h.stripe.paymentIntents.retrieve(intentId)).status).toBe('processing');

    await h.control.advance(179);
    expect((await h.stripe.paymentIntents.retrieve(intentId)).status).toBe('processing');
    await h.control.advance(1);
    const intent = await h.stripe.paymentIntents.retrieve(intentId);
    expect(intent.status).toBe('succeeded');
    expect(intent.metadata).toEqual({ order_id: 'ord_1' });
    const final = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(final).toMatchObject({ status: 'complete', payment_status: 'paid' });
    expect((await h.control.eventTypes(session.id)).slice(4)).toEqual([
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.async_payment_succeeded',
    ]);
  });

  it('fails later: async_payment_failed, the session stays complete and unpaid', async () => {
    const session = await newSession();
    await h.control.pay(session.id, { method: 'sepa_debit', outcome: 'fail_later', settleAfterSeconds: 60 });
    await h.control.advance(60);
    const final = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect(final).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    const intent = final.payment_intent as Stripe.PaymentIntent;
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.last_payment_error?.code).toBe('insufficient_funds');
    expect((await h.control.eventTypes(session.id)).slice(4)).toEqual([
      'charge.failed',
      'payment_intent.payment_failed',
      'checkout.session.async_payment_failed',
    ]);
  });
});
