import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PublicOrder } from '@checkstand/contract';
import type { CartLine } from '../cart/cart';
import { CART_STORAGE_KEY } from '../cart/cart-store';
import { ORDER_BOOK_STORAGE_KEY } from '../orders/order-book';
import { anAddress, anOrder, someCharges } from '../test/builders';
import { fakeApi, instantResponse, rememberOrders, renderApp, storageWithCart } from '../test/render-app';

const SESSION = 'cs_test_success';
const BY_SESSION = `GET /api/orders/by-session/${SESSION}`;

const cartLines: CartLine[] = [
  {
    productId: 'prod_mug',
    title: 'Stoneware Mug',
    unitAmount: 2200,
    currency: 'usd',
    imageUrl: '',
    quantity: 2,
  },
  {
    productId: 'prod_beans',
    title: 'House Espresso Blend',
    unitAmount: 1850,
    currency: 'usd',
    imageUrl: '',
    quantity: 1,
  },
];

/** Lets time pass on the fake clock, running the polls due and the renders they cause. */
async function wait(ms: number) {
  await act(() => vi.advanceTimersByTimeAsync(ms));
}

/**
 * The success page for a session whose order goes through `answers` (the last one repeats). The order was
 * created in this browser, whose cart still holds what it bought.
 */
function renderSuccess(
  answers: (PublicOrder | Response)[],
  { path = `/checkout/success?session_id=${SESSION}`, remembered = true } = {},
) {
  const fetch = vi.fn(
    fakeApi({
      [BY_SESSION]: () => {
        const index = Math.min(fetch.mock.calls.length - 1, answers.length - 1);
        const answer = answers[index];
        return answer instanceof Response ? answer : instantResponse({ order: answer });
      },
    }),
  );
  const first = answers.find((answer): answer is PublicOrder => !(answer instanceof Response));
  const storage = storageWithCart(cartLines);
  if (remembered && first) rememberOrders(storage, [{ orderId: first.id, orderToken: 'otk_1' }]);
  const view = renderApp({ path, storage, fetch, advanceTimers: vi.advanceTimersByTime });
  return { ...view, fetch, polls: () => fetch.mock.calls.length };
}

function cartLineCount(storage: Storage): number {
  return (JSON.parse(storage.getItem(CART_STORAGE_KEY) ?? '{"lines":[]}') as { lines: unknown[] }).lines
    .length;
}

