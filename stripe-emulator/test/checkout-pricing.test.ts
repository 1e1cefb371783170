import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionParams, startHarness, type Harness, type PayResponse } from './support/harness.js';

/**
 * Checkout Sessions that ship, discount and tax: the session's parameters and fields, and paying them through the
 * control API with an address, a shipping rate, a promotion code and a phone number. The line items of
 * `sessionParams()` add up to €29.99 (2 × €12.50 + €4.99).
 */
let h: Harness;
let standard: Stripe.ShippingRate;
let express: Stripe.ShippingRate;
const address = { line1: 'Hauptstraße 1', city: 'Berlin', postal_code: '10115', country: 'DE' };
const shipping = { name: 'Jenny Rosen', address };

beforeAll(async () => {
  h = await startHarness();
  standard = await h.stripe.shippingRates.create({
    display_name: 'Standard',
    fixed_amount: { amount: 500, currency: 'eur' },
    tax_behavior: 'exclusive',
    delivery_estimate: {
      minimum: { unit: 'business_day', value: 3 },
      maximum: { unit: 'business_day', value: 5 },
    },
  });
  express = await h.stripe.shippingRates.create({
    display_name: 'Express',
    fixed_amount: { amount: 1500, currency: 'eur' },
    tax_behavior: 'inclusive',
  });
});
afterAll(async () => {
  await h.close();
});

function shippingSession(overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return h.stripe.checkout.sessions.create(
    sessionParams({
      shipping_address_collection: { allowed_countries: ['DE', 'FR', 'AT'] },
      shipping_options: [{ shipping_rate: standard.id }, { shipping_rate: express.id }],
      ...overrides,
    }),
  );
}

async function pay(
  sessionId: string,
  body: Record<string, unknown>,
): Promise<{ status: number; body: PayResponse }> {
  return h.control.pay(sessionId, { card: '4242424242424242', ...body });
}

async function completed(sessionId: string): Promise<Stripe.Checkout.Session> {
  const events = await h.control.events(sessionId);
  const event = events.find((e) => e.type === 'checkout.session.completed');
  if (!event) throw new Error('not completed');
  return event.data.object;
}

async function newCode(
  code: string,
  coupon: Stripe.CouponCreateParams,
  extra: Partial<Stripe.PromotionCodeCreateParams> = {},
) {
  const created = await h.stripe.coupons.create(coupon);
  return h.stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: created.id },
    code,
    ...extra,
  });
}

