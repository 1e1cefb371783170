import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CartLine } from '../cart/cart';
import {
  aDashboard,
  aPayment,
  aWatchReport,
  anAdminOrderDetail,
  anUnmatchedEvent,
  fakeAdminApi,
} from '../test/admin-builders';
import { aProduct } from '../test/builders';
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
