import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { PublicOrder } from '@checkstand/contract';
import { browserNavigation } from '../app/browser-navigation';
import type { CartLine } from '../cart/cart';
import { CART_STORAGE_KEY, parseStoredCart } from '../cart/cart-store';
import { anOrder } from '../test/builders';
import {
  fakeApi,
  instantResponse,
  rememberOrders,
  renderApp,
  storageWithCart,
  type FakeRequest,
} from '../test/render-app';

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

function apiError(code: string, message: string, status: number) {
  return instantResponse({ error: { code, message } }, status);
}

/** The cancel page for `order`, created in this browser (token `otk_1`), with the cart it was made from. */
function renderCancel(
  order: PublicOrder,
  routes: Record<string, (request: FakeRequest) => Response> = {},
  { remembered = true } = {},
) {
  const assign = vi.spyOn(browserNavigation, 'assign').mockImplementation(() => {});
  const requests: FakeRequest[] = [];
  let current = order;
  const storage = storageWithCart(cartLines);
  if (remembered) rememberOrders(storage, [{ orderId: order.id, orderToken: 'otk_1' }]);
  const cartBefore = storage.getItem(CART_STORAGE_KEY);
  const view = renderApp({
    path: `/checkout/cancel?order_id=${order.id}`,
    storage,
    fetch: fakeApi({
      [`GET /api/orders/${order.id}`]: (request) => {
        requests.push(request);
        return instantResponse({ order: current });
      },
      'GET /api/products': () =>
        instantResponse(
          cartLines.map(({ productId, title, unitAmount, currency, imageUrl }) => ({
            id: productId,
            title,
            description: '',
            unitAmount,
            currency,
            imageUrl,
          })),
        ),
      ...routes,
    }),
  });
  const setServerOrder = (next: PublicOrder) => (current = next);
  const cartKept = () => storage.getItem(CART_STORAGE_KEY) === cartBefore;
  return { ...view, assign, requests, setServerOrder, cartKept };
}

