import { expect, test } from '@playwright/test';
import { itemsOnly, setStock } from '../support/admin.js';
import { Storefront, catalog } from '../support/store.js';

/** Stock: what the shop has left is what a shopper can buy, and the last unit is held for whoever checks out. */
test.describe('stock', () => {
  test.beforeEach(async ({ request }) => itemsOnly(request));

  test('a sold-out product cannot be added, and the last unit goes to one checkout only', async ({
    page,
    request,
  }, testInfo) => {
    test.skip(testInfo.project.name !== 'desktop', 'once is enough: the card layout has its own tests');
    const products = await catalog(request);
    const soldOut = products[2]!;
    const last = products[3]!;
    await setStock(request, soldOut.id, 0);
    await setStock(request, last.id, 1);
    try {
      const shop = new Storefront(page);
      await shop.openCatalog();
      const card = page.getByRole('article').filter({ hasText: soldOut.title });
      await expect(card.getByTestId('stock-note')).toHaveText('Sold out');
      await expect(
        page.getByRole('button', { name: `Add to cart: ${soldOut.title}`, exact: true }),
      ).toBeDisabled();
      await expect(
        page.getByRole('article').filter({ hasText: last.title }).getByTestId('stock-note'),
      ).toHaveText('Only 1 left');

      // Someone else checks out the last unit first: it is held for their checkout.
      const first = await request.post('/api/payments/create-checkout-session', {
        data: { items: [{ id: last.id, quantity: 1 }] },
      });
      expect(first.status(), await first.text()).toBe(201);

      // This shopper's cart still has it; checking out says it is gone and keeps the cart.
      await shop.addFromCatalog(last);
      await shop.openCart();
      await page.getByRole('button', { name: 'Check out' }).click();
      await expect(page.getByRole('alert').filter({ hasText: last.title })).toContainText(/sold out/i);
      await expect(page).toHaveURL(/\/cart$/);
      await shop.expectCartCount(1);
    } finally {
      await setStock(request, soldOut.id, null);
      await setStock(request, last.id, null);
    }
  });
});
