import { readFileSync } from 'node:fs';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionParams, startHarness, type Harness } from './support/harness.js';
import { keepPinnedRequired, SDK_TYPES, sdkFields, sdkVersion } from './support/sdk-fields.js';
import { referenceFile, StripeSchemas } from './support/stripe-schemas.js';

/**
 * Every object type the emulator returns, gathered through the SDK (and raw HTTP for lists and errors) after
 * exercising each flow, checked two ways:
 * - types and enums: Ajv against Stripe's published OpenAPI spec (2023-08-16, vendored in reference/schemas.json,
 *   `nullable` honoured; fields the pinned version removed are not required, top-level or nested);
 * - which fields, for the pinned API version: the `stripe` SDK's typings (generated for the version it pins, the
 *   emulator's default): no field that version does not have, every field it always has. A difference the
 *   emulator keeps must be listed in KNOWN_DIFFERENCES with its reason in docs/emulator-fidelity.md (none today).
 */
let h: Harness;
let schemas: StripeSchemas;
const samples = new Map<string, unknown[]>();
const lists = new Map<string, unknown>();

function collect(type: string, value: unknown): void {
  // JSON round trip: the SDK attaches a non-enumerable lastResponse, schemas see the wire object.
  const plain: unknown = JSON.parse(JSON.stringify(value));
  samples.set(type, [...(samples.get(type) ?? []), plain]);
}

async function rawError(path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(`${h.emulator.url}${path}`, init);
  expect(response.status).toBeGreaterThanOrEqual(400);
  return response.json();
}