function liveRegion() {
  return within(screen.getByRole('main')).getByRole('status');
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the success page', () => {
  it('shows the receipt of a paid order, and only then empties the cart', async () => {
    const order = anOrder({ status: 'paid' });
    const { storage } = renderSuccess([order]);
    await wait(0);

    expect(
      screen.getByRole('heading', { level: 1, name: 'Thank you, your order is paid' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('order-status')).toHaveTextContent('Paid');
    expect(screen.getByTestId('order-number')).toHaveTextContent(order.id);
    expect(screen.getByText('2 × $22.00')).toBeInTheDocument();
    expect(screen.getByText('1 × $18.50')).toBeInTheDocument();
    expect(screen.getByTestId('order-total')).toHaveTextContent('$62.50');
    expect(screen.getByTestId('amount-received')).toHaveTextContent('$62.50');
    expect(screen.getByText('Nov 26, 2026', { exact: false })).toBeInTheDocument();
    expect(liveRegion()).toHaveTextContent('Payment confirmed.');

    expect(cartLineCount(storage)).toBe(0);
    expect(screen.getByRole('link', { name: 'Cart, 0 items' })).toBeInTheDocument();
    expect(JSON.parse(storage.getItem(ORDER_BOOK_STORAGE_KEY) ?? '{}')).toMatchObject({
      orders: [{ orderId: order.id, cartSettled: true }],
    });
  });

  it('shows what Stripe charged and where the order ships, once paid', async () => {
    const order = anOrder({
      status: 'paid',
      total: 6620,
      charges: someCharges({
        discount: 625,
        promotionCode: 'WELCOME10',
        shipping: 995,
        shippingMethod: 'Express',
        tax: 1057,
        taxIncluded: true,
      }),
      shipTo: { name: 'Jana Beispiel', address: anAddress() },
    });
    renderSuccess([order]);
    await wait(0);

    expect(screen.getByTestId('charges-subtotal')).toHaveTextContent('$62.50');
    expect(screen.getByTestId('charges-discount')).toHaveTextContent('−$6.25');
    expect(screen.getByText('WELCOME10')).toBeInTheDocument();
    expect(screen.getByTestId('charges-shipping')).toHaveTextContent('$9.95');
    expect(screen.getByTestId('charges-tax')).toHaveTextContent('$10.57 included');
    expect(screen.getByTestId('order-total')).toHaveTextContent('$66.20');
    expect(screen.getByRole('heading', { name: 'Ships to' })).toBeInTheDocument();
    expect(screen.getByTestId('ship-to')).toHaveTextContent(
      'Jana Beispiel Kastanienallee 12 Hinterhaus, 3. OG 10435 Berlin Germany',
    );
    expect(screen.getByTestId('ship-method')).toHaveTextContent('By Express');
  });

  it('confirms a pending payment by polling, backing off from 1 s to 5 s, and stops once paid', async () => {
    const pending = anOrder({ status: 'pending' });
    const paid = { ...pending, status: 'paid' as const, payment: anOrder({ status: 'paid' }).payment };
    const answers = [pending, pending, pending, pending, pending, pending, paid];
    const { polls, storage } = renderSuccess(answers);
    await wait(0);

    expect(polls()).toBe(1);
    expect(screen.getByRole('heading', { level: 1, name: 'Confirming your payment…' })).toBeInTheDocument();
    expect(liveRegion()).toHaveTextContent('Checking your payment with the payment provider…');
    expect(screen.getByTestId('order-status')).toHaveTextContent('Awaiting payment');
    // Never "paid" before the server says so, and the cart is still there.
    expect(screen.queryByText(/paid/i)).not.toBeInTheDocument();
    expect(cartLineCount(storage)).toBe(2);

    // 1 s, 2 s, 4 s, then 5 s between polls.
    for (const [delay, expected] of [
      [999, 1],
      [1, 2],
      [1_999, 2],
      [1, 3],
      [3_999, 3],
      [1, 4],
      [4_999, 4],
      [1, 5],
      [5_000, 6],
      [5_000, 7],
    ] as const) {
      await wait(delay);
      expect(polls()).toBe(expected);
    }

    expect(
      screen.getByRole('heading', { level: 1, name: 'Thank you, your order is paid' }),
    ).toBeInTheDocument();
    expect(liveRegion()).toHaveTextContent('Payment confirmed.');
    expect(cartLineCount(storage)).toBe(0);

    await wait(60_000);
    expect(polls()).toBe(7);
  });

  it('after about two minutes still pending, says confirmation will follow, with the order number and page', async () => {
    const pending = anOrder({ status: 'pending' });
    const { polls, storage } = renderSuccess([pending]);
    await wait(0);

    await wait(115_000);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Confirming your payment…');

    await wait(5_000);
    expect(
      screen.getByRole('heading', { level: 1, name: 'Your payment is still being confirmed' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Confirmation will follow/)).toBeInTheDocument();
    expect(screen.getByTestId('order-number')).toHaveTextContent(pending.id);
    expect(screen.getByRole('link', { name: 'View your order' })).toHaveAttribute(
      'href',
      `/orders/${pending.id}`,
    );
    expect(liveRegion()).toHaveTextContent('Still checking every few seconds.');
    expect(cartLineCount(storage)).toBe(2);

    // Still checking, every 5 s, then no longer on its own after 10 minutes: a button takes over.
    const before = polls();
    await wait(10_000);
    expect(polls()).toBe(before + 2);
    await wait(10 * 60_000);
    const stopped = polls();
    await wait(60_000);
    expect(polls()).toBe(stopped);
    expect(liveRegion()).toHaveTextContent('We stopped checking on our own.');

    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await wait(0);
    expect(polls()).toBe(stopped + 1);
  });

  it('explains a delayed payment as processing, keeps the cart, and turns to paid when the bank confirms', async () => {
    const processing = anOrder({ status: 'processing', statusReason: 'awaiting_payment' });
    const paid = {
      ...processing,
      status: 'paid' as const,
      statusReason: null,
      payment: anOrder({ status: 'paid' }).payment,
    };
    const { polls, storage } = renderSuccess([processing, processing, processing, paid]);
    await wait(0);

    expect(screen.getByRole('heading', { level: 1, name: 'Your payment is processing' })).toBeInTheDocument();
    expect(screen.getByText(/Your bank confirms this kind of payment later/)).toBeInTheDocument();
    expect(screen.getByTestId('order-status')).toHaveTextContent('Processing');
    expect(liveRegion()).toHaveTextContent('Waiting for your bank to confirm the payment.');
    expect(cartLineCount(storage)).toBe(2);

    await wait(1_000 + 2_000 + 4_000);
    expect(polls()).toBe(4);
    expect(screen.getByTestId('order-status')).toHaveTextContent('Paid');
    expect(cartLineCount(storage)).toBe(0);
  });

  it('shows the failure view for a failed delayed payment and stops polling, keeping the cart', async () => {
    const failed = anOrder({ status: 'failed', statusReason: 'payment_failed' });
    const { polls, storage } = renderSuccess([failed]);
    await wait(0);

    expect(
      screen.getByRole('heading', { level: 1, name: 'Your payment didn’t go through' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('status-reason')).toHaveTextContent(
      'Your bank did not complete the payment, so nothing was taken.',
    );
    expect(screen.getByRole('button', { name: 'Try payment again' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to cart' })).toHaveAttribute('href', '/cart');
    expect(screen.getByRole('button', { name: 'Cancel order' })).toBeInTheDocument();
    expect(cartLineCount(storage)).toBe(2);

    await wait(30_000);
    expect(polls()).toBe(1);
  });

  it('says a payment that does not match the order is under review, stops polling and keeps the cart', async () => {
    const pending = anOrder({ status: 'pending' });
    const mismatch = anOrder({
      ...pending,
      status: 'payment_mismatch',
      statusReason: 'payment_under_review',
      payment: anOrder({ status: 'payment_mismatch' }).payment,
      actions: { retry: false, cancel: false },
    });
    const { polls, storage } = renderSuccess([pending, mismatch]);
    await wait(0);
    await wait(1_000);

    expect(
      screen.getByRole('heading', { level: 1, name: 'Your payment is under review' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('status-reason')).toHaveTextContent(
      'We received a payment that doesn’t match this order, so it is under review. The shop will contact you about it.',
    );
    expect(screen.getByTestId('order-status')).toHaveTextContent('Payment under review');
    expect(screen.getByTestId('amount-received')).toHaveTextContent('$50.00');
    expect(screen.queryByText(/payment_under_review/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Try payment again' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel order' })).not.toBeInTheDocument();
    expect(screen.queryByText(/Thank you/)).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'View order details' })).toHaveAttribute(
      'href',
      `/orders/${pending.id}`,
    );

    await wait(30_000);
    expect(polls()).toBe(2);
    // Not paid: the cart stays as it was.
    expect(cartLineCount(storage)).toBe(2);
  });

  it('shows the failure view for an expired session and stops polling', async () => {
    const expired = anOrder({ status: 'expired', statusReason: 'session_expired' });
    const { polls, storage } = renderSuccess([expired]);
    await wait(0);

    expect(
      screen.getByRole('heading', { level: 1, name: 'Your checkout session expired' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('status-reason')).toHaveTextContent(
      'The time to complete the payment ran out.',
    );
    expect(screen.getByTestId('order-status')).toHaveTextContent('Expired');
    await wait(30_000);
    expect(polls()).toBe(1);
    expect(cartLineCount(storage)).toBe(2);
  });

  it('treats a card decline as not final: Stripe only sends the customer here after paying', async () => {
    const declined = anOrder({ status: 'failed', statusReason: 'card_declined' });
    const paid = {
      ...declined,
      status: 'paid' as const,
      statusReason: null,
      payment: anOrder({ status: 'paid' }).payment,
    };
    const { polls } = renderSuccess([declined, declined, paid]);
    await wait(0);

    expect(screen.getByRole('heading', { level: 1, name: 'Confirming your payment…' })).toBeInTheDocument();
    await wait(3_000);
    expect(polls()).toBe(3);
    expect(screen.getByTestId('order-status')).toHaveTextContent('Paid');
  });

  it('shows the failure view for a card decline that stays past two minutes', async () => {
    const stuck = anOrder({ status: 'failed', statusReason: 'insufficient_funds' });
    const { polls } = renderSuccess([stuck]);
    await wait(0);
    expect(screen.getByRole('heading', { level: 1, name: 'Confirming your payment…' })).toBeInTheDocument();

    await wait(120_000);
    expect(
      screen.getByRole('heading', { level: 1, name: 'Your payment didn’t go through' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('status-reason')).toHaveTextContent('Your card has insufficient funds.');
    const stopped = polls();
    await wait(30_000);
    expect(polls()).toBe(stopped);
  });

  it('keeps polling through a network error without losing what it showed', async () => {
    const pending = anOrder({ status: 'pending' });
    const paid = { ...pending, status: 'paid' as const, payment: anOrder({ status: 'paid' }).payment };
    const outage = instantResponse({ error: { code: 'internal', message: 'Down.' } }, 503);
    const { polls } = renderSuccess([pending, outage, paid]);
    await wait(0);
    await wait(1_000);
    expect(polls()).toBe(2);
    expect(screen.getByRole('heading', { level: 1, name: 'Confirming your payment…' })).toBeInTheDocument();
    await wait(2_000);
    expect(screen.getByTestId('order-status')).toHaveTextContent('Paid');
  });

  it('says so, helpfully, for an unknown session id', async () => {
    const notFound = instantResponse({ error: { code: 'order_not_found', message: 'No such order.' } }, 404);
    const { polls, storage } = renderSuccess([notFound]);
    await wait(0);

    expect(
      screen.getByRole('heading', { level: 1, name: 'We couldn’t find this payment' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to cart' })).toHaveAttribute('href', '/cart');
    expect(within(screen.getByRole('main')).getByRole('link', { name: 'Recent orders' })).toHaveAttribute(
      'href',
      '/orders',
    );
    await wait(30_000);
    expect(polls()).toBe(1);
    expect(cartLineCount(storage)).toBe(2);
  });

  it('says so, helpfully, without a session id, and asks nothing of the API', async () => {
    const { polls } = renderSuccess([anOrder()], { path: '/checkout/success' });
    await wait(0);

    expect(
      screen.getByRole('heading', { level: 1, name: 'We couldn’t tell which payment this is' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to cart' })).toBeInTheDocument();
    expect(polls()).toBe(0);
  });

  it('does not empty the cart for an order this browser did not create', async () => {
    const { storage } = renderSuccess([anOrder({ status: 'paid' })], { remembered: false });
    await wait(0);
    expect(screen.getByTestId('order-status')).toHaveTextContent('Paid');
    expect(cartLineCount(storage)).toBe(2);
  });

  it('empties the cart only once for an order, so an old receipt leaves a new cart alone', async () => {
    const order = anOrder({ status: 'paid' });
    const storage = storageWithCart(cartLines);
    rememberOrders(storage, [{ orderId: order.id, cartSettled: true }]);
    renderApp({
      path: `/checkout/success?session_id=${SESSION}`,
      storage,
      fetch: fakeApi({ [BY_SESSION]: () => instantResponse({ order }) }),
    });
    await wait(0);
    expect(screen.getByTestId('order-status')).toHaveTextContent('Paid');
    expect(cartLineCount(storage)).toBe(2);
  });
});
