import type { Browser, BrowserContext, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sessionParams, startHarness, type Harness } from './support/harness.js';
import { launchChromium } from './support/browser.js';

/** Hosted checkout flows in real Chromium: one browser for the file, a fresh context per test. */
let browser: Browser;
let h: Harness;
let context: BrowserContext | undefined;
const requested: string[] = [];

beforeAll(async () => {
  [browser, h] = await Promise.all([launchChromium(), startHarness()]);
});

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  const allowed = [h.emulator.url, h.receiver.url];
  await browser.close();
  await h.close();
  // The page must never reach the network: only the emulator and the (local) store were requested.
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

async function newSession(
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Promise<Stripe.Checkout.Session> {
  return h.stripe.checkout.sessions.create(
    sessionParams({
      success_url: `${h.receiver.url}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${h.receiver.url}/checkout/cancel?order_id=ord_1`,
      ...overrides,
    }),
  );
}

async function fillCard(page: Page, number: string): Promise<void> {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiration (MM / YY)').fill('12 / 34');
  await page.getByLabel('CVC').fill('123');
}

function errorText(page: Page): Promise<string | null> {
  return page.locator('#payment-error').textContent();
}

describe('hosted checkout page', () => {
  it('shows the order and pays with 4242…, redirecting to success_url with the session id', async () => {
    const session = await newSession();
    const page = await newPage();
    await page.goto(session.url ?? '');
    expect(await page.locator('[data-testid="total"]').textContent()).toBe('€29.99');
    expect(await page.locator('.item-name').allTextContents()).toEqual(['Enamel mug', 'Coffee beans']);
    expect(await page.getByLabel('Email').inputValue()).toBe('jenny@example.com');
    await fillCard(page, '4242 4242 4242 4242');
    await page.getByRole('button', { name: /^Pay €29\.99$/ }).click();
    await page.waitForURL(`${h.receiver.url}/checkout/success?session_id=${session.id}`);
    const after = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(after).toMatchObject({ status: 'complete', payment_status: 'paid' });
  });

  it('each decline card shows its message, leaves the session open, and the page can still pay', async () => {
    const session = await newSession();
    const page = await newPage();
    await page.goto(session.url ?? '');
    await page.getByText('Test cards').click();
    const declines: [string, string][] = [
      ['4000000000000002', 'Your card was declined.'],
      ['4000000000009995', 'Your card has insufficient funds.'],
      ['4000000000000069', 'Your card has expired.'],
      ['4000000000000127', "Your card's security code is incorrect."],
      ['4000000000000119', 'An error occurred while processing your card. Try again in a little bit.'],
    ];
    for (const [card, message] of declines) {
      // The test-card helper fills the number (and a valid expiry/CVC).
      await page.locator(`button[data-card="${card}"]`).click();
      expect(await page.getByLabel('Card number').inputValue()).toBe(card.replace(/(\d{4})(?=\d)/g, '$1 '));
      await page.getByRole('button', { name: /^Pay/ }).click();
      await expect.poll(() => errorText(page), { message: card }).toBe(message);
      expect(await page.getByLabel('Card number').getAttribute('aria-invalid')).toBe('true');
    }
    expect(await page.locator('#payment-error').getAttribute('role')).toBe('alert');
    expect(page.url()).toBe(session.url);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    const types = await h.control.eventTypes(session.id);
    expect(types).toEqual([
      'payment_intent.created',
      ...declines.flatMap(() => ['charge.failed', 'payment_intent.payment_failed']),
    ]);
    await page.locator('button[data-card="4242424242424242"]').click();
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.waitForURL(`${h.receiver.url}/checkout/success?session_id=${session.id}`);
  });

  it('lists the after-payment test cards: 0259 pays, then the charge is disputed', async () => {
    const session = await newSession();
    const page = await newPage();
    await page.goto(session.url ?? '');
    await page.getByText('Test cards').click();
    await page.locator('button[data-card="4000000000000259"]').click();
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.waitForURL(`${h.receiver.url}/checkout/success?session_id=${session.id}`);
    const paid = await h.stripe.checkout.sessions.retrieve(session.id);
    const { data } = await h.stripe.disputes.list({ payment_intent: paid.payment_intent as string });
    expect(data[0]).toMatchObject({ reason: 'fraudulent', status: 'needs_response' });
  });

  it('rejects a number failing the Luhn check before charging anything', async () => {
    const session = await newSession();
    const page = await newPage();
    await page.goto(session.url ?? '');
    await fillCard(page, '4242 4242 4242 4241');
    await page.keyboard.press('Enter');
    await expect.poll(() => errorText(page)).toBe('Your card number is invalid.');
    expect(await h.control.eventTypes(session.id)).toEqual([]);
  });

  it.each([
    ['Succeeds later', 'checkout.session.async_payment_succeeded', 'paid'],
    ['Fails later', 'checkout.session.async_payment_failed', 'unpaid'],
  ])('SEPA Direct Debit (delayed): %s', async (outcome, finalEvent, finalStatus) => {
    const session = await newSession();
    const page = await newPage();
    await page.goto(session.url ?? '');
    await page.getByLabel('SEPA Direct Debit (delayed)').check();
    expect(await page.getByLabel('Card number').isVisible()).toBe(false);
    await page.getByLabel(outcome).check();
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.waitForURL(`${h.receiver.url}/checkout/success?session_id=${session.id}`);
    expect(await h.stripe.checkout.sessions.retrieve(session.id)).toMatchObject({
      status: 'complete',
      payment_status: 'unpaid',
    });
    await h.control.advance(180);
    const types = await h.control.eventTypes(session.id);
    expect(types.at(-1)).toBe(finalEvent);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe(finalStatus);
  });

  it('the back link goes to cancel_url and leaves the session open', async () => {
    const session = await newSession();
    const page = await newPage();
    await page.goto(session.url ?? '');
    await page.getByRole('link', { name: /^Back to / }).click();
    await page.waitForURL(`${h.receiver.url}/checkout/cancel?order_id=ord_1`);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });

  it('shows a clear page for an expired session, and for a completed one', async () => {
    const expired = await newSession();
    await h.stripe.checkout.sessions.expire(expired.id);
    const page = await newPage();
    await page.goto(expired.url ?? '');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'This checkout session has expired',
    );
    expect(await page.locator('#payment-form').count()).toBe(0);
    await page.getByRole('link', { name: /^Return to / }).click();
    await page.waitForURL(/\/checkout\/cancel/);

    const complete = await newSession();
    await h.control.pay(complete.id, { card: '4242424242424242' });
    await page.goto(complete.url ?? '');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thanks for your payment');
  });

  it('works as a plain form POST without JavaScript', async () => {
    const session = await newSession();
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(session.url ?? '');
    await fillCard(page, '4000000000009995');
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.waitForLoadState();
    expect(await errorText(page)).toBe('Your card has insufficient funds.');
    await page.getByLabel('Card number').fill('4242424242424242');
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.waitForURL(`${h.receiver.url}/checkout/success?session_id=${session.id}`);
  });

  it('is usable with the keyboard only', async () => {
    const session = await newSession({ customer_email: undefined });
    const page = await newPage();
    await page.goto(session.url ?? '');
    const focused = async (): Promise<string> => (await page.locator(':focus').getAttribute('id')) ?? '';
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Skip to payment form');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('email');
    await page.keyboard.type('keys@example.com');
    await page.keyboard.press('Tab'); // payment method radio group
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('cardnumber');
    await page.keyboard.type('4242424242424242');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1234');
    await page.keyboard.press('Tab');
    await page.keyboard.type('123');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/checkout\/success/);
    const paid = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(paid.customer_details?.email).toBe('keys@example.com');
  });

  it('lays out summary beside the form on desktop and stacked at 360 px', async () => {
    const session = await newSession();
    const desktop = await newPage({ width: 1280 });
    await desktop.goto(session.url ?? '');
    const summary = await desktop.locator('.summary').boundingBox();
    const form = await desktop.locator('.payment').boundingBox();
    expect(summary && form && summary.x + summary.width <= form.x + 1).toBe(true);
    await context?.close();

    const mobile = await newPage({ width: 360 });
    await mobile.goto(session.url ?? '');
    const top = await mobile.locator('.summary').boundingBox();
    const bottom = await mobile.locator('.payment').boundingBox();
    expect(top && bottom && bottom.y >= top.y + top.height - 1).toBe(true);
    // A string expression: this package compiles without the DOM lib.
    expect(await mobile.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
  });
});
