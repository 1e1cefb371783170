import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REFUND_OUTCOME_SECONDS } from '../src/index.js';
import { sessionParams, startHarness, type Harness } from './support/harness.js';

/** Stripe's asynchronous refund test cards (https://docs.stripe.com/testing#refunds) and refund cancellation. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function paidSession(card: string): Promise<{ sessionId: string; intentId: string; total: number }> {
  const session = await h.stripe.checkout.sessions.create(sessionParams());
  const paid = await h.control.pay(session.id, { card });
  expect(paid.body.outcome).toBe('succeeded');
  return {
    sessionId: session.id,
    intentId: paid.body.session.payment_intent as string,
    total: session.amount_total ?? 0,
  };
}

async function refundEvents(sessionId: string): Promise<Stripe.Event[]> {
  return (await h.control.events(sessionId)).filter((e) => /^(refund|charge\.refund)/.test(e.type));
}

describe('refunds with a lifecycle', () => {
  it('an ordinary card: refund.created and charge.refunded carry a succeeded refund, nothing follows', async () => {
    const { sessionId, intentId } = await paidSession('4242424242424242');
    const refund = await h.stripe.refunds.create({ payment_intent: intentId, amount: 500 });
    expect(refund.status).toBe('succeeded');
    await h.control.advance(DEFAULT_REFUND_OUTCOME_SECONDS + 1);
    const events = await h.control.events(sessionId);
    expect(events.slice(4).map((e) => e.type)).toEqual(['refund.created', 'charge.refunded']);
    expect((events[4]?.data.object as Stripe.Refund).status).toBe('succeeded');
    expect((await h.stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
  });

  it('4000 0000 0000 5126: the refund looks succeeded, then fails (expired_or_canceled_card)', async () => {
    const { sessionId, intentId, total } = await paidSession('4000000000005126');
    const refund = await h.stripe.refunds.create({ payment_intent: intentId });
    expect(refund).toMatchObject({ status: 'succeeded', amount: total });
    const chargeId = refund.charge as string;
    expect((await h.stripe.charges.retrieve(chargeId)).amount_refunded).toBe(total);

    // Not before its time.
    await h.control.advance(DEFAULT_REFUND_OUTCOME_SECONDS - 2);
    expect((await h.stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
    await h.control.advance(2);
    const failed = await h.stripe.refunds.retrieve(refund.id);
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
    expect(failed.failure_balance_transaction).toMatch(/^txn_/);
    const charge = await h.stripe.charges.retrieve(chargeId, { expand: ['refunds'] });
    expect(charge).toMatchObject({ amount_refunded: 0, refunded: false });
    expect(charge.refunds?.data[0]).toMatchObject({ id: refund.id, status: 'failed' });

    const events = await refundEvents(sessionId);
    expect(events.map((e) => e.type)).toEqual([
      'refund.created',
      'charge.refunded',
      'refund.updated',
      'charge.refund.updated',
      'refund.failed',
    ]);
    expect((events[1]?.data.object as Stripe.Charge).amount_refunded).toBe(total);
    for (const event of events.slice(2, 4))
      expect(event.data.previous_attributes).toEqual({ status: 'succeeded' });
    expect(events[4]?.data.object).toMatchObject({ id: refund.id, status: 'failed' });

    // The money is the charge's again: it can be refunded anew.
    const again = await h.stripe.refunds.create({ charge: chargeId, amount: 100 });
    expect(again.status).toBe('succeeded');
  });

  it('4000 0000 0000 7726 (pm_card_pendingRefund): pending, then succeeded with refund.updated', async () => {
    const intent = await h.stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      confirm: true,
      payment_method: 'pm_card_pendingRefund',
    });
    const refund = await h.stripe.refunds.create({ payment_intent: intent.id, amount: 1500 });
    expect(refund.status).toBe('pending');
    expect((await h.stripe.charges.retrieve(refund.charge as string)).amount_refunded).toBe(1500);
    await h.control.advance(DEFAULT_REFUND_OUTCOME_SECONDS);
    expect((await h.stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
    const events = (await h.stripe.events.list({ limit: 10 })).data.filter(
      (e) => (e.data.object as { id: string }).id === refund.id,
    );
    expect(events.map((e) => e.type).reverse()).toEqual([
      'refund.created',
      'refund.updated',
      'charge.refund.updated',
    ]);
    expect(events[0]?.data.previous_attributes).toEqual({ status: 'pending' });
  });

  it('a pending refund can be canceled (its amount is the charge’s again); others cannot', async () => {
    const { sessionId, intentId, total } = await paidSession('4000000000007726');
    const refund = await h.stripe.refunds.create({ payment_intent: intentId });
    const canceled = await h.stripe.refunds.cancel(refund.id);
    expect(canceled.status).toBe('canceled');
    const charge = await h.stripe.charges.retrieve(refund.charge as string);
    expect(charge).toMatchObject({ amount_refunded: 0, refunded: false });
    const events = await refundEvents(sessionId);
    expect(events.map((e) => e.type)).toEqual([
      'refund.created',
      'charge.refunded',
      'refund.updated',
      'charge.refund.updated',
    ]);
    expect(events[2]?.data).toMatchObject({
      object: { status: 'canceled' },
      previous_attributes: { status: 'pending' },
    });
    // The scheduled outcome does not resurrect it.
    await h.control.advance(DEFAULT_REFUND_OUTCOME_SECONDS);
    expect((await h.stripe.refunds.retrieve(refund.id)).status).toBe('canceled');

    const again = await h.stripe.refunds.cancel(refund.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((again as Stripe.errors.StripeError).message).toMatch(/status of canceled/);
    const other = await paidSession('4242424242424242');
    const succeeded = await h.stripe.refunds.create({ payment_intent: other.intentId });
    const refused = await h.stripe.refunds.cancel(succeeded.id).catch((e: unknown) => e);
    expect((refused as Stripe.errors.StripeError).statusCode).toBe(400);
    expect((refused as Stripe.errors.StripeError).message).toMatch(
      /status of succeeded\. Only a refund with a status of pending or requires_action may be canceled/,
    );
    const missing = await h.stripe.refunds.cancel('re_missing').catch((e: unknown) => e);
    expect((missing as Stripe.errors.StripeError).statusCode).toBe(404);
    expect(total).toBeGreaterThan(0);
  });

  it('the refund test cards work as tokens and through the hosted-page API (payment_pages) too', async () => {
    const pm = await h.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_refundFail' } });
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const auth = { Authorization: `Bearer ${h.emulator.secretKey}` };
    const confirmed = await fetch(`${h.emulator.url}/v1/payment_pages/${session.id}/confirm`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `payment_method=${pm.id}`,
    });
    expect(confirmed.status).toBe(200);
    const paid = await h.stripe.checkout.sessions.retrieve(session.id);
    const refund = await h.stripe.refunds.create({ payment_intent: paid.payment_intent as string });
    await h.control.advance(DEFAULT_REFUND_OUTCOME_SECONDS);
    expect((await h.stripe.refunds.retrieve(refund.id)).status).toBe('failed');
  });
});
