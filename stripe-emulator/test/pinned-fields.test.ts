import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionParams, startHarness, type Harness } from './support/harness.js';

/**
 * The values of the fields the pinned API version moved or added (schema.test.ts checks that they are there):
 * where a moved field went (`collected_information.shipping_details`, `promotion.coupon`, `source.coupon`,
 * `marketing_features`), that the removed ones are gone from every copy (events too), and what the new ones
 * hold for what the emulator does.
 */
let h: Harness;
const auth = (): Record<string, string> => ({ Authorization: `Bearer ${h.emulator.secretKey}` });

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/** The object as it comes over the wire (the SDK adds a non-enumerable lastResponse). */
function wire(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

async function percentCode(code: string): Promise<{ coupon: Stripe.Coupon; promo: Stripe.PromotionCode }> {
  const coupon = await h.stripe.coupons.create({ percent_off: 10, name: code });
  const promo = await h.stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: coupon.id },
    code,
  });
  return { coupon, promo };
}

describe('checkout sessions', () => {
  it('carry the shipping address under collected_information only, and the new fields at their values', async () => {
    const { coupon, promo } = await percentCode('PINNED10');
    const session = await h.stripe.checkout.sessions.create(
      sessionParams({
        shipping_address_collection: { allowed_countries: ['DE'] },
        allow_promotion_codes: true,
      }),
    );
    expect(wire(session)).toMatchObject({
      adaptive_pricing: { enabled: false },
      collected_information: null,
      customer_account: null,
      integration_identifier: null,
      managed_payments: { enabled: false },
      origin_context: null,
      permissions: null,
      saved_payment_method_options: null,
      wallet_options: null,
    });
    const address = { line1: 'Hauptstr. 1', city: 'Berlin', postal_code: '10115', country: 'DE' };
    const paid = await h.control.pay(session.id, {
      card: '4242424242424242',
      shipping: { name: 'Jenny Rosen', address },
      promotionCode: 'PINNED10',
    });
    expect(paid.body.outcome).toBe('succeeded');
    const done = wire(
      await h.stripe.checkout.sessions.retrieve(session.id, { expand: ['total_details.breakdown'] }),
    );
    expect(done).toMatchObject({
      collected_information: {
        business_name: null,
        individual_name: null,
        shipping_details: {
          name: 'Jenny Rosen',
          address: { ...address, line2: null, state: null },
        },
      },
      discounts: [{ coupon: null, promotion_code: promo.id }],
    });
    expect(done).not.toHaveProperty('shipping_details');
    // The breakdown's discount names its coupon under `source` (by id); the embedded `coupon` is gone.
    const { discount } = (done.total_details as Stripe.Checkout.Session.TotalDetails).breakdown!
      .discounts[0]!;
    expect(wire(discount)).toMatchObject({
      object: 'discount',
      source: { type: 'coupon', coupon: coupon.id },
      promotion_code: promo.id,
      checkout_session: session.id,
      customer_account: null,
    });
    expect(wire(discount)).not.toHaveProperty('coupon');
    // The same in the webhook payload.
    const completed = (await h.control.events(session.id)).find(
      (e) => e.type === 'checkout.session.completed',
    );
    const payload = wire(completed?.data.object);
    expect(payload).toMatchObject({ collected_information: { shipping_details: { name: 'Jenny Rosen' } } });
    expect(payload).not.toHaveProperty('shipping_details');
  });

  it('line items have no adjustable quantity and the metadata they were created with', async () => {
    const base = sessionParams();
    const session = await h.stripe.checkout.sessions.create({
      ...base,
      line_items: [{ ...base.line_items![0]!, metadata: { sku: 'MUG-1' } }, base.line_items![1]!],
    });
    const items = await h.stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data.map((item) => [item.adjustable_quantity, item.metadata])).toEqual([
      [null, { sku: 'MUG-1' }],
      [null, {}],
    ]);
    const refused = await fetch(`${h.emulator.url}/v1/checkout/sessions`, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        mode: 'payment',
        success_url: 'https://example.com',
        'line_items[0][price_data][currency]': 'eur',
        'line_items[0][price_data][unit_amount]': '100',
        'line_items[0][price_data][product_data][name]': 'A',
        'line_items[0][quantity]': '1',
        'line_items[0][metadata]': 'not-a-map',
      }).toString(),
    });
    expect(refused.status).toBe(400);
  });
});

