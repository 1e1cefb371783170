import type { Browser, BrowserContext, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sessionParams, startHarness, type Harness } from './support/harness.js';
import { launchChromium } from './support/browser.js';

/**
 * The hosted page of a shop's checkout in real Chromium: shipping address, shipping options, promotion codes,
 * phone, emulated tax; with the script (live totals) and without (form posts). The totals the page shows are
 * the ones the session reports once paid.
 */
let browser: Browser;
let h: Harness;
let context: BrowserContext | undefined;
let standard: Stripe.ShippingRate;
let express: Stripe.ShippingRate;

beforeAll(async () => {
  [browser, h] = await Promise.all([launchChromium(), startHarness()]);
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
    tax_behavior: 'exclusive',
  });
  const coupon = await h.stripe.coupons.create({ percent_off: 10, name: 'Ten percent' });
  await h.stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: coupon.id },
    code: 'WELCOME10',
  });
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await browser.close();
  await h.close();
});

async function newPage(javaScriptEnabled = true): Promise<Page> {
  context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

function shopSession(
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Promise<Stripe.Checkout.Session> {
  return h.stripe.checkout.sessions.create(
    sessionParams({
      success_url: `${h.receiver.url}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${h.receiver.url}/checkout/cancel`,
      shipping_address_collection: { allowed_countries: ['DE', 'FR', 'AT'] },
      shipping_options: [{ shipping_rate: standard.id }, { shipping_rate: express.id }],
      allow_promotion_codes: true,
      automatic_tax: { enabled: true },
      phone_number_collection: { enabled: true },
      ...overrides,
    }),
  );
}

function text(page: Page, testId: string): Promise<string | null> {
  return page.locator(`[data-testid="${testId}"]`).textContent();
}

async function fillAddress(page: Page): Promise<void> {
  await page.getByLabel('Full name').fill('Jenny Rosen');
  await page.getByLabel('Address line 1').fill('12 rue de Rivoli');
  await page.getByLabel('Postal code').fill('75001');
  await page.getByLabel('City', { exact: true }).fill('Paris');
}

async function fillCard(page: Page): Promise<void> {
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByLabel('Expiration (MM / YY)').fill('12 / 34');
  await page.getByLabel('CVC').fill('123');
}

describe('hosted page: shipping, promotion codes, tax', () => {
  it('enters an address, chooses a rate, applies a code and pays: the page’s totals are the session’s', async () => {
    const session = await shopSession();
    const page = await newPage();
    await page.goto(session.url ?? '');
    // Only the allowed countries; the first is preselected, with its (emulated) tax: 2999 + 500 + 19 %.
    const countries = await page
      .locator('#addr_country option')
      .evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
    expect(countries).toEqual(['DE', 'FR', 'AT']);
    expect(await text(page, 'total-due')).toBe('€41.64');
    expect(await page.getByRole('radio', { name: /Standard/ }).isChecked()).toBe(true);

    await fillAddress(page);
    await page.getByLabel('Country or region').selectOption('FR');
    await expect.poll(() => text(page, 'tax')).toBe('€7.00');
    await page.getByRole('radio', { name: /Express/ }).check();
    await expect.poll(() => text(page, 'shipping')).toBe('€15.00');

    await page.getByLabel('Promotion code').fill('NOPE');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('#promo-error').textContent()).toBe('This code is invalid.');
    await page.getByLabel('Promotion code').fill('welcome10');
    await page.getByLabel('Promotion code').press('Enter');
    await expect.poll(() => text(page, 'applied-code')).toBe('WELCOME10');
    // 2999 − 300 = 2699 + 1500 shipping, FR 20 % on both: 540 + 300.
    await expect.poll(() => text(page, 'discount')).toBe('−€3.00');
    expect(await text(page, 'tax')).toBe('€8.40');
    expect(await text(page, 'total-due')).toBe('€50.39');
    expect(await page.locator('[data-testid="total"]').textContent()).toBe('€50.39');
    expect(await page.getByRole('button', { name: /^Pay/ }).textContent()).toContain('Pay €50.39');

    await page.getByRole('button', { name: /^Pay/ }).click();
    await expect
      .poll(() => page.locator('#payment-error').textContent())
      .toBe('Your phone number is incomplete.');
    expect(await page.getByLabel('Phone number').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Phone number').fill('+33 1 23 45 67 89');
    await fillCard(page);
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.waitForURL(`${h.receiver.url}/checkout/success?session_id=${session.id}`);

    const paid = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(paid).toMatchObject({
      status: 'complete',
      amount_subtotal: 2999,
      amount_total: 5039,
      total_details: { amount_discount: 300, amount_shipping: 1500, amount_tax: 840 },
      shipping_cost: { shipping_rate: express.id, amount_total: 1800 },
      automatic_tax: { status: 'complete' },
      collected_information: {
        shipping_details: { name: 'Jenny Rosen', address: { country: 'FR', city: 'Paris' } },
      },
      customer_details: { phone: '+33 1 23 45 67 89' },
    });
    expect(paid.discounts?.[0]?.promotion_code).toMatch(/^promo_/);
    const completed = (await h.control.events(session.id)).find(
      (e) => e.type === 'checkout.session.completed',
    );
    expect((completed?.data.object as Stripe.Checkout.Session).amount_total).toBe(5039);
  });

  it('works without JavaScript: apply and remove a code by form posts, errors on the fields, then pay', async () => {
    const session = await shopSession({ automatic_tax: undefined, phone_number_collection: undefined });
    const page = await newPage(false);
    await page.goto(session.url ?? '');
    expect(await text(page, 'total-due')).toBe('€34.99');
    await page.getByLabel('Promotion code').fill('WELCOME10');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForLoadState();
    expect(await text(page, 'discount')).toBe('−€3.00');
    expect(await text(page, 'total-due')).toBe('€31.99');
    await page.getByRole('button', { name: 'Remove' }).click();
    await page.waitForLoadState();
    expect(await page.locator('[data-testid="discount"]').count()).toBe(0);
    await page.getByLabel('Promotion code').fill('WELCOME10');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForLoadState();

    await fillCard(page);
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.waitForLoadState();
    expect(await page.locator('#payment-error').textContent()).toBe('Your name is incomplete.');
    expect(await page.getByLabel('Full name').getAttribute('aria-invalid')).toBe('true');
    // The code survived the round trips.
    expect(await text(page, 'applied-code')).toBe('WELCOME10');

    await fillAddress(page);
    await page.getByLabel('Country or region').selectOption('AT');
    await page.getByRole('radio', { name: /Express/ }).check();
    await page.getByLabel('Card number').fill('4242424242424242');
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.waitForURL(`${h.receiver.url}/checkout/success?session_id=${session.id}`);
    expect(await h.stripe.checkout.sessions.retrieve(session.id)).toMatchObject({
      amount_total: 2999 - 300 + 1500,
      shipping_cost: { shipping_rate: express.id },
      collected_information: { shipping_details: { address: { country: 'AT' } } },
    });
  });
});
