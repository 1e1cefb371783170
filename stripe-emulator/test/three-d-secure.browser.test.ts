import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sessionParams, startHarness, type Harness } from './support/harness.js';
import { launchChromium } from './support/browser.js';

/**
 * The 3-D Secure step and the shop's look (business name, product images) in real Chromium, with and without
 * JavaScript, from the keyboard and on a phone-sized screen.
 */
let browser: Browser;
let h: Harness;
let context: BrowserContext | undefined;
const requested: string[] = [];

const MUG_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" fill="#c8553d"/><circle cx="32" cy="32" r="16" fill="#fff"/></svg>';

/** The store's static files: a product image, as a store serves it (no CORS, no CORP restriction). */
const images = http.createServer((req, res) => {
  if (req.url === '/products/mug.svg') {
    res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-store' });
    res.end(MUG_SVG);
    return;
  }
  res.writeHead(404).end();
});
let imagesUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
  imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  [browser, h] = await Promise.all([launchChromium(), startHarness({ businessName: 'Checkstand' })]);
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  const allowed = [h.emulator.url, h.receiver.url, imagesUrl];
  await browser.close();
  await h.close();
  images.closeAllConnections();
  await new Promise<void>((resolve) => images.close(() => resolve()));
  // Only the emulator, the store and its images were requested: nothing from the network.
  expect(requested.filter((url) => !allowed.some((prefix) => url.startsWith(prefix)))).toEqual([]);
});

async function newPage(options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Page> {
  context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
  });
  context.on('request', (request) => requested.push(request.url()));
  return context.newPage();
}

async function newSession(): Promise<Stripe.Checkout.Session> {
  const params = sessionParams({
    success_url: `${h.receiver.url}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${h.receiver.url}/checkout/cancel?order_id=ord_1`,
  });
  const [mug, beans] = params.line_items ?? [];
  const mugProduct = mug?.price_data?.product_data;
  if (mugProduct) mugProduct.images = [`${imagesUrl}/products/mug.svg`];
  return h.stripe.checkout.sessions.create({ ...params, line_items: [mug!, beans!] });
}

async function fillCard(page: Page, number: string): Promise<void> {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiration (MM / YY)').fill('12 / 34');
  await page.getByLabel('CVC').fill('123');
}

const successUrl = (sessionId: string): string =>
  `${h.receiver.url}/checkout/success?session_id=${sessionId}`;

describe('the hosted page looks like the shop', () => {
  it('names the business instead of the host, and shows the product images', async () => {
    const session = await newSession();
    const page = await newPage();
    await page.goto(session.url ?? '');
    expect(await page.locator('#back-link').textContent()).toBe('Back to Checkstand');
    expect(await page.locator('.pay-label').textContent()).toBe('Pay Checkstand');
    expect(await page.title()).toBe('Pay Checkstand · €29.99');
    expect(await page.content()).not.toContain('Back to 127.0.0.1');
    expect(await page.locator('.thumb img').count()).toBe(1);
    // Loaded and decoded: a broken image has a natural width of 0.
    await expect
      .poll(() => page.evaluate<number>("document.querySelector('.thumb img').naturalWidth"))
      .toBeGreaterThan(0);
  });
});

describe('3-D Secure on the hosted page', () => {
  it('with JavaScript: the authentication step, then "Complete" pays and lands on success_url', async () => {
    const session = await newSession();
    const page = await newPage();
    await page.goto(session.url ?? '');
    await page.getByText('Test cards').click();
    await page.locator('button[data-card="4000002760003184"]').click();
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.waitForURL(/\/c\/authenticate\/pi_/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Authenticate your payment');
    expect(await page.getByTestId('auth-amount').textContent()).toBe('€29.99');
    expect(await page.locator('main').textContent()).toContain('Checkstand asks your bank');
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    await page.waitForURL(successUrl(session.id));
    expect(await h.stripe.checkout.sessions.retrieve(session.id)).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
    });
    expect(await h.control.eventTypes(session.id)).toEqual([
      'payment_intent.created',
      'payment_intent.requires_action',
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.completed',
    ]);
  });

  it('with JavaScript: "Fail" returns to the form with the reason; another card then pays', async () => {
    const session = await newSession();
    const page = await newPage();
    await page.goto(session.url ?? '');
    await fillCard(page, '4000 0000 0000 3220');
    await page.getByLabel('Cardholder name').fill('Jenny Rosen');
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.waitForURL(/\/c\/authenticate\/pi_/);
    await page.getByRole('button', { name: 'Fail authentication' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#payment-error').textContent()).toBe(
      'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
    );
    expect(await page.getByLabel('Card number').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Cardholder name').inputValue()).toBe('Jenny Rosen');
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');

    await fillCard(page, '4242 4242 4242 4242');
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.waitForURL(successUrl(session.id));
    expect(await h.control.eventTypes(session.id)).toEqual([
      'payment_intent.created',
      'payment_intent.requires_action',
      'payment_intent.payment_failed',
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.completed',
    ]);
  });

  it('authenticate, then decline (4000 0082 6000 3178): the form shows the decline', async () => {
    const session = await newSession();
    const page = await newPage();
    await page.goto(session.url ?? '');
    await fillCard(page, '4000 0082 6000 3178');
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.waitForURL(/\/c\/authenticate\/pi_/);
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    await page.waitForLoadState();
    expect(await page.locator('#payment-error').textContent()).toBe('Your card has insufficient funds.');
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });

  it('without JavaScript, from the keyboard only', async () => {
    const session = await newSession();
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(session.url ?? '');
    await fillCard(page, '4000 0025 0000 3155');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/c\/authenticate\/pi_/);
    // Tab to "Complete authentication" and press Enter, as a keyboard user would.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate<string | undefined>('document.activeElement?.id')) === 'auth-complete') break;
    }
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('auth-complete');
    await page.keyboard.press('Enter');
    await page.waitForURL(successUrl(session.id));
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe('paid');
  });

  it('fits a phone screen', async () => {
    const session = await newSession();
    const page = await newPage({ width: 375 });
    await page.goto(session.url ?? '');
    await fillCard(page, '4000 0000 0000 3063');
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.waitForURL(/\/c\/authenticate\/pi_/);
    for (const id of ['#auth-complete', '#auth-fail']) {
      const box = await page.locator(id).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    }
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await page.getByRole('link', { name: 'Back to the payment form' }).click();
    await page.waitForURL(session.url ?? '');
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });
});