describe('payments', () => {
  it('payment intents, charges and refunds: no invoice, the new fields at their values', async () => {
    const intent = await h.stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      confirm: true,
      payment_method: 'pm_card_visa',
      allowed_payment_method_types: ['card', 'sepa_debit'],
      excluded_payment_method_types: ['sepa_debit'],
    });
    expect(wire(intent)).toMatchObject({
      allowed_payment_method_types: ['card', 'sepa_debit'],
      excluded_payment_method_types: ['sepa_debit'],
      customer_account: null,
      managed_payments: { enabled: false },
      payment_record: null,
    });
    expect(wire(intent)).not.toHaveProperty('invoice');
    const plain = await h.stripe.paymentIntents.create({ amount: 500, currency: 'eur' });
    expect(wire(plain)).toMatchObject({
      allowed_payment_method_types: null,
      excluded_payment_method_types: null,
    });

    const charge = await h.stripe.charges.retrieve(intent.latest_charge as string);
    expect(wire(charge)).toMatchObject({ source: null });
    expect(wire(charge)).not.toHaveProperty('invoice');
    expect(charge.payment_method).toMatch(/^pm_/);

    const refund = await h.stripe.refunds.create({ payment_intent: intent.id, amount: 500 });
    expect(wire(refund)).toMatchObject({
      customer: null,
      customer_account: null,
      payment_method: charge.payment_method,
    });
    const method = await h.stripe.paymentMethods.retrieve(charge.payment_method!);
    expect(wire(method)).toMatchObject({ customer_account: null });
  });

  it('disputes have no intended submission method; their balance transactions move the payments balance', async () => {
    await h.stripe.paymentIntents.create({
      amount: 3000,
      currency: 'eur',
      confirm: true,
      payment_method: 'pm_card_createDispute',
    });
    const [dispute] = (await h.stripe.disputes.list({ limit: 1 })).data;
    expect(wire(dispute)).toMatchObject({ intended_submission_method: null });
    expect(dispute!.balance_transactions.map((txn) => txn.balance_type)).toEqual(['payments']);
  });
});

describe('products', () => {
  it('have marketing_features (not features), a type and tax_details after their tax code', async () => {
    const plain = await h.stripe.products.create({ name: 'Mug' });
    expect(wire(plain)).toMatchObject({ marketing_features: [], type: 'service', tax_details: null });
    expect(wire(plain)).not.toHaveProperty('features');
    const good = await h.stripe.products.create({
      name: 'Kettle',
      type: 'good',
      tax_code: 'txcd_99999999',
      marketing_features: [{ name: 'Whistles' }],
    });
    expect(wire(good)).toMatchObject({
      type: 'good',
      tax_code: 'txcd_99999999',
      tax_details: { tax_code: 'txcd_99999999', performance_location: null },
      marketing_features: [{ name: 'Whistles' }],
    });
    const price = await h.stripe.prices.create({
      currency: 'eur',
      unit_amount: 100,
      product_data: { name: 'Tea', tax_code: 'txcd_99999999' },
    });
    expect(wire(await h.stripe.products.retrieve(price.product as string))).toMatchObject({
      tax_details: { tax_code: 'txcd_99999999', performance_location: null },
    });
  });
});

describe('promotion codes', () => {
  it('name their coupon under promotion (expandable); `coupon` is neither returned nor expandable', async () => {
    const { coupon, promo } = await percentCode('PROMO10');
    expect(wire(promo)).not.toHaveProperty('coupon');
    expect(promo.promotion).toEqual({ type: 'coupon', coupon: coupon.id });
    const expanded = await h.stripe.promotionCodes.retrieve(promo.id, { expand: ['promotion.coupon'] });
    expect(expanded.promotion.coupon).toMatchObject({ id: coupon.id, object: 'coupon', percent_off: 10 });
    const error = await h.stripe.promotionCodes.retrieve(promo.id, { expand: ['coupon'] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((error as Stripe.errors.StripeError).param).toBe('expand');
  });

  it('an expanded coupon is current: redemptions and validity', async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 5, max_redemptions: 1 });
    const promo = await h.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'ONCE5',
    });
    const session = await h.stripe.checkout.sessions.create(sessionParams({ allow_promotion_codes: true }));
    expect(
      (await h.control.pay(session.id, { card: '4242424242424242', promotionCode: 'ONCE5' })).body.outcome,
    ).toBe('succeeded');
    const read = await h.stripe.promotionCodes.retrieve(promo.id, { expand: ['promotion.coupon'] });
    expect(read.times_redeemed).toBe(1);
    expect(read.promotion.coupon).toMatchObject({ times_redeemed: 1, valid: false });
  });
});
