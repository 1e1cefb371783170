import { expect, test } from '@playwright/test';
import { AdminPanel, payOrderThroughApi } from '../support/admin.js';
import { catalog } from '../support/store.js';

const DISPUTED_CARD = '4000000000000259';

/**
 * After the payment: a cardholder disputes the charge. The owner sees it on the dashboard among the disputes
 * waiting for evidence, opens the order, and cannot mark it shipped without saying why.
 */
test.describe('after the payment', () => {
  test('a disputed order shows on the dashboard and cannot be marked shipped without an override', async ({
    page,
    request,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'desktop', 'once is enough: the phone layout has its own test');
    const [product] = await catalog(request);
    const { orderId } = await payOrderThroughApi(
      request,
      [{ product: product!, quantity: 1 }],
      'disputer@example.com',
      DISPUTED_CARD,
    );
    const admin = new AdminPanel(page);
    await page.goto('/admin');
    await admin.logIn();

    // The dashboard lists the dispute (the bank opened it right after the payment), with a link to its order.
    const dispute = page.getByTestId('dispute-to-answer').filter({ hasText: orderId });
    await expect(async () => {
      await page.reload();
      await expect(dispute).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await expect(dispute).toContainText('fraudulent', { ignoreCase: true });
    await dispute.getByRole('link', { name: orderId }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/orders/${orderId}$`));

    // The order says why it is not ready; shipping it needs a reason.
    const fulfilment = page.getByTestId('fulfilment');
    await expect(fulfilment.getByTestId('readiness')).toContainText(/dispute/i);
    await expect(fulfilment.getByTestId('override-needed')).toBeVisible();
    await fulfilment.getByRole('button', { name: 'Mark fulfilled anyway' }).click();
    await expect(
      fulfilment.getByRole('alert').filter({ hasText: 'Say why you ship it anyway' }),
    ).toBeVisible();
    // The server holds the rule too: without a reason, nothing ships.
    const refused = await page.request.post(`/api/admin/orders/${orderId}/fulfilment`, {
      data: { action: 'fulfil' },
    });
    expect(refused.status()).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('not_ready_to_ship');

    await fulfilment.getByLabel(/Tracking number/).fill('1Z999AA10123456784');
    await fulfilment.getByLabel('Reason to ship anyway').fill('The customer confirmed the order by phone');
    await fulfilment.getByRole('button', { name: 'Mark fulfilled anyway' }).click();
    await admin.expectTimelineToInclude(['order_fulfilled_override']);
    await expect(admin.timeline().filter({ hasText: 'order_fulfilled_override' }).first()).toContainText(
      'The customer confirmed the order by phone',
    );
    await expect(fulfilment).toContainText('1Z999AA10123456784');
  });
});