describe('shipping', () => {
  it('reports the collection, the options and the first option as shipping_cost', async () => {
    const session = await shippingSession({ phone_number_collection: { enabled: true } });
    expect(session).toMatchObject({
      shipping_address_collection: { allowed_countries: ['DE', 'FR', 'AT'] },
      shipping_options: [
        { shipping_amount: 500, shipping_rate: standard.id },
        { shipping_amount: 1500, shipping_rate: express.id },
      ],
      shipping_cost: {
        amount_subtotal: 500,
        amount_tax: 0,
        amount_total: 500,
        shipping_rate: standard.id,
        taxes: [],
      },
      amount_subtotal: 2999,
      amount_total: 3499,
      total_details: { amount_discount: 0, amount_shipping: 500, amount_tax: 0 },
      phone_number_collection: { enabled: true },
      collected_information: null,
      discounts: [],
    });
  });

  it('requires a shipping address in an allowed country, and the phone when collected', async () => {
    const session = await shippingSession({ phone_number_collection: { enabled: true } });
    const refusals: [Record<string, unknown>, string, string][] = [
      [{ shipping: { name: '', address } }, 'Your name is incomplete.', 'shipping[name]'],
      [
        { shipping: { name: 'Jenny', address: { ...address, line1: '' } } },
        'Your address is incomplete.',
        'shipping[address][line1]',
      ],
      [
        { shipping: { name: 'Jenny', address: { ...address, postal_code: '' } } },
        'Your postal code is incomplete.',
        'shipping[address][postal_code]',
      ],
      [
        { shipping: { name: 'Jenny', address: { ...address, country: 'US' } } },
        'Shipping to United States is not available.',
        'shipping[address][country]',
      ],
      [{ shipping, phone: '' }, 'Your phone number is incomplete.', 'phone'],
      [
        { shipping, phone: '+49301234567', shippingRate: 'shr_nope' },
        'This shipping option is not available for this checkout.',
        'shipping_rate',
      ],
    ];
    for (const [body, message, param] of refusals) {
      const response = await pay(session.id, body);
      expect(response.status, message).toBe(400);
      expect(response.body.error).toMatchObject({ message, param });
    }
    expect(await h.control.eventTypes(session.id)).toEqual([]);
  });

  it('fills what a test leaves out with a test customer (like the card): an address in the first country, a phone', async () => {
    const session = await shippingSession({ phone_number_collection: { enabled: true } });
    const paid = await pay(session.id, {});
    expect(paid.status).toBe(200);
    const done = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(done.collected_information?.shipping_details).toMatchObject({
      name: 'Jenny Rosen',
      address: { country: 'DE', line1: '1 Test Street' },
    });
    expect(done.customer_details?.phone).toBe('+15555550123');
  });

  it('pays with the chosen option: shipping_cost, collected_information, customer_details, the intent', async () => {
    const session = await shippingSession({ phone_number_collection: { enabled: true } });
    const paid = await pay(session.id, {
      shipping,
      shippingRate: express.id,
      phone: '+49301234567',
      name: 'J. Rosen',
    });
    expect(paid.body.outcome).toBe('succeeded');
    const after = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect(after).toMatchObject({
      status: 'complete',
      amount_total: 4499,
      shipping_cost: { amount_subtotal: 1500, amount_total: 1500, shipping_rate: express.id },
      total_details: { amount_shipping: 1500 },
      collected_information: {
        shipping_details: { name: 'Jenny Rosen', address: { ...address, line2: null, state: null } },
      },
      customer_details: {
        email: 'jenny@example.com',
        name: 'J. Rosen',
        phone: '+49301234567',
        address: { country: 'DE' },
      },
    });
    const intent = after.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({ amount: 4499, shipping: { name: 'Jenny Rosen', phone: '+49301234567' } });
    const event = await completed(session.id);
    expect(event).toMatchObject({ amount_total: 4499, shipping_cost: { amount_total: 1500 } });
  });

  it('shipping_rate_data creates a rate; currencies must match; the options are expandable', async () => {
    const session = await h.stripe.checkout.sessions.create(
      sessionParams({
        shipping_options: [
          {
            shipping_rate_data: {
              display_name: 'Pickup',
              type: 'fixed_amount',
              fixed_amount: { amount: 0, currency: 'eur' },
            },
          },
        ],
      }),
    );
    const expanded = await h.stripe.checkout.sessions.retrieve(session.id, {
      expand: ['shipping_options.shipping_rate', 'shipping_cost.shipping_rate'],
    });
    expect(expanded.shipping_options[0]?.shipping_rate).toMatchObject({
      object: 'shipping_rate',
      display_name: 'Pickup',
    });
    expect(expanded.shipping_cost?.shipping_rate).toMatchObject({ display_name: 'Pickup' });
    const usd = await h.stripe.shippingRates.create({
      display_name: 'US',
      fixed_amount: { amount: 100, currency: 'usd' },
    });
    const refused = await h.stripe.checkout.sessions
      .create(sessionParams({ shipping_options: [{ shipping_rate: usd.id }] }))
      .catch((e: unknown) => e as Stripe.errors.StripeError);
    expect(refused).toMatchObject({ param: 'shipping_options[0]' });
  });
});

