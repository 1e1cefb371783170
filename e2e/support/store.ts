import { ProductList, type Product } from '@checkstand/contract';
import { type APIRequestContext, type Locator, type Page, expect } from '@playwright/test';

export type { Product };

/** The catalog, parsed with the contract's `ProductList`. */
export async function catalog(request: APIRequestContext): Promise<Product[]> {
  const res = await request.get('/api/products');
  expect(res.ok()).toBe(true);
  return ProductList.parse(await res.json());
}

/** Formats minor units the way a shopper sees them (en-US), from an exact decimal string. */
export function money(amountMinor: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const text = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  const decimal = digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  // Intl formats decimal strings exactly; the cast only widens the parameter type of older lib typings.
  return format.format(`${amountMinor < 0 ? '-' : ''}${decimal}` as unknown as number);
}

/** The storefront as a shopper uses it. */
export class Storefront {
  constructor(readonly page: Page) {}

  async openCatalog(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByRole('heading', { level: 1 })).toBeVisible();
  }

  async addFromCatalog(product: Product): Promise<void> {
    await this.page.getByRole('button', { name: `Add to cart: ${product.title}`, exact: true }).click();
  }

  cartLink(): Locator {
    return this.page.getByRole('link', { name: /^Cart, \d+ items?$/ });
  }

  async expectCartCount(count: number): Promise<void> {
    await expect(this.cartLink()).toHaveAccessibleName(`Cart, ${count} ${count === 1 ? 'item' : 'items'}`);
  }

  async openCart(): Promise<void> {
    await this.cartLink().click();
    await expect(this.page).toHaveURL(/\/cart$/);
  }

  quantityInput(product: Product): Locator {
    return this.page.getByLabel(`Quantity for ${product.title}`);
  }

  async setQuantity(product: Product, quantity: number): Promise<void> {
    const input = this.quantityInput(product);
    await input.fill(String(quantity));
    await input.press('Tab');
  }

  async increase(product: Product): Promise<void> {
    await this.page.getByRole('button', { name: `Increase quantity of ${product.title}` }).click();
  }

  async remove(product: Product): Promise<void> {
    await this.page.getByRole('button', { name: `Remove ${product.title}` }).click();
  }

  lineTotal(product: Product): Locator {
    return this.page.getByTestId(`line-total-${product.id}`);
  }

  total(): Locator {
    return this.page.getByTestId('cart-total');
  }
}
