import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CartLine } from '../cart/cart';
import {
  aDashboard,
  aDispute,
  aFraudWarning,
  aPayment,
  aRefund,
  anAdminOrder,
  aWatchReport,
  anAdminOrderDetail,
  anUnmatchedEvent,
  fakeAdminApi,
} from '../test/admin-builders';
import { aProduct, anAddress, someCharges } from '../test/builders';
import { aPromotionCode, aShippingRate } from '../test/shop-builders';
import { aHold, aMessage, anAdminProduct } from '../test/stock-builders';
import { controlCount, labelInNameMismatches, visibleText } from '../test/label-in-name';
import { instantResponse, renderApp, storageWithCart } from '../test/render-app';

const mug = aProduct({ id: 'prod_mug', title: 'Stoneware Mug', unitAmount: 2200 });
const beans = aProduct({ id: 'prod_beans', title: 'House Espresso Blend', unitAmount: 1850 });
const kettle = aProduct({ id: 'prod_kettle', title: 'Gooseneck Kettle', unitAmount: 6400 });

function lineOf(product: typeof mug, quantity: number, overrides: Partial<CartLine> = {}): CartLine {
  const { id, title, unitAmount, currency, imageUrl } = product;
  return { productId: id, title, unitAmount, currency, imageUrl, quantity, ...overrides };
}

/** Every button and link on the page says at least what it shows (WCAG 2.5.3, Label in Name). */
function expectLabelsInNames() {
  expect(controlCount(document.body)).toBeGreaterThan(3);
  expect(labelInNameMismatches(document.body)).toEqual([]);
}