describe('tax', () => {
  it('automatic tax (emulated, DE 19 %): exclusive prices get tax on top, shipping after its own behaviour', async () => {
    const session = await shippingSession({
      automatic_tax: { enabled: true },
      line_items: [
        {
          price_data: {
            currency: 'eur',
            unit_amount: 2500,
            tax_behavior: 'exclusive',
            product_data: { name: 'Mug', tax_code: 'txcd_99999999' },
          },
          quantity: 1,
        },
        {
          price_data: {
            currency: 'eur',
            unit_amount: 1190,
            tax_behavior: 'inclusive',
            product_data: { name: 'Beans' },
          },
          quantity: 1,
        },
      ],
    });
    expect(session.automatic_tax).toMatchObject({
      enabled: true,
      status: 'requires_location_inputs',
      liability: { type: 'self' },
    });
    expect(session.amount_total).toBe(2500 + 1190 + 500);
    await pay(session.id, { shipping });
    const after = await h.stripe.checkout.sessions.retrieve(session.id, {
      expand: ['total_details.breakdown', 'line_items.data.taxes'],
    });
    // Mug 2500 + 475; beans 1190 incl. 190; standard shipping 500 (exclusive) + 95.
    expect(after).toMatchObject({
      automatic_tax: { status: 'complete' },
      amount_subtotal: 3690,
      amount_total: 2975 + 1190 + 595,
      total_details: { amount_tax: 475 + 190 + 95, amount_shipping: 500 },
      shipping_cost: { amount_subtotal: 500, amount_tax: 95, amount_total: 595 },
    });
    const [tax] = after.total_details?.breakdown?.taxes ?? [];
    expect(tax).toMatchObject({
      amount: 760,
      taxability_reason: 'standard_rated',
      rate: { percentage: 19, country: 'DE' },
    });
    expect(tax?.rate.description).toMatch(/emulated/i);
    expect(
      after.line_items?.data.map((item) => [item.amount_tax, item.amount_total, item.taxes?.[0]?.amount]),
    ).toEqual([
      [475, 2975, 475],
      [190, 1190, 190],
    ]);
    const items = await h.stripe.checkout.sessions.listLineItems(session.id, { expand: ['data.taxes'] });
    expect(items.data[0]?.taxes?.[0]?.taxable_amount).toBe(2500);
    const event = await completed(session.id);
    expect(event).toMatchObject({ amount_total: after.amount_total, total_details: { amount_tax: 760 } });
    expect(event.total_details).not.toHaveProperty('breakdown');
  });

  it('automatic tax without shipping needs the billing country; the US is 0 % (documented)', async () => {
    const session = await h.stripe.checkout.sessions.create(
      sessionParams({ automatic_tax: { enabled: true } }),
    );
    const missing = await pay(session.id, { address: { country: '' } });
    expect(missing.body.error).toMatchObject({
      message: 'Enter your country or region to calculate tax.',
      param: 'address[country]',
    });
    await pay(session.id, { address: { country: 'FR', postal_code: '75001' } });
    const fr = await h.stripe.checkout.sessions.retrieve(session.id);
    // 2 × 1250 → 2500 + 500; 499 + 99.8 → 100: unspecified prices count as exclusive.
    expect(fr).toMatchObject({ amount_total: 2999 + 600, total_details: { amount_tax: 600 } });
    const us = await h.stripe.checkout.sessions.create(sessionParams({ automatic_tax: { enabled: true } }));
    await pay(us.id, { address: { country: 'US', postal_code: '94107' } });
    expect(await h.stripe.checkout.sessions.retrieve(us.id)).toMatchObject({
      amount_total: 2999,
      total_details: { amount_tax: 0 },
      automatic_tax: { status: 'complete' },
    });
  });

  it('fixed tax rates apply as given (exclusive on top, inclusive contained); not with automatic tax', async () => {
    const vat = await h.stripe.taxRates.create({ display_name: 'VAT', percentage: 19, inclusive: false });
    const included = await h.stripe.taxRates.create({
      display_name: 'VAT incl.',
      percentage: 20,
      inclusive: true,
    });
    const session = await h.stripe.checkout.sessions.create(
      sessionParams({
        line_items: [
          {
            price_data: { currency: 'eur', unit_amount: 1050, product_data: { name: 'A' } },
            quantity: 1,
            tax_rates: [vat.id],
          },
          {
            price_data: { currency: 'eur', unit_amount: 1200, product_data: { name: 'B' } },
            quantity: 2,
            tax_rates: [included.id],
          },
        ],
      }),
    );
    // A: 1050 × 19 % = 199.5 → 200 (half up); B: 2400 incl. 400.
    expect(session).toMatchObject({
      amount_subtotal: 3450,
      amount_total: 3650,
      total_details: { amount_tax: 600 },
    });
    const refused = await h.stripe.checkout.sessions
      .create(
        sessionParams({
          automatic_tax: { enabled: true },
          line_items: [
            {
              price_data: { currency: 'eur', unit_amount: 1000, product_data: { name: 'A' } },
              quantity: 1,
              tax_rates: [vat.id],
            },
          ],
        }),
      )
      .catch((e: unknown) => e as Stripe.errors.StripeError);
    expect(refused).toMatchObject({ param: 'line_items[0][tax_rates]' });
  });
});

