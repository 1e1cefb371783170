import {
  CheckoutCreated,
  type CreateCheckoutRequest,
  type Product,
  type PromotionCodeInput,
} from '@checkstand/contract';
import { type APIRequestContext, type Locator, type Page, expect } from '@playwright/test';

/** The account e2e/support/serve.mjs bootstraps (see e2e/playwright.config.ts). */
export function adminCredentials(): { email: string; password: string } {
  const email = process.env.E2E_ADMIN_EMAIL;
  const password = process.env.E2E_ADMIN_PASSWORD;
  if (!email || !password)
    throw new Error('E2E_ADMIN_EMAIL / E2E_ADMIN_PASSWORD are not set (playwright.config.ts)');
  return { email, password };
}

/**
 * Sets the shop up through the admin API (as the owner would in the panel). `itemsOnly`: no shipping, and
 * Stripe Tax, which charges nothing where the test customer is (the emulator's US rate is 0 %): what a shopper
 * pays is the cart's total, as the specs that are about paying expect.
 */
export async function setUpShop(
  request: APIRequestContext,
  settings: { shippingCountries: string[]; taxMode?: 'automatic' | 'fixed'; pricesIncludeTax?: boolean },
): Promise<void> {
  const login = await request.post('/api/admin/login', { data: adminCredentials() });
  expect(login.status(), await login.text()).toBe(200);
  const saved = await request.put('/api/admin/settings', {
    data: { taxMode: 'automatic', pricesIncludeTax: false, fixedTaxRate: null, ...settings },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  await request.post('/api/admin/logout', { data: {} });
}

export const itemsOnly = (request: APIRequestContext) => setUpShop(request, { shippingCountries: [] });

/** Sets a product's stock through the admin API (null: unlimited), as the owner would on the products page. */
export async function setStock(
  request: APIRequestContext,
  productId: string,
  stock: number | null,
): Promise<void> {
  const login = await request.post('/api/admin/login', { data: adminCredentials() });
  expect(login.status(), await login.text()).toBe(200);
  const saved = await request.patch(`/api/admin/products/${productId}`, { data: { stock } });
  expect(saved.status(), await saved.text()).toBe(200);
  await request.post('/api/admin/logout', { data: {} });
}

/** Creates a promotion code at Stripe through the admin API, as the owner would on the promotion codes page. */
export async function createPromotionCode(
  request: APIRequestContext,
  input: PromotionCodeInput,
): Promise<void> {
  const login = await request.post('/api/admin/login', { data: adminCredentials() });
  expect(login.status(), await login.text()).toBe(200);
  const created = await request.post('/api/admin/promotion-codes', { data: input });
  expect(created.status(), await created.text()).toBe(201);
  await request.post('/api/admin/logout', { data: {} });
}

function emulatorUrl(): string {
  const url = process.env.E2E_EMULATOR_URL;
  if (!url) throw new Error('E2E_EMULATOR_URL is not set (see e2e/playwright.config.ts)');
  return url;
}

/** Statuses as the admin panel labels them (front/src/admin/admin-format.ts). */
export type AdminStatusLabel =
  | 'Pending'
  | 'Processing'
  | 'Paid'
  | 'Payment mismatch'
  | 'Failed'
  | 'Cancelled'
  | 'Expired'
  | 'Partially refunded'
  | 'Refunded';

/** Statuses change when a webhook arrives: give them a few of the detail page's polls. */
const SETTLE_TIMEOUT = 20_000;

/** Minor units as the refund field takes them: 1250 → "12.50" (two-decimal currencies, as the shop's USD). */
export function amountInput(amountMinor: number): string {
  const text = String(amountMinor).padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

export interface PaidOrder {
  orderId: string;
  sessionId: string;
  total: number;
}

/**
 * An order paid without the storefront's pages: created through the store's API, paid through the emulator's
 * control API (the same effect as the hosted page), then confirmed paid by the webhook.
 */
export async function payOrderThroughApi(
  request: APIRequestContext,
  lines: { product: Product; quantity: number }[],
  email: string,
  card = '4242424242424242',
): Promise<PaidOrder> {
  const body: CreateCheckoutRequest = {
    items: lines.map(({ product, quantity }) => ({ id: product.id, quantity })),
    email,
  };
  const created = await request.post('/api/payments/create-checkout-session', { data: body });
  expect(created.status(), await created.text()).toBe(201);
  const { orderId, sessionId } = CheckoutCreated.parse(await created.json());
  const paid = await request.post(`${emulatorUrl()}/_emulator/checkout/sessions/${sessionId}/pay`, {
    data: { card },
  });
  expect(paid.ok(), await paid.text()).toBe(true);
  expect(((await paid.json()) as { outcome: string }).outcome).toBe('succeeded');
  return { orderId, sessionId, total: lines.reduce((sum, l) => sum + l.product.unitAmount * l.quantity, 0) };
}

/** The admin panel as the shop owner uses it. */
export class AdminPanel {
  constructor(readonly page: Page) {}

  async expectOnLoginPage(next?: string): Promise<void> {
    await expect(
      this.page.getByRole('heading', { level: 1, name: 'Log in to the admin panel' }),
    ).toBeVisible();
    const url = new URL(this.page.url());
    expect(url.pathname).toBe('/admin/login');
    expect(url.searchParams.get('next')).toBe(next ?? null);
  }

  /** Logs in from the login page; the panel then opens the page it was sent from. */
  async logIn(): Promise<void> {
    const { email, password } = adminCredentials();
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Log in' }).click();
    await expect(this.page.getByRole('button', { name: 'Log out' })).toBeVisible();
    await expect(this.page.getByRole('banner').getByText(email)).toBeVisible();
  }

  async logOut(): Promise<void> {
    await this.page.getByRole('button', { name: 'Log out' }).click();
    await expect(this.page.getByText('You are logged out.')).toBeVisible();
    await this.expectOnLoginPage();
  }

  nav(name: 'Dashboard' | 'Orders' | 'Stripe events' | 'Watch list'): Locator {
    return this.page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name, exact: true });
  }

  async openOrders(): Promise<void> {
    await this.nav('Orders').click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
  }

  async search(text: string): Promise<void> {
    const box = this.page.getByLabel('Search orders');
    await box.fill(text);
    await box.press('Enter');
    await expect(this.page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(text)}`));
  }

  orderRows(): Locator {
    return this.page.getByTestId('order-row');
  }

  orderRow(orderId: string): Locator {
    return this.page.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`);
  }

  async openOrder(orderId: string): Promise<void> {
    await this.page.getByRole('link', { name: orderId, exact: true }).click();
    await expect(this.page.getByRole('heading', { level: 1 })).toContainText(orderId);
  }

  status(): Locator {
    return this.page.getByTestId('order-status');
  }

  async expectStatus(label: AdminStatusLabel): Promise<void> {
    await expect(this.status()).toHaveText(label, { timeout: SETTLE_TIMEOUT });
  }

  timeline(): Locator {
    return this.page.getByRole('list', { name: 'Event history' }).getByTestId('timeline-item');
  }

  /** The kinds of the history's entries, oldest first (`order_created`, `charge.refunded`…). */
  async timelineKinds(): Promise<string[]> {
    return this.timeline().evaluateAll((items) => items.map((item) => item.getAttribute('data-kind') ?? ''));
  }

  async expectTimelineToInclude(kinds: string[]): Promise<void> {
    await expect
      .poll(() => this.timelineKinds(), { timeout: SETTLE_TIMEOUT })
      .toEqual(expect.arrayContaining(kinds));
    for (const kind of kinds) {
      await expect(this.timeline().filter({ hasText: kind }).first()).toBeVisible();
    }
  }

  /** "Refund" → amount → "Confirm refund": Stripe's answer (the refund as it stands) moves the order at once. */
  async refund(amountMinor: number, summary: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Refund', exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Refund this order' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Refund amount').fill(amountInput(amountMinor));
    await expect(dialog.getByTestId('refund-summary')).toContainText(summary);
    await dialog.getByRole('button', { name: 'Confirm refund' }).click();
    await expect(dialog).toBeHidden();
  }
}