describe('accessible names contain the visible labels', () => {
  it('on the catalog page', async () => {
    renderApp({ products: [mug, beans, kettle] });
    expect(await screen.findAllByRole('article')).toHaveLength(3);
    expectLabelsInNames();
  });

  it('on a product page', async () => {
    renderApp({ path: '/products/prod_kettle', products: [kettle, mug, beans] });
    expect(await screen.findByRole('heading', { level: 1, name: 'Gooseneck Kettle' })).toBeInTheDocument();
    expect(await screen.findAllByRole('article')).not.toHaveLength(0);
    expectLabelsInNames();
  });

  it('on the cart page, unavailable and repriced lines included', async () => {
    const retired = aProduct({ id: 'prod_retired', title: 'Retired Tin' });
    renderApp({
      path: '/cart',
      products: [{ ...mug, unitAmount: 2400 }, beans],
      storage: storageWithCart([lineOf(mug, 2), lineOf(beans, 1), lineOf(retired, 1)]),
    });
    expect(await screen.findByText('Price updated from $22.00.')).toBeInTheDocument();
    expectLabelsInNames();
  });

  it('on the admin order page, with the refund dialog open', async () => {
    const detail = anAdminOrderDetail({
      order: { flags: ['duplicate_payment'], statusReason: 'paid_twice' },
      payments: [aPayment(), aPayment({ paymentIntentId: 'pi_3extra', role: 'extra', attemptNo: 2 })],
    });
    const view = renderApp({
      path: `/admin/orders/${detail.order.id}`,
      fetch: fakeAdminApi({ [`GET /api/admin/orders/${detail.order.id}`]: () => instantResponse(detail) }),
    });
    expect(await screen.findByTestId('order-status')).toHaveTextContent('Paid');
    expectLabelsInNames();

    await view.user.click(screen.getByRole('button', { name: 'Refund' }));
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expectLabelsInNames();
    await view.user.click(screen.getByRole('button', { name: 'Cancel' }));

    await view.user.click(screen.getByRole('button', { name: 'Refund payment pi_3extra' }));
    expect(screen.getByRole('dialog', { name: 'Refund the extra payment' })).toBeInTheDocument();
    expectLabelsInNames();
  });

  it('on the admin order page after the payment: fulfilment, a failed refund, a dispute, a fraud warning', async () => {
    const detail = anAdminOrderDetail({
      order: { flags: ['dispute_open', 'fraud_warning'] },
      payments: [aPayment({ amountRefunded: 1000 })],
      refunds: [aRefund({ status: 'failed', failureReason: 'expired_or_canceled_card' })],
      disputes: [aDispute({ afterFulfilment: true })],
      fraudWarnings: [aFraudWarning()],
    });
    const view = renderApp({
      path: `/admin/orders/${detail.order.id}`,
      fetch: fakeAdminApi({ [`GET /api/admin/orders/${detail.order.id}`]: () => instantResponse(detail) }),
    });
    expect(await screen.findByTestId('fulfilment')).toBeInTheDocument();
    expectLabelsInNames();

    await view.user.click(screen.getByRole('button', { name: 'Retry refund re_3first' }));
    expect(screen.getByRole('dialog', { name: 'Retry the failed refund' })).toBeInTheDocument();
    expectLabelsInNames();
    await view.user.click(screen.getByRole('button', { name: 'Cancel' }));

    await view.user.click(screen.getByRole('button', { name: 'Refund in full payment pi_3abc' }));
    expect(screen.getByRole('dialog', { name: 'Refund this payment in full' })).toBeInTheDocument();
    expectLabelsInNames();
  });

  it('on a fulfilled order, asked to confirm its return', async () => {
    const detail = anAdminOrderDetail({ fulfilment: { status: 'fulfilled', trackingNumber: '1Z999' } });
    const view = renderApp({
      path: `/admin/orders/${detail.order.id}`,
      fetch: fakeAdminApi({ [`GET /api/admin/orders/${detail.order.id}`]: () => instantResponse(detail) }),
    });
    await view.user.click(await screen.findByRole('button', { name: 'Mark returned…' }));
    expect(screen.getByRole('button', { name: 'Confirm return' })).toBeInTheDocument();
    expectLabelsInNames();
  });

  it('on the admin order list, flagged and filtered', async () => {
    renderApp({
      path: '/admin/orders?ready=false&flag=dispute_open',
      fetch: fakeAdminApi({
        'GET /api/admin/orders': () =>
          instantResponse({
            orders: [anAdminOrder({ flags: ['dispute_open'] }), anAdminOrder()],
            nextCursor: 'next',
          }),
      }),
    });
    expect(await screen.findAllByTestId('order-row')).toHaveLength(2);
    expectLabelsInNames();
  });

  it('on the admin dashboard, with disputes to answer', async () => {
    renderApp({
      path: '/admin',
      fetch: fakeAdminApi({
        'GET /api/admin/dashboard': () =>
          instantResponse(
            aDashboard({
              readyToShip: 2,
              amountAtRisk: { usd: 6250 },
              disputesNeedingResponse: [
                {
                  disputeId: 'dp_1',
                  orderId: 'ord_01DISPUTED0001',
                  status: 'needs_response',
                  reason: 'fraudulent',
                  amount: 6250,
                  currency: 'usd',
                  evidenceDueBy: '2026-12-06T23:59:59.000Z',
                },
              ],
            }),
          ),
      }),
    });
    expect(await screen.findByTestId('dispute-to-answer')).toBeInTheDocument();
    expectLabelsInNames();
  });

  it('on the admin dashboard, with money to refund and sessions lost', async () => {
    renderApp({
      path: '/admin',
      fetch: fakeAdminApi({
        'GET /api/admin/dashboard': () =>
          instantResponse(
            aDashboard({
              needsRefund: 1,
              unmatchedEvents: 2,
              watch: { size: 1, oldestCheckAt: null, oldestCheckAgeSeconds: null, lost: 1 },
            }),
          ),
      }),
    });
    expect(await screen.findByTestId('needs-refund')).toHaveAttribute('href');
    expect(await screen.findByTestId('reconcile-run')).toBeInTheDocument();
    expectLabelsInNames();
  });

  it('on the Stripe events page, with more to load', async () => {
    renderApp({
      path: '/admin/stripe-events',
      fetch: fakeAdminApi({
        'GET /api/admin/stripe-events/unmatched': () =>
          instantResponse({ events: [anUnmatchedEvent(), anUnmatchedEvent()], nextCursor: 'next' }),
      }),
    });
    expect(await screen.findAllByTestId('event-row')).toHaveLength(2);
    expectLabelsInNames();
  });

  it('on the watch list page, with a lost session', async () => {
    renderApp({
      path: '/admin/watch',
      fetch: fakeAdminApi({
        'GET /api/admin/watch': () =>
          instantResponse(
            aWatchReport({
              lostSessions: [
                {
                  orderId: 'ord_01LOST0000001',
                  attemptNo: 1,
                  sessionId: 'cs_test_gone',
                  orderStatus: 'pending',
                  checkedAt: null,
                  createdAt: '2026-11-26T07:00:00.000Z',
                },
              ],
            }),
          ),
      }),
    });
    expect(await screen.findByTestId('lost-session-row')).toBeInTheDocument();
    expectLabelsInNames();
  });

  it('on the cart page with digital products', async () => {
    const ebook = aProduct({ id: 'prod_ebook', title: 'Brewing Guide (PDF)', digital: true });
    renderApp({
      path: '/cart',
      products: [ebook, mug],
      storage: storageWithCart([lineOf(ebook, 1), lineOf(mug, 1)]),
    });
    expect(await screen.findByTestId('tax-note')).toBeInTheDocument();
    expect(screen.getAllByText('Digital')).not.toHaveLength(0);
    expectLabelsInNames();
  });

  it('on the admin order page with its charges and customer, and on its packing slip', async () => {
    const detail = anAdminOrderDetail({
      charges: someCharges({
        discount: 500,
        promotionCode: 'FIVE',
        shipping: 495,
        shippingMethod: 'Standard',
      }),
      contact: {
        shipping: { name: 'Jana Beispiel', address: anAddress() },
        billing: {
          name: 'Jana Beispiel',
          email: 'jana@example.com',
          phone: '+49 30 123',
          address: anAddress(),
        },
      },
    });
    const view = renderApp({
      path: `/admin/orders/${detail.order.id}`,
      fetch: fakeAdminApi({ [`GET /api/admin/orders/${detail.order.id}`]: () => instantResponse(detail) }),
    });
    expect(await screen.findByTestId('contact')).toBeInTheDocument();
    expectLabelsInNames();

    await view.user.click(screen.getByRole('link', { name: 'Packing slip' }));
    expect(await screen.findByTestId('packing-slip')).toBeInTheDocument();
    expect(controlCount(document.body)).toBeGreaterThan(3);
    expect(labelInNameMismatches(document.body)).toEqual([]);
  });

  it('on the settings page, with an error on a field', async () => {
    const view = renderApp({
      path: '/admin/settings',
      fetch: fakeAdminApi({
        'GET /api/admin/settings': () =>
          instantResponse({
            shippingCountries: ['DE', 'FR'],
            taxMode: 'fixed',
            pricesIncludeTax: true,
            fixedTaxRate: { displayName: 'VAT', basisPoints: 1900 },
          }),
      }),
    });
    await view.user.type(await screen.findByLabelText('Add a country'), 'Narnia{Enter}');
    expectLabelsInNames();
  });

  it('on the shipping page, with the rate form open', async () => {
    const view = renderApp({
      path: '/admin/shipping',
      fetch: fakeAdminApi({
        'GET /api/products': () => instantResponse([mug]),
        'GET /api/admin/shipping-rates': () =>
          instantResponse({ rates: [aShippingRate(), aShippingRate({ name: 'Express', active: false })] }),
      }),
    });
    expect(await screen.findAllByTestId('rate-row')).toHaveLength(2);
    expectLabelsInNames();

    await view.user.click(screen.getByRole('button', { name: 'Edit Express' }));
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expectLabelsInNames();
  });

  it('on the promotion codes page, with the form and the confirmation open', async () => {
    const view = renderApp({
      path: '/admin/promotion-codes',
      fetch: fakeAdminApi({
        'GET /api/products': () => instantResponse([mug]),
        'GET /api/admin/promotion-codes': () =>
          instantResponse({ codes: [aPromotionCode({ code: 'TENOFF' }), aPromotionCode({ active: false })] }),
      }),
    });
    expect(await screen.findAllByTestId('code-row')).toHaveLength(2);
    expectLabelsInNames();

    await view.user.click(screen.getByRole('button', { name: 'New code' }));
    expect(screen.getByRole('dialog', { name: 'New promotion code' })).toBeInTheDocument();
    expectLabelsInNames();
    await view.user.click(screen.getByRole('button', { name: 'Cancel' }));

    await view.user.click(screen.getByRole('button', { name: 'Deactivate TENOFF…' }));
    expect(screen.getByRole('dialog', { name: 'Deactivate TENOFF?' })).toBeInTheDocument();
    expectLabelsInNames();
  });

  it('on the catalog and the cart with products short of stock', async () => {
    const low = { ...mug, available: 1 };
    const soldOut = { ...beans, available: 0 };
    const { unmount } = renderApp({ products: [low, soldOut, kettle] });
    expect(await screen.findAllByRole('article')).toHaveLength(3);
    expectLabelsInNames();
    unmount();

    renderApp({
      path: '/cart',
      products: [low, soldOut],
      storage: storageWithCart([lineOf(mug, 2), lineOf(beans, 1)]),
    });
    expect(await screen.findAllByTestId('stock-warning')).toHaveLength(2);
    expectLabelsInNames();
  });

  it('on the products page, with a release confirmation open', async () => {
    const view = renderApp({
      path: '/admin/products',
      fetch: fakeAdminApi({
        'GET /api/admin/products': () =>
          instantResponse({
            products: [anAdminProduct({ title: 'Stoneware Mug' }), anAdminProduct({ stock: null })],
          }),
        'GET /api/admin/holds': () => instantResponse({ holds: [aHold()] }),
      }),
    });
    expect(await screen.findAllByTestId('product-row')).toHaveLength(2);
    expect(await screen.findAllByTestId('hold-row')).toHaveLength(1);
    expectLabelsInNames();

    await view.user.click(screen.getByRole('button', { name: /^Release the units held for order/ }));
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expectLabelsInNames();
  });

  it('on the admin order page with its stock and e-mails', async () => {
    const detail = anAdminOrderDetail({
      order: { flags: ['oversold'] },
      holds: [aHold({ status: 'committed', endedAt: '2026-11-26T10:05:00.000Z' })],
      messages: [aMessage(), aMessage({ status: 'failed', lastError: 'Timeout', sentAt: null })],
    });
    renderApp({
      path: `/admin/orders/${detail.order.id}`,
      fetch: fakeAdminApi({ [`GET /api/admin/orders/${detail.order.id}`]: () => instantResponse(detail) }),
    });
    expect(await screen.findAllByTestId('message-row')).toHaveLength(2);
    expectLabelsInNames();
  });

  it('the check itself: catches a name that leaves out what the control shows', () => {
    document.body.innerHTML = `
      <button aria-label="Add Stoneware Mug to cart">Add to cart</button>
      <a href="/x" aria-label="Cart, 2 items">Cart <span aria-hidden="true">2</span></a>
      <button aria-label="Copy session ID cs_1"><svg aria-hidden="true"></svg></button>
      <button>Remove <span class="visually-hidden">Stoneware Mug</span></button>
      <button>Add <span class="visually-hidden">Stoneware Mug</span> to cart</button>`;
    const buttons = within(document.body).getAllByRole('button');
    expect(visibleText(buttons[0]!)).toBe('Add to cart');
    expect(labelInNameMismatches(document.body).map(({ name }) => name)).toEqual([
      'Add Stoneware Mug to cart',
      'Add Stoneware Mug to cart',
    ]);
  });
});
