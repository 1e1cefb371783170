import { MAX_QUANTITY } from '@checkstand/contract';
import { expect, test } from '@playwright/test';
import { Storefront, catalog, money } from '../support/store.js';

test.describe('cart', () => {
  test('survives a reload with its lines, quantities and total', async ({ page, request }) => {
    const products = await catalog(request);
    expect(products.length).toBeGreaterThanOrEqual(12);
    const [first, second] = [products[0]!, products[3]!];
    const shop = new Storefront(page);

    await shop.openCatalog();
    await shop.addFromCatalog(first);
    await shop.addFromCatalog(second);
    await shop.addFromCatalog(first); // the same product twice merges into one line
    await shop.expectCartCount(3);

    await shop.openCart();
    await expect(shop.quantityInput(first)).toHaveValue('2');
    await expect(shop.quantityInput(second)).toHaveValue('1');
    await shop.setQuantity(second, 4);
    await shop.increase(first);

    const expected = first.unitAmount * 3 + second.unitAmount * 4;
    await expect(shop.total()).toHaveText(money(expected, first.currency));
    await expect(shop.lineTotal(second)).toHaveText(money(second.unitAmount * 4, second.currency));

    await page.reload();
    await expect(shop.quantityInput(first)).toHaveValue('3');
    await expect(shop.quantityInput(second)).toHaveValue('4');
    await expect(shop.total()).toHaveText(money(expected, first.currency));
    await shop.expectCartCount(7);

    // A new tab of the same browser sees the same cart.
    const other = new Storefront(await page.context().newPage());
    await other.openCatalog();
    await other.expectCartCount(7);
  });

  test(`keeps quantities within 1..${MAX_QUANTITY} and empties when the last line is removed`, async ({
    page,
    request,
  }) => {
    const [product] = await catalog(request);
    const shop = new Storefront(page);
    await page.goto(`/products/${product!.id}`);
    await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
    await shop.openCart();

    await shop.setQuantity(product!, MAX_QUANTITY + 151);
    await expect(shop.quantityInput(product!)).toHaveValue(String(MAX_QUANTITY));
    await expect(shop.total()).toHaveText(money(product!.unitAmount * MAX_QUANTITY, product!.currency));
    await shop.setQuantity(product!, 0);
    await expect(shop.quantityInput(product!)).toHaveValue('1');

    await shop.remove(product!);
    await shop.expectCartCount(0);
    await expect(page.getByRole('link', { name: 'Browse the shop' })).toBeVisible();
  });
});