beforeAll(async () => {
  // The 2023 spec may require a field the pinned version removed: its absence is right, not an error.
  schemas = new StripeSchemas(keepPinnedRequired);
  h = await startHarness();
  const { stripe, control } = h;
  const auth = { Authorization: `Bearer ${h.emulator.secretKey}` };

  // Card success + refunds.
  const paid = await stripe.checkout.sessions.create(sessionParams());
  collect('checkout.session', paid);
  await control.pay(paid.id, { card: '4242424242424242' });
  const paidFull = await stripe.checkout.sessions.retrieve(paid.id, {
    expand: ['payment_intent.latest_charge', 'line_items'],
  });
  collect('checkout.session', paidFull);
  const intent = paidFull.payment_intent as Stripe.PaymentIntent;
  collect('payment_intent', intent);
  collect('charge', intent.latest_charge);
  const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 100 });
  collect('refund', refund);
  collect('refund', await stripe.refunds.retrieve(refund.id, { expand: ['charge', 'payment_intent'] }));
  collect(
    'charge',
    await stripe.charges.retrieve(intent.latest_charge ? (intent.latest_charge as Stripe.Charge).id : ''),
  );
  const items = await stripe.checkout.sessions.listLineItems(paid.id, { expand: ['data.price.product'] });
  for (const item of items.data) {
    collect('item', item);
    collect('price', { ...item.price, product: (item.price?.product as Stripe.Product).id });
    collect('product', item.price?.product);
  }
  collect(
    'payment_method',
    (await stripe.paymentIntents.retrieve(intent.id, { expand: ['payment_method'] })).payment_method,
  );

  // Decline: requires_payment_method with last_payment_error (which embeds the payment method).
  const declined = await stripe.checkout.sessions.create(sessionParams());
  await control.pay(declined.id, { card: '4000000000009995' });
  const declinedFull = await stripe.checkout.sessions.retrieve(declined.id, {
    expand: ['payment_intent.latest_charge'],
  });
  collect('payment_intent', declinedFull.payment_intent);
  collect('charge', (declinedFull.payment_intent as Stripe.PaymentIntent).latest_charge);

  // Delayed method: processing, then failed; expiry: canceled intent.
  const delayed = await stripe.checkout.sessions.create(sessionParams());
  await control.pay(delayed.id, { method: 'sepa_debit', outcome: 'fail_later' });
  collect('checkout.session', await stripe.checkout.sessions.retrieve(delayed.id));
  const processing = await stripe.checkout.sessions.retrieve(delayed.id, {
    expand: ['payment_intent.latest_charge'],
  });
  collect('payment_intent', processing.payment_intent);
  collect('charge', (processing.payment_intent as Stripe.PaymentIntent).latest_charge);
  await control.advance(180);
  const failed = await stripe.checkout.sessions.retrieve(delayed.id, { expand: ['payment_intent'] });
  collect('payment_intent', failed.payment_intent);
  collect(
    'payment_method',
    (failed.payment_intent as Stripe.PaymentIntent).last_payment_error?.payment_method,
  );
  const expiring = await stripe.checkout.sessions.create(sessionParams());
  await control.pay(expiring.id, { card: '4000000000000002' });
  collect('checkout.session', await stripe.checkout.sessions.expire(expiring.id));
  collect(
    'payment_intent',
    await stripe.paymentIntents.retrieve(
      (await stripe.checkout.sessions.retrieve(expiring.id)).payment_intent as string,
    ),
  );
  collect('checkout.session', (await stripe.checkout.sessions.list({ limit: 3 })).data[0]);

  // What the Stripe CLI's triggers create: products, prices, payment methods, sessions paid through
  // payment_pages, payment intents created and confirmed through the API, refund updates.
  const product = await stripe.products.create({
    name: 'myproduct',
    description: '(created by Stripe CLI)',
    default_price_data: { currency: 'usd', unit_amount: 1500 },
  });
  collect('product', product);
  const price = await stripe.prices.create({ product: product.id, unit_amount: 1500, currency: 'eur' });
  collect('price', price);
  collect('price', await stripe.prices.retrieve(product.default_price as string));
  const billing = {
    email: 'stripe@example.com',
    name: 'Jenny Rosen',
    address: { line1: '71 Crown Street', city: 'London', postal_code: 'W10 2WB', country: 'GB' },
  };
  collect(
    'payment_method',
    await stripe.paymentMethods.create({
      type: 'card',
      card: { token: 'tok_visa' },
      billing_details: billing,
    }),
  );
  const sepa = await stripe.paymentMethods.create({
    type: 'sepa_debit',
    sepa_debit: { iban: 'AT611904300234573201' },
    billing_details: billing,
  });
  collect('payment_method', sepa);
  const page = await stripe.checkout.sessions.create({
    mode: 'payment',
    success_url: 'https://example.com/success',
    allowed_payment_method_types: ['sepa_debit'],
    line_items: [{ price: price.id, quantity: 2 }],
    payment_intent_data: {
      shipping: { name: 'Jenny Rosen', address: { line1: '510 Townsend St', city: 'San Francisco' } },
    },
  });
  const confirmed = await fetch(`${h.emulator.url}/v1/payment_pages/${page.id}/confirm`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `payment_method=${sepa.id}&expected_amount=3000`,
  });
  expect(confirmed.status).toBe(200);
  const paidPage = await stripe.checkout.sessions.retrieve(page.id, {
    expand: ['payment_intent.latest_charge'],
  });
  collect('checkout.session', paidPage);
  collect('payment_intent', paidPage.payment_intent);
  collect('charge', (paidPage.payment_intent as Stripe.PaymentIntent).latest_charge);
  const apiIntent = await stripe.paymentIntents.create({
    amount: 2000,
    currency: 'usd',
    confirm: true,
    payment_method: 'pm_card_visa',
    shipping: { name: 'Jenny Rosen', address: { line1: '510 Townsend St', country: 'US' } },
  });
  collect('payment_intent', apiIntent);
  collect('payment_intent', await stripe.paymentIntents.create({ amount: 500, currency: 'eur' }));
  const apiRefund = await stripe.refunds.create({ payment_intent: apiIntent.id });
  collect('refund', await stripe.refunds.update(apiRefund.id, { metadata: { order_id: '6735' } }));

  // After the payment: a refund that fails, disputes (chargeback, inquiry, decided), an early fraud warning.
  const failing = await stripe.paymentIntents.create({
    amount: 2000,
    currency: 'usd',
    confirm: true,
    payment_method: 'pm_card_refundFail',
  });
  const failingRefund = await stripe.refunds.create({ payment_intent: failing.id });
  await control.advance(5);
  collect('refund', await stripe.refunds.retrieve(failingRefund.id));
  for (const pm of [
    'pm_card_createDispute',
    'pm_card_createDisputeInquiry',
    'pm_card_createIssuerFraudRecord',
  ])
    await stripe.paymentIntents.create({ amount: 3000, currency: 'eur', confirm: true, payment_method: pm });
  const disputes = await stripe.disputes.list({ limit: 2 });
  for (const dispute of disputes.data) {
    collect('dispute', dispute);
    collect(
      'dispute',
      await stripe.disputes.update(dispute.id, {
        evidence: { uncategorized_text: 'winning_evidence', customer_name: 'Jenny Rosen' },
        metadata: { order_id: 'ord_1' },
        submit: true,
      }),
    );
    collect('dispute', await stripe.disputes.retrieve(dispute.id, { expand: ['charge', 'payment_intent'] }));
  }
  for (const warning of (await stripe.radar.earlyFraudWarnings.list()).data)
    collect('radar.early_fraud_warning', warning);

  // A shop's checkout: shipping rates, a coupon and its promotion code, tax rates, and a session using them.
  const rate = await stripe.shippingRates.create({
    display_name: 'Standard',
    fixed_amount: { amount: 500, currency: 'eur', currency_options: { usd: { amount: 600 } } },
    delivery_estimate: {
      minimum: { unit: 'business_day', value: 2 },
      maximum: { unit: 'business_day', value: 4 },
    },
    tax_behavior: 'exclusive',
    metadata: { carrier: 'dhl' },
  });
  collect('shipping_rate', rate);
  collect('shipping_rate', await stripe.shippingRates.update(rate.id, { active: false }));
  const coupon = await stripe.coupons.create({ percent_off: 10, name: 'Ten', max_redemptions: 5 });
  collect('coupon', coupon);
  collect(
    'coupon',
    await stripe.coupons.create({
      amount_off: 500,
      currency: 'eur',
      duration: 'repeating',
      duration_in_months: 2,
    }),
  );
  const promo = await stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: coupon.id },
    code: 'SCHEMA10',
    restrictions: { minimum_amount: 1000, minimum_amount_currency: 'eur' },
  });
  collect('promotion_code', promo);
  const fixedRate = await stripe.taxRates.create({
    display_name: 'VAT',
    percentage: 19,
    inclusive: false,
    country: 'DE',
  });
  collect('tax_rate', fixedRate);
  const shop = await stripe.checkout.sessions.create(
    sessionParams({
      shipping_address_collection: { allowed_countries: ['DE', 'FR'] },
      shipping_options: [
        {
          shipping_rate_data: {
            display_name: 'Express',
            type: 'fixed_amount',
            fixed_amount: { amount: 1500, currency: 'eur' },
          },
        },
      ],
      allow_promotion_codes: true,
      automatic_tax: { enabled: true },
      phone_number_collection: { enabled: true },
    }),
  );
  collect('checkout.session', shop);
  await control.pay(shop.id, {
    card: '4242424242424242',
    shipping: {
      name: 'Jenny Rosen',
      address: { line1: 'Hauptstr. 1', city: 'Berlin', postal_code: '10115', country: 'DE' },
    },
    promotionCode: 'SCHEMA10',
    phone: '+49301234567',
  });
  const shopPaid = await stripe.checkout.sessions.retrieve(shop.id, {
    expand: [
      'total_details.breakdown',
      'line_items.data.taxes',
      'line_items.data.discounts',
      'shipping_cost.shipping_rate',
      'shipping_options.shipping_rate',
    ],
  });
  collect('checkout.session', shopPaid);
  for (const tax of shopPaid.total_details?.breakdown?.taxes ?? []) collect('tax_rate', tax.rate);
  for (const d of shopPaid.total_details?.breakdown?.discounts ?? []) collect('discount', d.discount);
  for (const item of shopPaid.line_items?.data ?? [])
    collect('item', { ...item, price: { ...item.price, product: item.price?.product as string } });
  collect('promotion_code', await stripe.promotionCodes.retrieve(promo.id));
  const taxed = await stripe.checkout.sessions.create(
    sessionParams({
      line_items: [
        {
          price_data: { currency: 'eur', unit_amount: 1000, product_data: { name: 'A' } },
          quantity: 1,
          tax_rates: [fixedRate.id],
        },
      ],
      discounts: [{ coupon: coupon.id }],
    }),
  );
  collect(
    'checkout.session',
    await stripe.checkout.sessions.retrieve(taxed.id, { expand: ['total_details.breakdown'] }),
  );

  // Every event, and its data.object against the schema of its type.
  for (const event of (await stripe.events.list({ limit: 100 })).data) {
    collect('event', event);
    const object = event.data.object as { object: string };
    collect(object.object, object);
  }
  collect('event', await stripe.events.retrieve((await stripe.events.list({ limit: 1 })).data[0]?.id ?? ''));

  // Webhook endpoints, lists (as they come over the wire) and deleted objects.
  const endpoint = await stripe.webhookEndpoints.create({
    url: 'http://127.0.0.1:9/schema-hook',
    enabled_events: ['checkout.session.completed'],
    description: 'schema',
  });
  collect('webhook_endpoint', endpoint);
  collect('webhook_endpoint', await stripe.webhookEndpoints.retrieve(endpoint.id));
  for (const path of [
    '/v1/checkout/sessions',
    `/v1/checkout/sessions/${paid.id}/line_items`,
    '/v1/payment_intents',
    '/v1/charges',
    '/v1/refunds',
    '/v1/events',
    '/v1/products',
    '/v1/prices',
    '/v1/coupons',
    '/v1/promotion_codes',
    '/v1/shipping_rates',
    '/v1/tax_rates',
    '/v1/disputes',
    '/v1/radar/early_fraud_warnings',
    '/v1/webhook_endpoints',
  ]) {
    const response = await fetch(`${h.emulator.url}${path}?limit=3`, { headers: auth });
    expect(response.status, path).toBe(200);
    const list = (await response.json()) as { data: { object: string }[] };
    lists.set(path, list);
    for (const item of list.data) collect(item.object, item);
  }
  collect('deleted_webhook_endpoint', await stripe.webhookEndpoints.del(endpoint.id));
  const doomed = await stripe.coupons.create({ percent_off: 5 });
  collect('deleted_coupon', await stripe.coupons.del(doomed.id));
  for (const dispute of samples.get('dispute') ?? [])
    for (const txn of (dispute as Stripe.Dispute).balance_transactions) collect('balance_transaction', txn);

  // Errors, as they come over the wire.
  collect('error', await rawError('/v1/checkout/sessions'));
  collect('error', await rawError('/v1/checkout/sessions/cs_test_missing', { headers: auth }));
  collect('error', await rawError('/v1/nothing', { headers: auth }));
  collect(
    'error',
    await rawError('/v1/checkout/sessions', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'mode=payment',
    }),
  );
  collect(
    'error',
    await rawError('/v1/refunds', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `payment_intent=${intent.id}&amount=999999`,
    }),
  );
  collect('error', (await control.pay(declined.id, { card: '1234567812345678' })).body);
  collect(
    'error',
    await rawError('/v1/payment_intents', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'amount=2000&currency=usd&payment_method=pm_card_chargeDeclined&confirm=true',
    }),
  );
});

