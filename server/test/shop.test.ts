import {
  AdminOrderDetail,
  AdminOrdersPage,
  AdminPromotionCode,
  ErrorBody,
  OrderEnvelope,
  PromotionCodeList,
  PublicStoreInfo,
  ShippingRate,
  ShippingRateList,
  StoreSettings,
} from '@checkstand/contract';
import { describe, expect, it } from 'vitest';
import { ADMIN_ENV, AdminClient } from './support/admin.js';
import { ENGINES } from './support/databases.js';
import { PRODUCTS, type Stack, orderReaches, stacksForEachTest } from './support/stack.js';

/**
 * A checkout a shop can fulfil (issue "shipping address and rates, tax, promotion codes, and the full breakdown on
 * the order"): the owner sets the shop up through the admin API, customers pay at the emulator (which prices
 * shipping, discounts and its documented per-country tax), and the order carries what Stripe charged.
 */
const stack = stacksForEachTest({ env: ADMIN_ENV });

const GUIDE = PRODUCTS.find((p) => p.id === 'prod_brewing_guide')!;
const DRIPPER = PRODUCTS.find((p) => p.id === 'prod_pour_over_dripper')!; // $28.00
const KETTLE = PRODUCTS.find((p) => p.id === 'prod_gooseneck_kettle')!; // $64.00
const BERLIN = { line1: 'Unter den Linden 1', city: 'Berlin', postal_code: '10117', country: 'DE' };

async function owner(s: Stack): Promise<AdminClient> {
  const admin = new AdminClient(s.store.baseUrl);
  expect((await admin.login()).status).toBe(200);
  return admin;
}

/** The shop as a fresh one is seeded, shipping to `countries`. */
async function shipsTo(admin: AdminClient, countries: string[], settings: Partial<StoreSettings> = {}) {
  return admin.expect(StoreSettings, 'PUT', '/api/admin/settings', {
    shippingCountries: countries,
    taxMode: 'automatic',
    pricesIncludeTax: false,
    fixedTaxRate: null,
    ...settings,
  });
}

async function rates(admin: AdminClient) {
  return (await admin.expect(ShippingRateList, 'GET', '/api/admin/shipping-rates')).rates;
}

