import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { itemsOnly } from '../support/admin.js';
import { CARDS, CheckoutPages, Emulator } from '../support/checkout.js';
import { Storefront, catalog, money, type Product } from '../support/store.js';

/**
 * The whole payment path over the running system: storefront → the store's API → the Stripe emulator's hosted
 * page → webhooks (or the success page's session sync) → back to the storefront.
 */

/** Fills a fresh cart with two products (one of them twice) and opens it; returns what it should cost. */
async function fillCart(page: Page, request: APIRequestContext, offset: number) {
  const products = await catalog(request);
  const first = products[offset % products.length]!;
  const second = products[(offset + 5) % products.length]!;
  const shop = new Storefront(page);
  await shop.openCatalog();
  await shop.addFromCatalog(first);
  await shop.addFromCatalog(second);
  await shop.addFromCatalog(first);
  await shop.expectCartCount(3);
  await shop.openCart();
  const total = money(first.unitAmount * 2 + second.unitAmount, first.currency);
  await expect(shop.total()).toHaveText(total);
  return { shop, first, second, total };
}

/**
 * The payment-state flows below run on the desktop project only: they exercise the order lifecycle, which the
 * screen size does not change, and both projects together would take the suite past ~3 minutes. The happy path
 * runs on both, so the mobile layout of the cart, receipt and order pages stays covered.
 */
function desktopOnly(testInfo: TestInfo): void {
  test.skip(testInfo.project.name !== 'desktop', 'lifecycle flow: covered by the desktop project');
}

async function expectCartIntact(shop: Storefront, first: Product, second: Product, total: string) {
  await shop.expectCartCount(3);
  await expect(shop.quantityInput(first)).toHaveValue('2');
  await expect(shop.quantityInput(second)).toHaveValue('1');
  await expect(shop.total()).toHaveText(total);
}

