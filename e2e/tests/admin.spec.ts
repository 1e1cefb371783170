import { expect, test } from '@playwright/test';
import { AdminPanel, adminCredentials, itemsOnly, payOrderThroughApi } from '../support/admin.js';
import { CARDS, CheckoutPages } from '../support/checkout.js';
import { Storefront, catalog, money } from '../support/store.js';

/**
 * The shop owner's view over the running system: log in, find an order a shopper just paid through the
 * storefront and Stripe's hosted page, read its whole story, refund part of it and watch Stripe's answer move it
 * to `partially_refunded`, then log out.
 */
test.describe('admin panel', () => {
  // These specs are about paying: the shop charges the items alone (no shipping, no tax where the shopper is).
  test.beforeEach(async ({ request }) => itemsOnly(request));

  test('a paid order shows in the panel with its story, a partial refund settles, and logging out locks the panel', async ({
    page,
    request,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'desktop', 'the whole flow once; the phone layout has its own test');
    const admin = new AdminPanel(page);

    // Logged out, the panel opens on its login page.
    await page.goto('/admin');
    await admin.expectOnLoginPage();
    await admin.logIn();
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();

    // A shopper buys two products (one of them twice) through the storefront and Stripe's page.
    const products = await catalog(request);
    const first = products[2]!;
    const second = products[7]!;
    const shop = new Storefront(page);
    await shop.openCatalog();
    await shop.addFromCatalog(first);
    await shop.addFromCatalog(second);
    await shop.addFromCatalog(first);
    await shop.openCart();
    const totalMinor = first.unitAmount * 2 + second.unitAmount;
    const total = money(totalMinor, first.currency);
    const checkout = new CheckoutPages(page, request);
    await checkout.checkOut(total);
    const sessionId = checkout.hosted.sessionId();
    await checkout.hosted.payWithCard(CARDS.succeeds);
    await checkout.expectOnSuccessPage();
    await checkout.expectPaidReceipt(total);
    const orderId = await checkout.orderNumber();

    // The order list: newest first, paid, with its Checkout Session.
    await page.goto('/admin');
    await admin.openOrders();
    const row = admin.orderRow(orderId);
    await expect(admin.orderRows().first()).toHaveAttribute('data-order-id', orderId);
    await expect(row.getByText('Paid', { exact: true })).toBeVisible();
    await expect(row).toContainText(sessionId);
    await expect(row).toContainText(total);
    await expect(row).toContainText('shopper@example.com');

    // Searching by the session id finds that order alone, and the URL keeps the search.
    await admin.search(sessionId);
    await expect(admin.orderRows()).toHaveCount(1);
    await expect(admin.orderRows().first()).toHaveAttribute('data-order-id', orderId);
    await page.reload();
    await expect(page.getByLabel('Search orders')).toHaveValue(sessionId);
    await expect(admin.orderRows()).toHaveCount(1);

    // The detail: items, total, payment and the history from creation to the webhook that paid it.
    await admin.openOrder(orderId);
    await admin.expectStatus('Paid');
    await expect(page.getByTestId('order-item').filter({ hasText: first.title })).toContainText(
      money(first.unitAmount * 2, first.currency),
    );
    await expect(page.getByTestId('order-item').filter({ hasText: second.title })).toBeVisible();
    await expect(page.getByTestId('order-total')).toHaveText(total);
    await expect(page.getByTestId('amount-received')).toHaveText(total);
    await expect(page.getByTestId('attempt-row')).toContainText('complete');
    await admin.expectTimelineToInclude([
      'order_created',
      'checkout_session_created',
      'checkout.session.completed',
    ]);
    const completed = admin.timeline().filter({ hasText: 'checkout.session.completed' }).first();
    await expect(completed).toContainText('Pending → Paid');
    await expect(completed).toContainText(/evt_\w+/);
    await completed.getByText('Raw Stripe event').click();
    await expect(completed.getByLabel(/Raw Stripe event/)).toContainText(sessionId);
    await expect(
      page.getByTestId('delivery-row').filter({ hasText: 'checkout.session.completed' }),
    ).toContainText('accepted');

    // A partial refund: Stripe answers with the refund succeeded, which moves the order; its webhooks, when they
    // come, have nothing left to change.
    await admin.refund(first.unitAmount, `Refund ${money(first.unitAmount, first.currency)} of ${total}`);
    await admin.expectStatus('Partially refunded');
    await expect(admin.status()).toHaveAttribute('data-status', 'partially_refunded');
    await expect(page.getByTestId('amount-refunded')).toHaveText(money(first.unitAmount, first.currency));
    await admin.expectTimelineToInclude(['refund_requested', 'charge.refunded']);
    await expect(admin.timeline().filter({ hasText: 'refund_requested' }).first()).toContainText(
      'Paid → Partially refunded',
    );
    await expect(page.getByTestId('refund-confirmed')).toContainText('Stripe confirmed the refund');

    // Logged out, every admin page sends to the login page (and would come back), and the API says 401.
    await admin.logOut();
    await page.goto('/admin/orders?status=paid');
    await admin.expectOnLoginPage('/admin/orders?status=paid');
    await page.goto(`/admin/orders/${orderId}`);
    await admin.expectOnLoginPage(`/admin/orders/${orderId}`);
    expect((await page.request.get('/api/admin/me')).status()).toBe(401);
    expect((await page.request.get(`/api/admin/orders/${orderId}`)).status()).toBe(401);

    // Logging in again from there opens that order.
    await admin.logIn();
    await expect(page).toHaveURL(new RegExp(`/admin/orders/${orderId}$`));
    await admin.expectStatus('Partially refunded');
  });

  test('the Stripe events and watch list pages open from the panel’s navigation', async ({ page }) => {
    const admin = new AdminPanel(page);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

    // Behind the login like every admin page, and back there after logging in.
    await page.goto('/admin/stripe-events');
    await admin.expectOnLoginPage('/admin/stripe-events');
    await admin.logIn();
    await expect(page.getByRole('heading', { level: 1, name: 'Stripe events' })).toBeVisible();
    await expect(admin.nav('Stripe events')).toHaveAttribute('aria-current', 'page');
    await expect(page.getByText(/they never changed an order/)).toBeVisible();
    await expect(
      page
        .getByText('No unmatched Stripe events')
        .or(page.getByRole('table', { name: 'Unmatched Stripe events, newest first' })),
    ).toBeVisible();
    expect(await overflow()).toBeLessThanOrEqual(0);

    await admin.nav('Watch list').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Watch list' })).toBeVisible();
    await expect(page.getByTestId('watch-size')).toHaveText(/^\d+$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Lost sessions' })).toBeVisible();
    // The background passes run every few seconds in this setup.
    await expect(page.getByTestId('reconcile-run')).not.toContainText('Not run yet', { timeout: 20_000 });
    expect(await overflow()).toBeLessThanOrEqual(0);

    // The dashboard sums both up, with links to each page.
    await admin.nav('Dashboard').click();
    await expect(page.getByTestId('needs-refund')).toBeVisible();
    await expect(page.getByTestId('unmatched-count')).toHaveAttribute('href', '/admin/stripe-events');
    await expect(
      page.getByTestId('watch-card').getByRole('link', { name: 'Open the watch list' }),
    ).toBeVisible();
    expect(await overflow()).toBeLessThanOrEqual(0);
  });

  test('at phone width the panel finds an order and opens it with everything readable', async ({
    page,
    request,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'mobile', 'the phone layout; the desktop flow is above');
    const products = await catalog(request);
    const product = products[4]!;
    const order = await payOrderThroughApi(request, [{ product, quantity: 1 }], 'phone.buyer@example.com');
    const admin = new AdminPanel(page);

    await page.goto(`/admin/orders?q=${encodeURIComponent(order.sessionId)}`);
    await admin.expectOnLoginPage(`/admin/orders?q=${encodeURIComponent(order.sessionId)}`);
    await admin.logIn();
    await expect(admin.orderRow(order.orderId)).toContainText('phone.buyer@example.com');
    await expect(admin.orderRow(order.orderId)).toContainText('Paid');

    // Nothing is wider than the screen.
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);

    await admin.openOrder(order.orderId);
    await admin.expectStatus('Paid');
    await expect(page.getByTestId('order-total')).toHaveText(money(order.total, product.currency));
    await admin.expectTimelineToInclude(['order_created', 'checkout.session.completed']);
    expect(await overflow()).toBeLessThanOrEqual(0);

    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Refund this order' });
    await expect(dialog.getByRole('button', { name: 'Confirm refund' })).toBeInViewport();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();

    const { email } = adminCredentials();
    await expect(page.getByRole('banner').getByText(email)).toBeVisible();
  });
});
