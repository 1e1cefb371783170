import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

/** Shipping rates, coupons, promotion codes and tax rates through the SDK: objects, updates, lists, errors. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function stripeError(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeError);
  return error as Stripe.errors.StripeError;
}

async function eventTypes(n: number): Promise<string[]> {
  return (await h.stripe.events.list({ limit: n })).data.map((e) => e.type).reverse();
}

describe('shipping rates', () => {
  it('creates, retrieves, updates (active, metadata) and lists fixed-amount rates', async () => {
    const rate = await h.stripe.shippingRates.create({
      display_name: 'Express',
      type: 'fixed_amount',
      fixed_amount: { amount: 1500, currency: 'eur', currency_options: { usd: { amount: 1700 } } },
      delivery_estimate: {
        minimum: { unit: 'business_day', value: 1 },
        maximum: { unit: 'business_day', value: 2 },
      },
      tax_behavior: 'exclusive',
      tax_code: 'txcd_92010001',
      metadata: { carrier: 'dhl' },
    });
    expect(rate).toMatchObject({
      object: 'shipping_rate',
      active: true,
      display_name: 'Express',
      type: 'fixed_amount',
      fixed_amount: {
        amount: 1500,
        currency: 'eur',
        currency_options: { usd: { amount: 1700, tax_behavior: 'unspecified' } },
      },
      delivery_estimate: {
        minimum: { unit: 'business_day', value: 1 },
        maximum: { unit: 'business_day', value: 2 },
      },
      tax_behavior: 'exclusive',
      tax_code: 'txcd_92010001',
      metadata: { carrier: 'dhl' },
      livemode: false,
    });
    expect(rate.id).toMatch(/^shr_/);
    expect(await h.stripe.shippingRates.retrieve(rate.id)).toEqual(JSON.parse(JSON.stringify(rate)));
    const updated = await h.stripe.shippingRates.update(rate.id, {
      active: false,
      metadata: { carrier: '' },
    });
    expect(updated).toMatchObject({ active: false, metadata: {} });
    const inactive = await h.stripe.shippingRates.list({ active: false });
    expect(inactive.data.map((r) => r.id)).toContain(rate.id);
    expect((await h.stripe.shippingRates.list({ active: true })).data.map((r) => r.id)).not.toContain(
      rate.id,
    );
    expect((await h.stripe.shippingRates.list({ currency: 'usd' })).data.map((r) => r.id)).toContain(rate.id);
  });

  it('refuses bad values the way Stripe does', async () => {
    const missing = await stripeError(
      h.stripe.shippingRates.create({
        fixed_amount: { amount: 1, currency: 'eur' },
      } as Stripe.ShippingRateCreateParams),
    );
    expect(missing).toMatchObject({ code: 'parameter_missing', param: 'display_name' });
    const currency = await stripeError(
      h.stripe.shippingRates.create({ display_name: 'X', fixed_amount: { amount: 1, currency: 'xyz' } }),
    );
    expect(currency).toMatchObject({ param: 'fixed_amount[currency]', message: 'Invalid currency: xyz.' });
    const negative = await stripeError(
      h.stripe.shippingRates.create({ display_name: 'X', fixed_amount: { amount: -1, currency: 'eur' } }),
    );
    expect(negative.param).toBe('fixed_amount[amount]');
    const noAmount = await stripeError(h.stripe.shippingRates.create({ display_name: 'X' }));
    expect(noAmount).toMatchObject({ code: 'parameter_missing', param: 'fixed_amount' });
    expect((await stripeError(h.stripe.shippingRates.retrieve('shr_missing'))).statusCode).toBe(404);
  });
});

describe('coupons', () => {
  it('percent_off or amount_off + currency, once by default; coupon.created / updated / deleted', async () => {
    const percent = await h.stripe.coupons.create({ percent_off: 12.5, name: 'Spring', max_redemptions: 3 });
    expect(percent).toMatchObject({
      object: 'coupon',
      percent_off: 12.5,
      amount_off: null,
      currency: null,
      duration: 'once',
      duration_in_months: null,
      max_redemptions: 3,
      name: 'Spring',
      times_redeemed: 0,
      valid: true,
      livemode: false,
    });
    expect(percent.id).toMatch(/^[A-Z0-9]{8}$/);
    const fixed = await h.stripe.coupons.create({
      id: 'TENOFF',
      amount_off: 1000,
      currency: 'EUR',
      duration: 'repeating',
      duration_in_months: 3,
      redeem_by: Math.floor(Date.now() / 1000) + 86_400,
    });
    expect(fixed).toMatchObject({ id: 'TENOFF', amount_off: 1000, currency: 'eur', duration: 'repeating' });
    const renamed = await h.stripe.coupons.update('TENOFF', { name: 'Ten off', metadata: { campaign: 'x' } });
    expect(renamed).toMatchObject({ name: 'Ten off', metadata: { campaign: 'x' } });
    expect((await h.stripe.coupons.list({ limit: 2 })).data.map((c) => c.id)).toEqual(['TENOFF', percent.id]);
    expect(await h.stripe.coupons.del(percent.id)).toEqual(
      expect.objectContaining({ id: percent.id, object: 'coupon', deleted: true }),
    );
    expect((await stripeError(h.stripe.coupons.retrieve(percent.id))).statusCode).toBe(404);
    expect(await eventTypes(4)).toEqual([
      'coupon.created',
      'coupon.created',
      'coupon.updated',
      'coupon.deleted',
    ]);
  });

  it('refuses bad values the way Stripe does', async () => {
    expect(await stripeError(h.stripe.coupons.create({ duration: 'once' }))).toMatchObject({
      param: 'percent_off',
      code: 'parameter_missing',
    });
    expect(
      await stripeError(h.stripe.coupons.create({ percent_off: 10, amount_off: 100, currency: 'eur' })),
    ).toMatchObject({
      param: 'amount_off',
    });
    expect(await stripeError(h.stripe.coupons.create({ amount_off: 100 }))).toMatchObject({
      param: 'currency',
    });
    expect(await stripeError(h.stripe.coupons.create({ percent_off: 120 }))).toMatchObject({
      param: 'percent_off',
    });
    expect(
      await stripeError(h.stripe.coupons.create({ percent_off: 10, duration: 'repeating' })),
    ).toMatchObject({
      param: 'duration_in_months',
      code: 'parameter_missing',
    });
    expect(await stripeError(h.stripe.coupons.create({ percent_off: 10, redeem_by: 1000 }))).toMatchObject({
      param: 'redeem_by',
    });
    await h.stripe.coupons.create({ id: 'DUP', percent_off: 5 });
    expect(await stripeError(h.stripe.coupons.create({ id: 'DUP', percent_off: 5 }))).toMatchObject({
      code: 'resource_already_exists',
      param: 'id',
    });
  });
});

describe('promotion codes', () => {
  it('created for a coupon (both API shapes), with restrictions; updated; listed by code / active / coupon', async () => {
    const coupon = await h.stripe.coupons.create({ percent_off: 20 });
    const promo = await h.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'Summer20',
      max_redemptions: 10,
      expires_at: Math.floor(Date.now() / 1000) + 3600,
      restrictions: { minimum_amount: 5000, minimum_amount_currency: 'eur', first_time_transaction: true },
      metadata: { campaign: 'summer' },
    });
    expect(promo).toMatchObject({
      object: 'promotion_code',
      code: 'Summer20',
      active: true,
      promotion: { type: 'coupon', coupon: coupon.id },
      max_redemptions: 10,
      times_redeemed: 0,
      customer: null,
      restrictions: { minimum_amount: 5000, minimum_amount_currency: 'eur', first_time_transaction: true },
    });
    expect(promo.id).toMatch(/^promo_/);
    // The older API shape (`coupon=`) and a generated code.
    const raw = await fetch(`${h.emulator.url}/v1/promotion_codes`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${h.emulator.secretKey}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: `coupon=${coupon.id}`,
    });
    const generated = (await raw.json()) as Stripe.PromotionCode;
    expect(generated.code).toMatch(/^[A-Z0-9]{8}$/);

    const duplicate = await stripeError(
      h.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'SUMMER20' }),
    );
    expect(duplicate).toMatchObject({
      param: 'code',
      message: 'An active promotion code with `code: SUMMER20` already exists.',
    });
    const off = await h.stripe.promotionCodes.update(promo.id, { active: false });
    expect(off.active).toBe(false);
    expect((await h.stripe.promotionCodes.list({ code: 'summer20' })).data.map((p) => p.id)).toEqual([
      promo.id,
    ]);
    expect(
      (await h.stripe.promotionCodes.list({ active: true, coupon: coupon.id })).data.map((p) => p.id),
    ).toEqual([generated.id]);
    expect(await eventTypes(3)).toEqual([
      'promotion_code.created',
      'promotion_code.created',
      'promotion_code.updated',
    ]);
    const update = (await h.stripe.events.list({ limit: 1 })).data[0];
    expect(update?.data.previous_attributes).toEqual({ active: true });
  });

  it('refuses bad values the way Stripe does', async () => {
    expect(
      await stripeError(h.stripe.promotionCodes.create({} as Stripe.PromotionCodeCreateParams)),
    ).toMatchObject({
      code: 'parameter_missing',
      param: 'promotion',
    });
    expect(
      await stripeError(h.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'NOPE' } })),
    ).toMatchObject({ statusCode: 404, param: 'promotion[coupon]' });
    const coupon = await h.stripe.coupons.create({ percent_off: 5 });
    expect(
      await stripeError(
        h.stripe.promotionCodes.create({
          promotion: { type: 'coupon', coupon: coupon.id },
          restrictions: { minimum_amount: 100 },
        }),
      ),
    ).toMatchObject({ param: 'restrictions[minimum_amount_currency]' });
    expect(
      await stripeError(
        h.stripe.promotionCodes.create({
          promotion: { type: 'coupon', coupon: coupon.id },
          expires_at: 1000,
        }),
      ),
    ).toMatchObject({ param: 'expires_at' });
  });
});

describe('promotion codes, expanded', () => {
  it('expands the coupon of a code under `promotion.coupon` (the current API), in a list too', async () => {
    const coupon = await h.stripe.coupons.create({ duration: 'once', amount_off: 300, currency: 'usd' });
    const code = await h.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'EXPAND3',
    });
    const read = await h.stripe.promotionCodes.retrieve(code.id, { expand: ['promotion.coupon'] });
    expect(read.promotion.coupon).toMatchObject({ id: coupon.id, amount_off: 300, object: 'coupon' });
    const listed = await h.stripe.promotionCodes.list({ code: 'EXPAND3', expand: ['data.promotion.coupon'] });
    expect(listed.data[0]!.promotion.coupon).toMatchObject({ id: coupon.id });
  });
});

describe('tax rates', () => {
  it('creates (display_name, percentage, inclusive, country, active), updates and lists', async () => {
    const rate = await h.stripe.taxRates.create({
      display_name: 'VAT',
      percentage: 19,
      inclusive: false,
      country: 'de',
      jurisdiction: 'DE',
      description: 'German VAT',
      tax_type: 'vat',
    });
    expect(rate).toMatchObject({
      object: 'tax_rate',
      display_name: 'VAT',
      percentage: 19,
      effective_percentage: 19,
      inclusive: false,
      country: 'DE',
      active: true,
      tax_type: 'vat',
    });
    expect(rate.id).toMatch(/^txr_/);
    const inclusive = await h.stripe.taxRates.create({
      display_name: 'MwSt',
      percentage: 7.7,
      inclusive: true,
    });
    expect(inclusive.percentage).toBe(7.7);
    const archived = await h.stripe.taxRates.update(rate.id, { active: false });
    expect(archived.active).toBe(false);
    expect((await h.stripe.taxRates.list({ inclusive: true })).data.map((r) => r.id)).toEqual([inclusive.id]);
    expect((await h.stripe.taxRates.list({ active: false })).data.map((r) => r.id)).toEqual([rate.id]);
    expect(await eventTypes(3)).toEqual(['tax_rate.created', 'tax_rate.created', 'tax_rate.updated']);
  });

  it('refuses bad values the way Stripe does', async () => {
    expect(
      await stripeError(
        h.stripe.taxRates.create({ display_name: 'VAT', inclusive: false } as Stripe.TaxRateCreateParams),
      ),
    ).toMatchObject({ code: 'parameter_missing', param: 'percentage' });
    expect(
      await stripeError(h.stripe.taxRates.create({ display_name: 'VAT', inclusive: false, percentage: 101 })),
    ).toMatchObject({ param: 'percentage' });
    expect(
      await stripeError(
        h.stripe.taxRates.create({ percentage: 5, inclusive: false } as Stripe.TaxRateCreateParams),
      ),
    ).toMatchObject({ param: 'display_name' });
  });
});
