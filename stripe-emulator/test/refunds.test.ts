import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionParams, startHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function paidIntent(): Promise<{ session: Stripe.Checkout.Session; intentId: string }> {
  const session = await h.stripe.checkout.sessions.create(sessionParams());
  const paid = await h.control.pay(session.id, { card: '4242424242424242' });
  return { session, intentId: paid.body.session.payment_intent as string };
}

describe('refunds', () => {
  it('refunds partially, then the rest; charge.refunded carries amount_refunded and refunded', async () => {
    const { session, intentId } = await paidIntent();
    const total = session.amount_total ?? 0;

    const partial = await h.stripe.refunds.create({ payment_intent: intentId, amount: 1000 });
    expect(partial).toMatchObject({
      object: 'refund',
      amount: 1000,
      status: 'succeeded',
      payment_intent: intentId,
      currency: 'eur',
    });
    const retrieved = await h.stripe.refunds.retrieve(partial.id);
    expect(retrieved.id).toBe(partial.id);

    const rest = await h.stripe.refunds.create({ payment_intent: intentId });
    expect(rest.amount).toBe(total - 1000);

    const events = await h.control.events(session.id);
    const refundEvents = events.slice(4);
    expect(refundEvents.map((e) => e.type)).toEqual([
      'refund.created',
      'charge.refunded',
      'refund.created',
      'charge.refunded',
    ]);
    const firstCharge = refundEvents[1]?.data.object as Stripe.Charge;
    expect(firstCharge).toMatchObject({ amount_refunded: 1000, refunded: false, payment_intent: intentId });
    const lastCharge = refundEvents[3]?.data.object as Stripe.Charge;
    expect(lastCharge).toMatchObject({ amount_refunded: total, refunded: true, payment_intent: intentId });

    const charge = await h.stripe.charges.retrieve(partial.charge as string);
    expect(charge.amount_refunded).toBe(total);
    expect(charge.refunded).toBe(true);
  });

  it('rejects a refund larger than what is left, then one on a fully refunded charge', async () => {
    const { session, intentId } = await paidIntent();
    const total = session.amount_total ?? 0;
    await h.stripe.refunds.create({ payment_intent: intentId, amount: total - 100 });
    const over = await h.stripe.refunds
      .create({ payment_intent: intentId, amount: 101 })
      .catch((e: unknown) => e);
    expect(over).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((over as Stripe.errors.StripeError).param).toBe('amount');
    expect((over as Stripe.errors.StripeError).message).toMatch(
      /greater than unrefunded amount on charge \(€1.00\)/,
    );

    await h.stripe.refunds.create({ payment_intent: intentId });
    const again = await h.stripe.refunds.create({ payment_intent: intentId }).catch((e: unknown) => e);
    expect((again as Stripe.errors.StripeError).code).toBe('charge_already_refunded');
  });

  it('refunds by charge id', async () => {
    const { intentId } = await paidIntent();
    const intent = await h.stripe.paymentIntents.retrieve(intentId);
    const refund = await h.stripe.refunds.create({ charge: intent.latest_charge as string, amount: 50 });
    expect(refund).toMatchObject({ amount: 50, charge: intent.latest_charge, payment_intent: intentId });
  });

  it('cannot refund an intent without a successful charge', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const paid = await h.control.pay(session.id, { card: '4000000000000002' });
    const error = await h.stripe.refunds
      .create({ payment_intent: paid.body.session.payment_intent as string })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((error as Stripe.errors.StripeError).message).toMatch(
      /does not have a successful charge to refund/,
    );
    const missing = await h.stripe.refunds.retrieve('re_missing').catch((e: unknown) => e);
    expect((missing as Stripe.errors.StripeError).statusCode).toBe(404);
  });
});