afterAll(async () => {
  await h.close();
});

describe('objects validate against Stripe OpenAPI schemas', () => {
  const types = [
    'checkout.session',
    'payment_intent',
    'charge',
    'refund',
    'event',
    'error',
    'item',
    'price',
    'product',
    'payment_method',
    'dispute',
    'shipping_rate',
    'coupon',
    'promotion_code',
    'tax_rate',
    'discount',
    'deleted_coupon',
    'balance_transaction',
  ];

  // The first validation compiles Stripe's (large) schemas: slow on a busy machine, hence the timeout.
  it.each(types)(
    '%s',
    (type) => {
      const values = samples.get(type) ?? [];
      expect(values.length, `no ${type} sample collected`).toBeGreaterThan(0);
      for (const value of values) {
        const errors = schemas.errors(type, value);
        expect(errors.map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`)).toEqual(
          [],
        );
      }
    },
    120_000,
  );

  it('the validator is not vacuous: broken objects fail', () => {
    const [session] = (samples.get('checkout.session') ?? []) as Record<string, unknown>[];
    expect(schemas.errors('checkout.session', { ...session, status: 'bogus' })).not.toEqual([]);
    expect(schemas.errors('checkout.session', { ...session, payment_intent: 42 })).not.toEqual([]);
    // The shop's session was validated with its shipping, discount and tax breakdown expanded.
    const shop = (samples.get('checkout.session') ?? []).find(
      (x) => ((x as Stripe.Checkout.Session).total_details?.breakdown?.taxes.length ?? 0) > 0,
    ) as Stripe.Checkout.Session | undefined;
    expect(shop?.shipping_cost?.shipping_rate).toMatchObject({ object: 'shipping_rate' });
    expect(shop?.total_details?.breakdown?.discounts).toHaveLength(1);
    expect(schemas.errors('checkout.session', { ...shop, shipping_cost: { amount_total: 'x' } })).not.toEqual(
      [],
    );
    const [rate] = (samples.get('shipping_rate') ?? []) as Record<string, unknown>[];
    expect(schemas.errors('shipping_rate', { ...rate, type: 'calculated' })).not.toEqual([]);
    const [dispute] = (samples.get('dispute') ?? []) as Record<string, unknown>[];
    expect(schemas.errors('dispute', { ...dispute, status: 'bogus' })).not.toEqual([]);
    expect(schemas.errors('dispute', { ...dispute, balance_transactions: [{ id: 'txn_1' }] })).not.toEqual(
      [],
    );
    const { amount: _amount, ...noAmount } = ((samples.get('charge') ?? [])[0] ?? {}) as Record<
      string,
      unknown
    >;
    expect(schemas.errors('charge', noAmount)).not.toEqual([]);
    expect(
      schemas.errors('payment_intent', {
        ...((samples.get('payment_intent') ?? [])[0] as object),
        latest_charge: { id: 1 },
      }),
    ).not.toEqual([]);
  });

  it('early fraud warnings have exactly the fields of Stripe’s API reference (not in the vendored spec)', () => {
    const warnings = (samples.get('radar.early_fraud_warning') ?? []) as Record<string, unknown>[];
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) {
      expect(Object.keys(warning).sort()).toEqual(
        [
          'actionable',
          'charge',
          'created',
          'fraud_type',
          'id',
          'livemode',
          'object',
          'payment_intent',
        ].sort(),
      );
      expect(warning).toMatchObject({
        object: 'radar.early_fraud_warning',
        actionable: expect.any(Boolean) as boolean,
        charge: expect.stringMatching(/^ch_/) as string,
        created: expect.any(Number) as number,
        fraud_type: 'made_with_stolen_card',
        livemode: false,
      });
    }
  });

  it('every event type emitted is a known Stripe event type', () => {
    const known = JSON.parse(readFileSync(referenceFile('enabled-events.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const all = new Set(
      Object.values(known).flatMap((list) => (Array.isArray(list) ? (list as string[]) : [])),
    );
    const events = (samples.get('event') ?? []) as Stripe.Event[];
    expect(new Set(events.map((e) => e.type)).size).toBeGreaterThanOrEqual(10);
    for (const event of events) expect(all.has(event.type), event.type).toBe(true);
  });

  it('webhook endpoints have the fields of Stripe fixtures', async () => {
    const fixtures = (
      JSON.parse(readFileSync(referenceFile('fixtures.json'), 'utf8')) as {
        resources: Record<string, Record<string, unknown>>;
      }
    ).resources;
    const endpoint = await h.stripe.webhookEndpoints.create({
      url: 'http://127.0.0.1:9/hook',
      enabled_events: ['*'],
    });
    const keys = (value: object): string[] => Object.keys(JSON.parse(JSON.stringify(value)) as object).sort();
    expect(keys(endpoint)).toEqual([...Object.keys(fixtures.webhook_endpoint ?? {}), 'secret'].sort());
    expect(keys(await h.stripe.webhookEndpoints.retrieve(endpoint.id))).toEqual(
      Object.keys(fixtures.webhook_endpoint ?? {}).sort(),
    );
    expect(keys(await h.stripe.webhookEndpoints.del(endpoint.id))).toEqual(
      Object.keys(fixtures.deleted_webhook_endpoint ?? {}).sort(),
    );
  });
});

/**
 * Differences from the pinned API version the emulator has today, each with its reason in
 * docs/emulator-fidelity.md. None: every object has exactly the pinned version's always-present fields.
 */
const KNOWN_DIFFERENCES: Record<string, { notInPinnedVersion?: string[]; missing?: string[] }> = {};

/** Fields of `values` the pinned version does not have, and fields it always has that some value lacks. */
function fieldDifferences(
  type: string,
  values: unknown[],
): { notInPinnedVersion: string[]; missing: string[] } {
  const { required, optional } = sdkFields(type);
  const known = new Set([...required, ...optional]);
  const extra = new Set<string>();
  const missing = new Set<string>();
  for (const value of values as Record<string, unknown>[]) {
    for (const key of Object.keys(value)) if (!known.has(key)) extra.add(key);
    for (const key of required) if (!(key in value)) missing.add(key);
  }
  return { notInPinnedVersion: [...extra].sort(), missing: [...missing].sort() };
}

describe(`fields of the pinned API version (stripe ${sdkVersion()} typings)`, () => {
  it('covers every object type the emulator returns', () => {
    const returned = [...samples.keys()].filter((type) => type !== 'error');
    expect(returned.filter((type) => !SDK_TYPES.includes(type))).toEqual([]);
    expect(SDK_TYPES.filter((type) => (samples.get(type) ?? []).length === 0)).toEqual([]);
  });

  it.each(SDK_TYPES)('%s: no field the pinned version lacks, every field it always has', (type) => {
    const known = KNOWN_DIFFERENCES[type];
    expect(fieldDifferences(type, samples.get(type) ?? [])).toEqual({
      notInPinnedVersion: [...(known?.notInPinnedVersion ?? [])].sort(),
      missing: [...(known?.missing ?? [])].sort(),
    });
  });

  it('the field check is not vacuous: a removed field, or a missing one, is found', () => {
    const intent = (samples.get('payment_intent') ?? [])[0] as Record<string, unknown>;
    // `charges` left payment intents in 2022-11-15.
    expect(
      fieldDifferences('payment_intent', [{ ...intent, charges: { data: [] } }]).notInPinnedVersion,
    ).toContain('charges');
    const { amount: _amount, ...noAmount } = intent;
    expect(fieldDifferences('payment_intent', [noAmount]).missing).toContain('amount');
    // Moved fields: where older versions had them is flagged, and so is their new place missing.
    const [discount] = (samples.get('discount') ?? []) as Record<string, unknown>[];
    expect(fieldDifferences('discount', [{ ...discount, coupon: {} }]).notInPinnedVersion).toEqual([
      'coupon',
    ]);
    const { source: _source, ...noSource } = discount ?? {};
    expect(fieldDifferences('discount', [noSource]).missing).toEqual(['source']);
    const session = (samples.get('checkout.session') ?? [])[0] as Record<string, unknown>;
    expect(
      fieldDifferences('checkout.session', [{ ...session, shipping_details: null }]).notInPinnedVersion,
    ).toEqual(['shipping_details']);
    // Only removed fields stop being required by the 2023 spec: a discount still needs its `start`.
    const { start: _start, ...noStart } = discount ?? {};
    expect(schemas.errors('discount', noStart)).not.toEqual([]);
    expect(schemas.errors('discount', discount)).toEqual([]);
    expect(sdkFields('checkout.session').required).toContain('collected_information');
    expect(sdkFields('checkout.session').optional).toContain('line_items');
  });

  it('lists have exactly Stripe’s envelope, with the url they were read from', () => {
    expect(lists.size).toBeGreaterThanOrEqual(15);
    for (const [path, list] of lists) {
      expect(Object.keys(list as object).sort(), path).toEqual(['data', 'has_more', 'object', 'url']);
      expect(list, path).toMatchObject({
        object: 'list',
        url: path,
        has_more: expect.any(Boolean) as boolean,
      });
    }
    const events = lists.get('/v1/events') as { data: unknown[]; has_more: boolean };
    expect(events.data).toHaveLength(3);
    expect(events.has_more).toBe(true);
  });

  it('deleted objects are Stripe’s stubs', () => {
    expect(samples.get('deleted_coupon')).toEqual([
      { id: expect.any(String) as string, object: 'coupon', deleted: true },
    ]);
    expect(samples.get('deleted_webhook_endpoint')).toEqual([
      { id: expect.stringMatching(/^we_/) as string, object: 'webhook_endpoint', deleted: true },
    ]);
  });
});
