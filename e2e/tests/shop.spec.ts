import { type APIRequestContext, expect, test } from '@playwright/test';
import { AdminPanel, createPromotionCode, itemsOnly, setUpShop } from '../support/admin.js';
import { CARDS, CheckoutPages } from '../support/checkout.js';
import { Storefront, catalog, money } from '../support/store.js';

/** What the emulator's Checkout Session says it charged: the numbers every page must repeat. */
interface StripeSession {
  currency: string;
  amount_subtotal: number;
  amount_total: number;
  total_details: { amount_discount: number; amount_shipping: number; amount_tax: number };
  collected_information: { shipping_details: { address: { country: string; city: string } } | null } | null;
}

async function sessionAtStripe(request: APIRequestContext, sessionId: string): Promise<StripeSession> {
  const res = await request.get(`${process.env.E2E_EMULATOR_URL}/v1/checkout/sessions/${sessionId}`, {
    // The emulator takes any test key; the store's own key never reaches a test.
    headers: { Authorization: 'Bearer sk_test_e2eshop' },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()) as StripeSession;
}

interface InboxMail {
  subject: string;
  text: string;
  to: { address: string }[];
}

/** The order's confirmation as the dev inbox (MailDev's HTTP API) holds it, once the sender delivered it. */
async function confirmationFor(request: APIRequestContext, orderId: string): Promise<InboxMail> {
  let found: InboxMail | undefined;
  await expect(async () => {
    const res = await request.get(`${process.env.E2E_MAIL_URL}/api/email`);
    expect(res.ok()).toBe(true);
    const mails = (await res.json()) as InboxMail[];
    found = mails.find((m) => m.subject.includes(orderId) && /confirmed/i.test(m.subject));
    expect(found, 'the confirmation in the inbox').toBeDefined();
  }).toPass({ timeout: 20_000 });
  return found!;
}

/** A minimal CSV reader: the export quotes fields with commas or quotes, and this order's fields have neither. */
function csvRecord(csv: string, orderId: string): Record<string, string> {
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  const row = rows.find((line) => line.startsWith(`${orderId},`));
  expect(row, `the CSV has a row for ${orderId}`).toBeDefined();
  const names = header!.split(',');
  const values = row!.split(',');
  return Object.fromEntries(names.map((name, i) => [name, values[i] ?? '']));
}

test.describe('a shop that ships', () => {
  test.afterEach(async ({ request }) => itemsOnly(request));

  test('a promotion code and express shipping to Germany: every page shows Stripe’s numbers', async ({
    page,
    request,
  }, testInfo) => {
    test.skip(
      testInfo.project.name !== 'desktop',
      'once is enough: the pages’ phone layouts have their own tests',
    );
    // The owner ships to the US and Germany, with Stripe Tax on prices that exclude it (the defaults), and
    // hands out a 10 % code. The code is new for every run: Stripe keeps codes unique.
    await setUpShop(request, { shippingCountries: ['US', 'DE'] });
    const code = `E2E${Date.now().toString(36).toUpperCase()}`;
    await createPromotionCode(request, { code, discount: { kind: 'percent', basisPoints: 1_000 } });

    const product = (await catalog(request)).find((p) => !p.digital)!;
    const shop = new Storefront(page);
    await shop.openCatalog();
    await shop.addFromCatalog(product);
    await shop.addFromCatalog(product);
    await shop.openCart();
    const checkout = new CheckoutPages(page, request);
    await checkout.checkOut();
    const sessionId = checkout.hosted.sessionId();
    await checkout.hosted.payWithCard(CARDS.succeeds, {
      country: 'DE',
      shippingOption: /^Express shipping/,
      promotionCode: code,
    });

    await checkout.expectOnSuccessPage();
    await checkout.expectStatus('Paid');
    const session = await sessionAtStripe(request, sessionId);
    const { amount_discount: discount, amount_shipping: shipping, amount_tax: tax } = session.total_details;
    // What the shopper chose, as Stripe computed it: two items, 10 % off, express to Germany, German VAT.
    expect(session.amount_subtotal).toBe(product.unitAmount * 2);
    expect(discount).toBe(Math.round(session.amount_subtotal / 10));
    expect(shipping).toBe(1_500);
    expect(tax).toBeGreaterThan(0);
    expect(session.amount_total).toBe(session.amount_subtotal - discount + shipping + tax);
    expect(session.collected_information?.shipping_details?.address.country).toBe('DE');

    const usd = (amount: number) => money(amount, session.currency);
    const expectBreakdown = async () => {
      const charges = page.getByTestId('charges');
      await expect(charges.getByTestId('charges-subtotal')).toHaveText(usd(session.amount_subtotal));
      await expect(charges.getByTestId('charges-discount')).toHaveText(`−${usd(discount)}`);
      await expect(charges.getByText(code)).toBeVisible();
      await expect(charges.getByTestId('charges-shipping')).toHaveText(usd(shipping));
      await expect(charges).toContainText('Express shipping');
      await expect(charges.getByTestId('charges-tax')).toHaveText(usd(tax));
    };

    // The success page: the breakdown, the total received, and where it ships.
    await expectBreakdown();
    await expect(page.getByTestId('order-total')).toHaveText(usd(session.amount_total));
    await expect(page.getByTestId('amount-received')).toHaveText(usd(session.amount_total));
    await expect(page.getByTestId('ship-to')).toContainText('Berlin');
    await expect(page.getByTestId('ship-to')).toContainText('Germany');
    const orderId = await checkout.orderNumber();

    // The confirmation is in the shop's dev inbox, with the same total and no secret in it.
    const mail = await confirmationFor(request, orderId);
    expect(mail.to.map((to) => to.address)).toEqual(['shopper@example.com']);
    expect(mail.text).toContain(usd(session.amount_total));
    expect(mail.text).toContain(code);
    expect(mail.text).not.toMatch(/otk_|sk_test_|whsec_/);
    await page.goto(process.env.E2E_MAIL_URL!);
    await expect(page.getByText(mail.subject).first()).toBeVisible();

    // The order page says the same.
    await checkout.openOrder(orderId);
    await expectBreakdown();
    await expect(page.getByTestId('order-total')).toHaveText(usd(session.amount_total));
    await expect(page.getByTestId('ship-to')).toContainText('Erika Mustermann');

    // The admin: the list's shipping and discount · tax columns, the order's charges and address.
    const admin = new AdminPanel(page);
    await page.goto('/admin/orders');
    await admin.logIn();
    await admin.search(orderId);
    const row = page.getByTestId('order-row').filter({ hasText: orderId });
    await expect(row.getByTestId('order-shipping')).toContainText('Germany');
    await expect(row.getByTestId('order-shipping')).toContainText('Express shipping');
    await expect(row.getByTestId('order-charges')).toContainText(usd(discount));
    await expect(row.getByTestId('order-charges')).toContainText(usd(tax));
    await admin.openOrder(orderId);
    await expectBreakdown();
    await expect(page.getByTestId('charges-total')).toHaveText(usd(session.amount_total));
    await expect(page.getByTestId('charges-mismatch')).toHaveCount(0);
    await expect(page.getByTestId('contact').getByTestId('ship-to')).toContainText('Unter den Linden 1');

    // The CSV export: the same figures, in minor units.
    const csv = await page.request.get(`/api/admin/orders.csv?q=${orderId}`);
    expect(csv.ok()).toBe(true);
    const record = csvRecord(await csv.text(), orderId);
    expect(record).toMatchObject({
      status: 'paid',
      amount_received_minor: String(session.amount_total),
      shipping_country: 'DE',
      shipping_method: 'Express shipping',
      discount_minor: String(discount),
      tax_minor: String(tax),
      promotion_code: code,
    });
  });
});