describe.each(ENGINES)('the shop’s checkout, on %s', (engine) => {
  it('charges shipping below the free threshold and none above it; the order carries the breakdown and address', async () => {
    const s = await stack(engine);
    const admin = await owner(s);
    await shipsTo(admin, ['DE', 'US']);
    const [standard, express] = await rates(admin);
    expect(standard).toMatchObject({
      name: 'Standard shipping',
      amounts: { usd: 500 },
      freeAbove: { usd: 10_000 },
    });

    // $28: standard costs $5. The customer picks express to Berlin ($15), German VAT (19 %) on items and shipping.
    const small = await s.api.order([{ id: DRIPPER.id, quantity: 1 }]);
    const offered = await s.stripe.checkout.sessions.retrieve(small.sessionId);
    expect(offered.shipping_address_collection?.allowed_countries).toEqual(['DE', 'US']);
    expect(offered.shipping_options.map((o) => o.shipping_amount)).toEqual([500, 1500]);
    const expressRate = offered.shipping_options[1]!.shipping_rate as string;
    await s.control.pay(small.sessionId, undefined, {
      shipping: { name: 'Erika Mustermann', address: BERLIN },
      shippingRate: expressRate,
      phone: '+49301234567',
    });
    const paid = await orderReaches(s, small.orderId, 'paid');
    const session = await s.stripe.checkout.sessions.retrieve(small.sessionId);
    const expected = {
      currency: 'usd',
      subtotal: DRIPPER.unitAmount,
      discount: 0,
      shipping: 1500,
      tax: session.total_details!.amount_tax,
      total: session.amount_total!,
      taxIncluded: false,
      promotionCode: null,
      shippingMethod: express!.name,
    };
    expect(expected.tax).toBe(Math.round((DRIPPER.unitAmount + 1500) * 0.19));
    expect(paid.amount_received).toBe(session.amount_total);
    const view = OrderEnvelope.parse((await s.api.get(small.orderId, small.orderToken)).body).order;
    expect(view.charges).toEqual(expected);
    expect(view.shipTo).toEqual({
      name: 'Erika Mustermann',
      address: {
        line1: BERLIN.line1,
        line2: null,
        city: 'Berlin',
        state: null,
        postalCode: '10117',
        country: 'DE',
      },
    });
    const detail = await admin.expect(AdminOrderDetail, 'GET', `/api/admin/orders/${small.orderId}`);
    expect(detail.charges).toEqual(expected);
    expect(detail.contact.billing).toMatchObject({
      phone: '+49301234567',
      email: expect.stringContaining('@'),
    });
    expect(detail.fulfilment.readyToShip).toBe(true);

    // $128 (2 × $64): standard is free.
    const big = await s.api.order([{ id: KETTLE.id, quantity: 2 }]);
    const bigSession = await s.stripe.checkout.sessions.retrieve(big.sessionId);
    expect(bigSession.shipping_options.map((o) => o.shipping_amount)).toEqual([0, 1500]);
    await s.control.pay(big.sessionId, undefined, {
      shipping: { name: 'Jo', address: { ...BERLIN, country: 'US', postal_code: '10001', city: 'New York' } },
    });
    await orderReaches(s, big.orderId, 'paid');
    const bigView = OrderEnvelope.parse((await s.api.get(big.orderId, big.orderToken)).body).order;
    expect(bigView.charges).toMatchObject({
      subtotal: 12_800,
      shipping: 0,
      tax: 0,
      total: 12_800,
      shippingMethod: standard!.name,
    });

    // The admin's list and CSV carry the country, the method, the discount and the tax.
    const list = await admin.expect(AdminOrdersPage, 'GET', '/api/admin/orders');
    expect(list.orders.find((o) => o.id === small.orderId)).toMatchObject({
      shippingCountry: 'DE',
      shippingMethod: express!.name,
      discount: 0,
      tax: expected.tax,
    });
    const csv = (await admin.call('GET', '/api/admin/orders.csv')).text.split('\r\n');
    expect(csv[0]).toContain('shipping_country,shipping_method,discount_minor,tax_minor,promotion_code');
    expect(csv.find((line) => line.startsWith(small.orderId))).toContain(
      `DE,${express!.name},0,${expected.tax},`,
    );
  });

  it('a promotion code takes off what it says, once; an exhausted or expired code is refused at Stripe', async () => {
    const s = await stack(engine);
    const admin = await owner(s);
    await shipsTo(admin, ['US']);
    const code = await admin.expect(AdminPromotionCode, 'POST', '/api/admin/promotion-codes', {
      code: 'welcome10',
      discount: { kind: 'percent', basisPoints: 1000 },
      maxRedemptions: 1,
    });
    expect(code).toMatchObject({ code: 'WELCOME10', active: true, timesRedeemed: 0, maxRedemptions: 1 });
    const again = await admin.call('POST', '/api/admin/promotion-codes', {
      code: 'WELCOME10',
      discount: { kind: 'amount', amount: 500, currency: 'usd' },
    });
    expect(again.status).toBe(409);
    expect(ErrorBody.parse(again.body).error.code).toBe('promotion_code_exists');

    const first = await s.api.order([{ id: KETTLE.id, quantity: 1 }]);
    await s.control.pay(first.sessionId, undefined, { promotionCode: 'welcome10' });
    await orderReaches(s, first.orderId, 'paid');
    const view = OrderEnvelope.parse((await s.api.get(first.orderId, first.orderToken)).body).order;
    expect(view.charges).toMatchObject({
      subtotal: 6400,
      discount: 640,
      shipping: 500,
      total: 6400 - 640 + 500,
      promotionCode: 'WELCOME10',
    });

    const second = await s.api.order([{ id: KETTLE.id, quantity: 1 }]);
    await expect(s.control.pay(second.sessionId, undefined, { promotionCode: 'WELCOME10' })).rejects.toThrow(
      /maximum number of times/,
    );
    const listed = await admin.expect(PromotionCodeList, 'GET', '/api/admin/promotion-codes');
    expect(listed.codes.find((c) => c.id === code.id)).toMatchObject({ timesRedeemed: 1 });

    // A code that expires tomorrow, tried the day after.
    const soon = await admin.expect(AdminPromotionCode, 'POST', '/api/admin/promotion-codes', {
      code: 'TODAYONLY',
      discount: { kind: 'amount', amount: 500, currency: 'usd' },
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await s.control.advanceClock(2 * 86_400);
    const late = await s.api.order([{ id: KETTLE.id, quantity: 1 }]);
    await expect(s.control.pay(late.sessionId, undefined, { promotionCode: soon.code })).rejects.toThrow(
      /expired/,
    );
    // Deactivated, it is refused too.
    const off = await admin.expect(
      AdminPromotionCode,
      'POST',
      `/api/admin/promotion-codes/${code.id}/deactivate`,
      {},
    );
    expect(off.active).toBe(false);
  });

  it('prices that include tax: the tax is shown, not added; a fixed rate when Stripe Tax is off', async () => {
    const s = await stack(engine);
    const admin = await owner(s);
    const settings = await shipsTo(admin, ['US'], {
      taxMode: 'fixed',
      pricesIncludeTax: true,
      fixedTaxRate: { displayName: 'VAT', basisPoints: 2000 },
    });
    expect(settings).toMatchObject({
      taxMode: 'fixed',
      pricesIncludeTax: true,
      fixedTaxRate: { basisPoints: 2000 },
    });
    const store = PublicStoreInfo.parse((await s.api.raw('GET', '/api/store')).body);
    expect(store).toEqual({ pricesIncludeTax: true, taxMode: 'fixed', shippingCountries: ['US'] });

    const order = await s.api.order([{ id: DRIPPER.id, quantity: 1 }]);
    await s.control.pay(order.sessionId);
    const paid = await orderReaches(s, order.orderId, 'paid');
    const view = OrderEnvelope.parse((await s.api.get(order.orderId, order.orderToken)).body).order;
    // $28.00 including 20 %: $4.67 of it is tax; shipping ($5) is not taxed by a fixed rate.
    expect(view.charges).toMatchObject({
      subtotal: 2800,
      tax: 467,
      shipping: 500,
      total: 3300,
      taxIncluded: true,
    });
    expect(paid.amount_received).toBe(3300);
  });

  it('a digital cart asks for no address; a country the shop does not ship to is refused', async () => {
    const s = await stack(engine);
    const admin = await owner(s);
    await shipsTo(admin, ['DE']);
    const digital = await s.api.order([{ id: GUIDE.id, quantity: 1 }]);
    const session = await s.stripe.checkout.sessions.retrieve(digital.sessionId);
    expect(session.shipping_address_collection).toBeNull();
    expect(session.shipping_options).toEqual([]);
    await s.control.pay(digital.sessionId, undefined, { address: { country: 'US' } });
    const paid = await orderReaches(s, digital.orderId, 'paid');
    expect((paid as { shipping_country?: string | null }).shipping_country).toBeNull();
    const view = OrderEnvelope.parse((await s.api.get(digital.orderId, digital.orderToken)).body).order;
    expect(view).toMatchObject({
      shipTo: null,
      charges: { shipping: 0, shippingMethod: null, total: GUIDE.unitAmount },
    });

    const physical = await s.api.order([{ id: DRIPPER.id, quantity: 1 }]);
    await expect(
      s.control.pay(physical.sessionId, undefined, {
        shipping: { name: 'Ana', address: { ...BERLIN, country: 'BR' } },
      }),
    ).rejects.toThrow(/Shipping to Brazil is not available/);
    expect((await s.sql.order(physical.orderId)).status).toBe('pending');
  });
});

describe('the owner’s settings, rates and codes', () => {
  it('validates what the owner saves, and a rate change applies to the next checkout only', async () => {
    const s = await stack('pglite');
    const admin = await owner(s);
    for (const bad of [
      { shippingCountries: ['Germany'], taxMode: 'automatic', pricesIncludeTax: false, fixedTaxRate: null },
      { shippingCountries: [], taxMode: 'fixed', pricesIncludeTax: false, fixedTaxRate: null },
      {
        shippingCountries: [],
        taxMode: 'automatic',
        pricesIncludeTax: false,
        fixedTaxRate: { displayName: 'VAT', basisPoints: 10_001 },
      },
    ]) {
      const res = await admin.call('PUT', '/api/admin/settings', bad);
      expect(res.status).toBe(400);
      expect(ErrorBody.parse(res.body).error.code).toBe('invalid_settings');
    }
    await shipsTo(admin, ['US', 'DE', 'US']).then((saved) =>
      expect(saved.shippingCountries).toEqual(['DE', 'US']),
    );
    const badRate = await admin.call('POST', '/api/admin/shipping-rates', {
      name: 'Drone',
      amounts: { usd: -1 },
    });
    expect(ErrorBody.parse(badRate.body).error.code).toBe('invalid_shipping_rate');
    const missing = await admin.call('PUT', '/api/admin/shipping-rates/ship_nope', {
      name: 'X',
      amounts: { usd: 1 },
    });
    expect(missing.status).toBe(404);

    const before = await s.api.order([{ id: DRIPPER.id, quantity: 1 }]);
    const drone = await admin.expect(ShippingRate, 'POST', '/api/admin/shipping-rates', {
      name: 'Drone',
      amounts: { usd: 2500 },
      deliveryEstimate: { minDays: 1, maxDays: 1 },
      position: 5,
    });
    const [standard] = await rates(admin);
    await admin.expect(ShippingRate, 'PUT', `/api/admin/shipping-rates/${standard!.id}`, {
      name: standard!.name,
      amounts: standard!.amounts,
      freeAbove: standard!.freeAbove,
      active: false,
    });
    const after = await s.api.order([{ id: DRIPPER.id, quantity: 1 }]);
    const names = async (sessionId: string) =>
      (
        await s.stripe.checkout.sessions.retrieve(sessionId, { expand: ['shipping_options.shipping_rate'] })
      ).shipping_options.map((o) => (o.shipping_rate as { display_name: string }).display_name);
    expect(await names(before.sessionId)).toEqual(['Standard shipping', 'Express shipping']);
    expect(await names(after.sessionId)).toEqual(['Express shipping', drone.name]);
  });
});