test.describe('checkout', () => {
  // These specs are about paying: the shop charges the items alone (no shipping, no tax where the shopper is).
  test.beforeEach(async ({ request }) => itemsOnly(request));

  test.afterEach(async ({ request }) => {
    // A failed test must not leave webhooks paused for the next one.
    await new Emulator(request).resetChaos();
  });

  test('a card payment ends on a paid receipt, an empty cart and a paid order page', async ({
    page,
    request,
  }) => {
    const { shop, total } = await fillCart(page, request, 0);
    const checkout = new CheckoutPages(page, request);

    await checkout.checkOut(total);
    await checkout.hosted.payWithCard(CARDS.succeeds);

    await checkout.expectOnSuccessPage();
    await checkout.expectPaidReceipt(total);
    await shop.expectCartCount(0);
    const orderId = await checkout.orderNumber();

    await checkout.openOrder(orderId);
    await checkout.expectStatus('Paid');
    await expect(checkout.attempts()).toHaveText('1');
    expect(await checkout.orderFromApi(orderId)).toMatchObject({ status: 'paid', sessionCount: 1 });

    await shop.openCart();
    await expect(page.getByText('Your cart is empty')).toBeVisible();
  });

  test('a declined card keeps the cart, and paying again settles the same order with a second attempt', async ({
    page,
    request,
  }, testInfo) => {
    desktopOnly(testInfo);
    const { shop, first, second, total } = await fillCart(page, request, 1);
    const checkout = new CheckoutPages(page, request);

    await checkout.checkOut(total);
    await checkout.hosted.payWithCard(CARDS.declined);
    await checkout.hosted.expectDeclined();

    await checkout.hosted.backToStore();
    await checkout.expectOnCancelPage();
    await checkout.expectReason('Your card was declined.');
    await checkout.expectStatus('Payment failed');
    const orderId = await checkout.orderNumber();
    await shop.expectCartCount(3);

    await checkout.backToCart();
    await expectCartIntact(shop, first, second, total);
    await page.goBack();
    await checkout.expectOnCancelPage();

    await checkout.tryPaymentAgain(total);
    await checkout.hosted.payWithCard(CARDS.succeeds);
    await checkout.expectOnSuccessPage();
    await checkout.expectPaidReceipt(total);
    expect(await checkout.orderNumber()).toBe(orderId);
    await shop.expectCartCount(0);

    await checkout.openOrder(orderId);
    await checkout.expectStatus('Paid');
    await expect(checkout.attempts()).toHaveText('2');
    expect(await checkout.orderFromApi(orderId)).toMatchObject({ status: 'paid', sessionCount: 2 });
  });

  test('3-D Secure: a failed challenge leaves the payment page open, a completed one pays the order', async ({
    page,
    request,
  }, testInfo) => {
    desktopOnly(testInfo);
    const { shop, total } = await fillCart(page, request, 1);
    const checkout = new CheckoutPages(page, request);

    await checkout.checkOut(total);
    await checkout.hosted.payWithCard(CARDS.threeDSecure);
    await checkout.hosted.authenticate('Fail');
    // Stripe's message, on the same session's form: the customer can try again right there.
    await expect(page.getByRole('alert')).toContainText('unable to authenticate your payment method');

    await checkout.hosted.payWithCard(CARDS.threeDSecure);
    await checkout.hosted.authenticate('Complete');
    await checkout.expectOnSuccessPage();
    await checkout.expectPaidReceipt(total);
    const orderId = await checkout.orderNumber();
    expect(await checkout.orderFromApi(orderId)).toMatchObject({ status: 'paid', sessionCount: 1 });
    await shop.expectCartCount(0);
  });

  test('a delayed payment shows as processing, then paid once the bank confirms', async ({
    page,
    request,
  }, testInfo) => {
    desktopOnly(testInfo);
    const { shop, total } = await fillCart(page, request, 2);
    const checkout = new CheckoutPages(page, request);
    const emulator = new Emulator(request);

    await checkout.checkOut(total);
    await checkout.hosted.payWithDelayedDebit('Succeeds later');
    await checkout.expectOnSuccessPage();
    await checkout.expectStatus('Processing');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your payment is processing');
    // Not paid yet: the cart waits.
    await shop.expectCartCount(3);
    const orderId = await checkout.orderNumber();
    expect(await checkout.orderFromApi(orderId)).toMatchObject({ status: 'processing', payment: null });

    // The emulator settles delayed payments 180 s (of its time) after they were submitted.
    await emulator.advanceClock(181);
    await checkout.expectPaidReceipt(total);
    await shop.expectCartCount(0);
    expect(await checkout.orderFromApi(orderId)).toMatchObject({ status: 'paid' });
  });

  test('an expired checkout session is shown as expired and can be paid again', async ({
    page,
    request,
  }, testInfo) => {
    desktopOnly(testInfo);
    const { shop, first, second, total } = await fillCart(page, request, 3);
    const checkout = new CheckoutPages(page, request);
    const emulator = new Emulator(request);

    await checkout.checkOut(total);
    // Sessions expire 60 minutes after creation.
    await emulator.advanceClock(61 * 60);
    await page.reload();
    await checkout.hosted.expectExpired();

    await checkout.hosted.returnToStoreFromExpired();
    await checkout.expectOnCancelPage();
    await checkout.expectStatus('Expired');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your checkout session expired');
    const orderId = await checkout.orderNumber();
    await shop.expectCartCount(3);

    await checkout.tryPaymentAgain(total);
    await checkout.hosted.payWithCard(CARDS.succeeds);
    await checkout.expectOnSuccessPage();
    await checkout.expectPaidReceipt(total);
    expect(await checkout.orderNumber()).toBe(orderId);
    expect(await checkout.orderFromApi(orderId)).toMatchObject({ status: 'paid', sessionCount: 2 });

    await shop.openCart();
    await expect(page.getByText('Your cart is empty')).toBeVisible();
    await expect(shop.quantityInput(first)).toHaveCount(0);
    await expect(shop.quantityInput(second)).toHaveCount(0);
  });

  test('with webhooks held back, the success page still reaches paid through the session sync', async ({
    page,
    request,
  }, testInfo) => {
    desktopOnly(testInfo);
    const { shop, total } = await fillCart(page, request, 4);
    const checkout = new CheckoutPages(page, request);
    const emulator = new Emulator(request);

    await checkout.checkOut(total);
    const sessionId = checkout.hosted.sessionId();
    await emulator.pauseWebhooks();
    await checkout.hosted.payWithCard(CARDS.succeeds);

    await checkout.expectOnSuccessPage();
    await checkout.expectPaidReceipt(total);
    await shop.expectCartCount(0);
    // Paid without a single webhook reaching the store: the news came from reading the session back.
    expect(await emulator.acknowledgedDeliveries(sessionId)).toEqual([]);

    // The held webhooks arrive late and change nothing.
    await emulator.resumeWebhooks();
    await expect
      .poll(async () => (await emulator.acknowledgedDeliveries(sessionId)).length, { timeout: 15_000 })
      .toBeGreaterThan(0);
    const orderId = await checkout.orderNumber();
    expect(await checkout.orderFromApi(orderId)).toMatchObject({ status: 'paid', sessionCount: 1 });
  });
});