describe('billing address', () => {
  it('billing_address_collection=required asks for a billing address; automatic tax uses its country', async () => {
    const session = await h.stripe.checkout.sessions.create(
      sessionParams({ billing_address_collection: 'required', automatic_tax: { enabled: true } }),
    );
    const missing = await pay(session.id, { address: { country: 'NL' } });
    expect(missing.body.error).toMatchObject({
      message: 'Your address is incomplete.',
      param: 'address[line1]',
    });
    await pay(session.id, {
      name: 'Jenny Rosen',
      address: { line1: 'Damrak 1', city: 'Amsterdam', postal_code: '1012 LG', country: 'NL' },
    });
    const paid = await h.stripe.checkout.sessions.retrieve(session.id);
    // NL 21 %: 2500 → 525, 499 → 104.79 → 105.
    expect(paid).toMatchObject({
      amount_total: 2999 + 630,
      customer_details: { name: 'Jenny Rosen', address: { city: 'Amsterdam', country: 'NL' } },
      collected_information: { shipping_details: null },
    });
  });
});

describe('promotion codes and discounts', () => {
  it('a valid code discounts the items (not shipping) and counts a redemption of the code and its coupon', async () => {
    const promo = await newCode('WELCOME10', { percent_off: 10 });
    const session = await shippingSession({ allow_promotion_codes: true });
    const paid = await pay(session.id, { shipping, promotionCode: 'welcome10' });
    expect(paid.body.outcome).toBe('succeeded');
    const after = await h.stripe.checkout.sessions.retrieve(session.id, {
      expand: ['discounts.promotion_code', 'total_details.breakdown'],
    });
    // 10 % of 2500 = 250, of 499 = 49.9 → 50; shipping 500 untouched.
    expect(after).toMatchObject({ amount_total: 2999 - 300 + 500, total_details: { amount_discount: 300 } });
    expect(after.discounts?.[0]?.promotion_code).toMatchObject({ id: promo.id, code: 'WELCOME10' });
    expect(after.total_details?.breakdown?.discounts[0]).toMatchObject({
      amount: 300,
      discount: { promotion_code: promo.id },
    });
    expect((await h.stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);
    expect((await h.stripe.coupons.retrieve(promo.promotion.coupon as string)).times_redeemed).toBe(1);
  });

  it('each code problem has its message; nothing is charged', async () => {
    const now = Math.floor(Date.now() / 1000);
    await newCode('OFF', { percent_off: 5 }, { active: false });
    await newCode('SOON', { percent_off: 5 }, { expires_at: now + 120 });
    await newCode('ONCE', { percent_off: 5 }, { max_redemptions: 1 });
    await newCode(
      'BIG',
      { percent_off: 5 },
      { restrictions: { minimum_amount: 5000, minimum_amount_currency: 'eur' } },
    );
    await newCode('FIRST', { percent_off: 5 }, { restrictions: { first_time_transaction: true } });
    await newCode('DOLLARS', { amount_off: 500, currency: 'usd' });
    const used = await shippingSession({ allow_promotion_codes: true });
    expect((await pay(used.id, { shipping, promotionCode: 'ONCE' })).body.outcome).toBe('succeeded');
    await h.control.advance(180);

    const session = await shippingSession({ allow_promotion_codes: true });
    const cases: [string, string][] = [
      ['NOPE', 'This code is invalid.'],
      ['OFF', 'This code is invalid.'],
      ['DOLLARS', 'This code is invalid.'],
      ['SOON', 'This code has expired.'],
      ['ONCE', 'This code has already been redeemed the maximum number of times.'],
      ['BIG', 'Your order must be at least €50.00 to use this code.'],
      ['FIRST', 'This code is only valid for first-time customers.'],
    ];
    for (const [code, message] of cases) {
      const response = await pay(session.id, { shipping, promotionCode: code });
      expect(response.status, code).toBe(400);
      expect(response.body.error).toMatchObject({ message, param: 'promotion_code' });
    }
    // A new customer may use FIRST (a session without a fixed customer_email: the customer types one).
    const guest = await shippingSession({ allow_promotion_codes: true, customer_email: undefined });
    expect(
      (await pay(guest.id, { shipping, promotionCode: 'FIRST', email: 'new@example.com' })).body.outcome,
    ).toBe('succeeded');
    const closed = await shippingSession();
    expect((await pay(closed.id, { shipping, promotionCode: 'FIRST' })).body.error?.message).toBe(
      'This checkout does not accept promotion codes.',
    );
  });

  it('discounts at creation: a coupon or a promotion code (not with allow_promotion_codes)', async () => {
    const coupon = await h.stripe.coupons.create({ amount_off: 1000, currency: 'eur' });
    const session = await h.stripe.checkout.sessions.create(
      sessionParams({ discounts: [{ coupon: coupon.id }] }),
    );
    expect(session).toMatchObject({
      amount_total: 1999,
      total_details: { amount_discount: 1000 },
      discounts: [{ coupon: coupon.id, promotion_code: null }],
    });
    await pay(session.id, {});
    expect((await h.stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(1);

    const both = await h.stripe.checkout.sessions
      .create(sessionParams({ discounts: [{ coupon: coupon.id }], allow_promotion_codes: true }))
      .catch((e: unknown) => e as Stripe.errors.StripeError);
    expect(both).toMatchObject({ param: 'allow_promotion_codes' });
    const big = await newCode(
      'BIGGER',
      { percent_off: 5 },
      { restrictions: { minimum_amount: 9000, minimum_amount_currency: 'eur' } },
    );
    const tooSmall = await h.stripe.checkout.sessions
      .create(sessionParams({ discounts: [{ promotion_code: big.id }] }))
      .catch((e: unknown) => e as Stripe.errors.StripeError);
    expect(tooSmall).toMatchObject({
      param: 'discounts[0][promotion_code]',
      message: 'Your order must be at least €90.00 to use this code.',
    });
  });

  it('a discount covering everything completes the session without a payment', async () => {
    const free = await newCode('FREE', { percent_off: 100 });
    const session = await h.stripe.checkout.sessions.create(sessionParams({ allow_promotion_codes: true }));
    const paid = await pay(session.id, { promotionCode: free.code });
    expect(paid.body.session).toMatchObject({
      status: 'complete',
      payment_status: 'no_payment_required',
      amount_total: 0,
      payment_intent: null,
    });
    expect(await h.control.eventTypes(session.id)).toEqual(['checkout.session.completed']);
  });

  it('after a decline the customer may change the choice: the intent is charged the new amount', async () => {
    const session = await shippingSession();
    expect((await pay(session.id, { shipping, card: '4000000000000002' })).body.outcome).toBe('declined');
    await pay(session.id, { shipping, shippingRate: express.id });
    const after = await h.stripe.checkout.sessions.retrieve(session.id, {
      expand: ['payment_intent.latest_charge'],
    });
    const intent = after.payment_intent as Stripe.PaymentIntent;
    expect(intent.amount).toBe(4499);
    expect((intent.latest_charge as Stripe.Charge).amount).toBe(4499);
  });
});
