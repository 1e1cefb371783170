import { ORDER_TOKEN_HEADER, OrderEnvelope, type PublicOrder } from '@checkstand/contract';
import { type APIRequestContext, type Locator, type Page, expect } from '@playwright/test';

/** Order statuses as the storefront labels them (front/src/orders/order-status.ts). */
export type StatusLabel =
  | 'Awaiting payment'
  | 'Processing'
  | 'Paid'
  | 'Payment under review'
  | 'Payment failed'
  | 'Cancelled'
  | 'Expired';

/** Statuses change when a webhook, a session sync or the reconciler says so: give them a few polls. */
const SETTLE_TIMEOUT = 20_000;

export const CARDS = {
  succeeds: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  /** Asks for 3-D Secure: the bank's challenge page, which the customer completes or fails. */
  threeDSecure: '4000 0025 0000 3155',
} as const;

function emulatorUrl(): string {
  const url = process.env.E2E_EMULATOR_URL;
  if (!url) throw new Error('E2E_EMULATOR_URL is not set (see e2e/playwright.config.ts)');
  return url;
}

/** The Stripe emulator's control API: the test's hand on the clock and on webhook delivery. */
export class Emulator {
  constructor(private readonly request: APIRequestContext) {}

  private async call(method: 'post' | 'delete', path: string, data?: unknown): Promise<unknown> {
    const res = await this.request[method](`${emulatorUrl()}${path}`, data === undefined ? {} : { data });
    expect(res.ok(), `${method.toUpperCase()} ${path}: ${await res.text()}`).toBe(true);
    return res.json();
  }

  /** Moves emulator time forward: sessions expire, delayed payments settle, their webhooks fire. */
  async advanceClock(seconds: number): Promise<void> {
    await this.call('post', '/_emulator/clock/advance', { seconds });
  }

  /** Holds every webhook delivery until `resumeWebhooks` (or `resetChaos`). */
  async pauseWebhooks(): Promise<void> {
    await this.call('post', '/_emulator/chaos', { paused: true });
  }

  async resumeWebhooks(): Promise<void> {
    await this.call('post', '/_emulator/chaos', { paused: false });
  }

  async resetChaos(): Promise<void> {
    await this.call('delete', '/_emulator/chaos');
  }

  /** Webhook deliveries the store acknowledged for one Checkout Session. */
  async acknowledgedDeliveries(sessionId: string): Promise<{ eventType: string }[]> {
    const res = await this.request.get(
      `${emulatorUrl()}/_emulator/deliveries?session_id=${encodeURIComponent(sessionId)}`,
    );
    expect(res.ok()).toBe(true);
    const { data } = (await res.json()) as { data: { eventType: string; ok: boolean }[] };
    return data.filter((delivery) => delivery.ok);
  }
}

/** Stripe's hosted Checkout page, here served by the emulator. */
export class HostedCheckout {
  constructor(readonly page: Page) {}

  async expectOpen(total?: string): Promise<void> {
    await expect(this.page).toHaveURL(new RegExp(`^${emulatorUrl()}/c/pay/cs_`));
    const heading = this.page.getByRole('heading', { level: 1, name: /^Pay / });
    await expect(heading).toBeVisible();
    if (total) await expect(heading).toContainText(total);
  }

  sessionId(): string {
    const match = /\/c\/pay\/(cs_[A-Za-z0-9_]+)/.exec(this.page.url());
    if (!match?.[1]) throw new Error(`not on a hosted checkout page: ${this.page.url()}`);
    return match[1];
  }

  private async fillEmail(): Promise<void> {
    const email = this.page.getByLabel('Email');
    if (await email.isEditable()) await email.fill('shopper@example.com');
  }

  private payButton(): Locator {
    return this.page.getByRole('button', { name: /^Pay / });
  }

  /**
   * What the session asks besides the payment, as a shopper types it: the phone, the address (shipping, or
   * billing for tax) in `country`, a shipping option by its name, a promotion code.
   */
  async fillOrder(
    choices: { country?: string; shippingOption?: RegExp | string; promotionCode?: string } = {},
  ): Promise<void> {
    const country = choices.country ?? 'US';
    const phone = this.page.getByLabel('Phone number');
    if (await phone.isVisible()) await phone.fill('+15555550123');
    const countrySelect = this.page.getByLabel('Country or region');
    if (await countrySelect.isVisible()) await countrySelect.selectOption(country);
    const name = this.page.getByLabel('Full name');
    if (await name.isVisible()) {
      await name.fill('Erika Mustermann');
      await this.page.getByLabel('Address line 1').fill('Unter den Linden 1');
      await this.page.getByLabel('Postal code').fill('10117');
      await this.page.getByLabel('City').fill('Berlin');
    }
    if (choices.shippingOption) await this.page.getByRole('radio', { name: choices.shippingOption }).check();
    if (choices.promotionCode) {
      await this.page.getByLabel('Promotion code').fill(choices.promotionCode);
      await this.page.getByRole('button', { name: 'Apply' }).click();
      await expect(this.page.getByText(choices.promotionCode, { exact: false }).first()).toBeVisible();
    }
  }