describe('the cancel / failure page', () => {
  it('explains a declined card and shows the order with every way on, keeping the cart', async () => {
    const order = anOrder({ status: 'failed', statusReason: 'card_declined' });
    const { requests, cartKept } = renderCancel(order);

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Your payment didn’t go through' }),
    ).toBeInTheDocument();
    expect(requests[0]?.headers.get('X-Order-Token')).toBe('otk_1');
    expect(screen.getByTestId('status-reason')).toHaveTextContent('Your card was declined.');
    expect(screen.getByText('Your cart is kept exactly as it was.')).toBeInTheDocument();
    expect(screen.getByTestId('order-number')).toHaveTextContent(order.id);
    expect(screen.getByText('Stoneware Mug')).toBeInTheDocument();
    expect(screen.getByText('2 × $22.00')).toBeInTheDocument();
    expect(screen.getByText('1 × $18.50')).toBeInTheDocument();
    expect(screen.getByTestId('order-total')).toHaveTextContent('$62.50');
    expect(screen.getByRole('button', { name: 'Try payment again' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to cart' })).toHaveAttribute('href', '/cart');
    expect(screen.getByRole('button', { name: 'Cancel order' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Cart, 3 items' })).toBeInTheDocument();
    expect(cartKept()).toBe(true);
  });

  it.each([
    [
      'expired',
      'session_expired',
      'Your checkout session expired',
      'The time to complete the payment ran out.',
    ],
    ['pending', null, 'Your payment isn’t finished', null],
    ['failed', 'expired_card', 'Your payment didn’t go through', 'Your card has expired.'],
    [
      'failed',
      'incorrect_cvc',
      'Your payment didn’t go through',
      'Your card’s security code (CVC) was incorrect.',
    ],
  ] as const)('words a %s order (%s) for the customer', async (status, statusReason, heading, reason) => {
    renderCancel(anOrder({ status, statusReason }));
    expect(await screen.findByRole('heading', { level: 1, name: heading })).toBeInTheDocument();
    if (reason) expect(screen.getByTestId('status-reason')).toHaveTextContent(reason);
    else expect(screen.queryByTestId('status-reason')).not.toBeInTheDocument();
  });

  it('"Back to cart" shows the cart exactly as it was', async () => {
    const { user } = renderCancel(anOrder({ status: 'failed', statusReason: 'card_declined' }));
    await user.click(await screen.findByRole('link', { name: 'Back to cart' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Your cart' })).toHaveFocus();
    expect(screen.getByLabelText('Quantity for Stoneware Mug')).toHaveValue(2);
    expect(screen.getByLabelText('Quantity for House Espresso Blend')).toHaveValue(1);
    expect(screen.getByTestId('cart-total')).toHaveTextContent('$62.50');
  });

  it('"Try payment again" opens a new payment page for the same order', async () => {
    const order = anOrder({ status: 'expired', statusReason: 'session_expired' });
    const retries: FakeRequest[] = [];
    const { user, assign, cartKept } = renderCancel(order, {
      [`POST /api/orders/${order.id}/retry-session`]: (request) => {
        retries.push(request);
        return instantResponse({ sessionId: 'cs_2', url: 'https://pay.example/cs_2' }, 201);
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Try payment again' }));

    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('https://pay.example/cs_2'));
    expect(retries).toHaveLength(1);
    expect(retries[0]?.headers.get('X-Order-Token')).toBe('otk_1');
    expect(screen.getByRole('button', { name: 'Redirecting to payment…' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    expect(cartKept()).toBe(true);
  });

  it('keeps the cart and says so when the payment service is down on retry', async () => {
    const order = anOrder({ status: 'failed', statusReason: 'card_declined' });
    const { user, assign, cartKept } = renderCancel(order, {
      [`POST /api/orders/${order.id}/retry-session`]: () =>
        apiError('payment_provider_unavailable', 'The payment service is unavailable right now.', 502),
    });

    await user.click(await screen.findByRole('button', { name: 'Try payment again' }));

    expect(await screen.findByText(/The payment service isn’t responding right now/)).toBeInTheDocument();
    expect(assign).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Try payment again' })).toHaveAttribute(
      'aria-disabled',
      'false',
    );
    expect(cartKept()).toBe(true);
  });

  it('shows the paid order when a retry finds it was paid meanwhile, and only then empties the cart', async () => {
    const order = anOrder({ status: 'failed', statusReason: 'card_declined' });
    const { user, assign, setServerOrder, storage } = renderCancel(order, {
      [`POST /api/orders/${order.id}/retry-session`]: () => {
        setServerOrder(
          anOrder({ ...order, status: 'paid', statusReason: null, actions: { retry: false, cancel: false } }),
        );
        return apiError('order_already_paid', 'This order is already paid.', 409);
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Try payment again' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'This order is already paid' }),
    ).toBeInTheDocument();
    expect(assign).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(screen.getByRole('link', { name: 'Cart, 0 items' })).toBeInTheDocument());
    expect(parseStoredCart(storage.getItem(CART_STORAGE_KEY)).lines).toEqual([]);
  });

  it('shows a payment that does not match the order as under review, with no retry or cancel', async () => {
    const order = anOrder({ status: 'payment_mismatch', actions: { retry: false, cancel: false } });
    const { cartKept } = renderCancel(order);

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Your payment is under review' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('status-reason')).toHaveTextContent('The shop will contact you about it.');
    expect(screen.getByTestId('order-status')).toHaveTextContent('Payment under review');
    expect(screen.queryByRole('button', { name: 'Try payment again' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel order' })).not.toBeInTheDocument();
    expect(document.title).toBe('Payment under review · Checkstand');
    expect(cartKept()).toBe(true);
  });

  it('says so when a retry finds the payment under review', async () => {
    const order = anOrder({ status: 'failed', statusReason: 'card_declined' });
    const { user, assign, setServerOrder } = renderCancel(order, {
      [`POST /api/orders/${order.id}/retry-session`]: () => {
        setServerOrder(
          anOrder({
            ...order,
            status: 'payment_mismatch',
            statusReason: 'payment_under_review',
            payment: anOrder({ status: 'payment_mismatch' }).payment,
            actions: { retry: false, cancel: false },
          }),
        );
        return apiError('payment_under_review', 'A payment for this order is under review.', 409);
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Try payment again' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Your payment is under review' }),
    ).toBeInTheDocument();
    expect(assign).not.toHaveBeenCalled();
  });

  it('"Cancel order" cancels it, keeps the cart, and moves focus to the new heading', async () => {
    const order = anOrder({ status: 'failed', statusReason: 'card_declined' });
    const cancelled = anOrder({
      ...order,
      status: 'cancelled',
      statusReason: 'customer_cancelled',
      actions: { retry: true, cancel: false },
    });
    const cancels: FakeRequest[] = [];
    const { user, cartKept } = renderCancel(order, {
      [`POST /api/orders/${order.id}/cancel`]: (request) => {
        cancels.push(request);
        return instantResponse({ order: cancelled });
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Cancel order' }));

    const heading = await screen.findByRole('heading', { level: 1, name: 'Your order is cancelled' });
    expect(cancels[0]?.headers.get('X-Order-Token')).toBe('otk_1');
    expect(screen.getByTestId('status-reason')).toHaveTextContent(
      'You cancelled this order. Nothing was charged.',
    );
    expect(screen.getByTestId('order-status')).toHaveTextContent('Cancelled');
    expect(screen.queryByRole('button', { name: 'Cancel order' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try payment again' })).toBeInTheDocument();
    await vi.waitFor(() => expect(heading).toHaveFocus());
    expect(cartKept()).toBe(true);
  });

  it('still offers the cart without a stored token, and asks the API nothing', () => {
    const order = anOrder({ status: 'failed' });
    const { fetchMock, cartKept } = renderCancel(order, {}, { remembered: false });

    expect(
      screen.getByRole('heading', { level: 1, name: 'Your payment wasn’t completed' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/your cart is exactly as you left it/)).toBeInTheDocument();
    expect(within(screen.getByRole('main')).getByRole('link', { name: 'Back to cart' })).toHaveAttribute(
      'href',
      '/cart',
    );
    expect(fetchMock).not.toHaveBeenCalled();
    expect(cartKept()).toBe(true);
  });

  it('offers the cart when the order cannot be found with the stored token', async () => {
    const order = anOrder({ status: 'failed' });
    const { cartKept } = renderCancel(order, {
      [`GET /api/orders/${order.id}`]: () => apiError('order_not_found', 'No such order.', 404),
    });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'We couldn’t find this order' }),
    ).toBeInTheDocument();
    expect(within(screen.getByRole('main')).getByRole('link', { name: 'Back to cart' })).toBeInTheDocument();
    expect(cartKept()).toBe(true);
  });
});