  async payWithCard(number: string, choices: Parameters<HostedCheckout['fillOrder']>[0] = {}): Promise<void> {
    await this.fillEmail();
    await this.fillOrder(choices);
    await this.page.getByRole('radio', { name: 'Card' }).check();
    await this.page.getByLabel('Card number').fill(number);
    await this.page.getByLabel('Expiration (MM / YY)').fill('12 / 34');
    await this.page.getByLabel('CVC').fill('123');
    await this.payButton().click();
  }

  /** The bank's 3-D Secure challenge, shown after a card that asks for it: complete it or fail it. */
  async authenticate(outcome: 'Complete' | 'Fail'): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText('Authenticate your payment');
    await this.page.getByRole('button', { name: `${outcome} authentication` }).click();
  }

  /** SEPA Direct Debit: the payment is submitted now and settles later (180 s of emulator time). */
  async payWithDelayedDebit(outcome: 'Succeeds later' | 'Fails later'): Promise<void> {
    await this.fillEmail();
    await this.fillOrder();
    await this.page.getByRole('radio', { name: 'SEPA Direct Debit (delayed)' }).check();
    await this.page.getByRole('radio', { name: outcome }).check();
    await this.payButton().click();
  }

  async expectDeclined(): Promise<void> {
    await expect(this.page.getByRole('alert')).toContainText('declined');
    // Still the same, open session: nothing moved the shopper away.
    await expect(this.payButton()).toBeEnabled();
  }

  async backToStore(): Promise<void> {
    await this.page.getByRole('link', { name: /^Back to / }).click();
  }

  async expectExpired(): Promise<void> {
    await expect(
      this.page.getByRole('heading', { level: 1, name: 'This checkout session has expired' }),
    ).toBeVisible();
  }

  async returnToStoreFromExpired(): Promise<void> {
    await this.page.getByRole('link', { name: /^Return to / }).click();
  }
}

/** The storefront's side of a payment: checkout button, success and cancel pages, order page. */
export class CheckoutPages {
  readonly hosted: HostedCheckout;

  constructor(
    readonly page: Page,
    private readonly request: APIRequestContext,
  ) {
    this.hosted = new HostedCheckout(page);
  }

  /** From the cart page: "Check out" ends on Stripe's page for the order. */
  async checkOut(total?: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Check out' }).click();
    await this.hosted.expectOpen(total);
  }

  status(): Locator {
    return this.page.getByTestId('order-status');
  }

  async expectStatus(label: StatusLabel): Promise<void> {
    await expect(this.status()).toHaveText(label, { timeout: SETTLE_TIMEOUT });
  }

  async expectOnSuccessPage(): Promise<void> {
    await expect(this.page).toHaveURL(/\/checkout\/success\?session_id=cs_/);
  }

  async expectOnCancelPage(): Promise<void> {
    await expect(this.page).toHaveURL(/\/checkout\/cancel\?order_id=ord_/);
  }

  /** The receipt after a card payment: paid, with the amount received. */
  async expectPaidReceipt(total: string): Promise<void> {
    await this.expectStatus('Paid');
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText('Thank you, your order is paid');
    await expect(this.page.getByTestId('order-total')).toHaveText(total);
    await expect(this.page.getByTestId('amount-received')).toHaveText(total);
  }

  async orderNumber(): Promise<string> {
    const text = (await this.page.getByTestId('order-number').first().textContent())?.trim() ?? '';
    expect(text).toMatch(/^ord_/);
    return text;
  }

  /** The reason a payment did not complete, as the failure view words it. */
  async expectReason(text: string | RegExp): Promise<void> {
    await expect(this.page.getByTestId('status-reason')).toHaveText(text, { timeout: SETTLE_TIMEOUT });
  }

  async tryPaymentAgain(total?: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Try payment again' }).click();
    await this.hosted.expectOpen(total);
  }

  async backToCart(): Promise<void> {
    await this.page.getByRole('link', { name: 'Back to cart' }).click();
    await expect(this.page).toHaveURL(/\/cart$/);
  }

  async openOrder(orderId: string): Promise<void> {
    await this.page.goto(`/orders/${orderId}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Your order' })).toBeVisible();
  }

  attempts(): Locator {
    return this.page.getByTestId('order-attempts');
  }

  /**
   * The order as the API reports it (parsed with the contract's `PublicOrder`), opened with the token this
   * browser stored when it created the order.
   */
  async orderFromApi(orderId: string): Promise<PublicOrder> {
    const token = await this.page.evaluate((id) => {
      const raw = window.localStorage.getItem('checkstand.orders.v1');
      const orders = raw
        ? (JSON.parse(raw) as { orders: { orderId: string; orderToken: string }[] }).orders
        : [];
      return orders.find((order) => order.orderId === id)?.orderToken ?? null;
    }, orderId);
    if (!token) throw new Error(`this browser holds no token for ${orderId}`);
    const res = await this.request.get(`/api/orders/${orderId}`, {
      headers: { [ORDER_TOKEN_HEADER]: token },
    });
    expect(res.ok()).toBe(true);
    return OrderEnvelope.parse(await res.json()).order;
  }
}
