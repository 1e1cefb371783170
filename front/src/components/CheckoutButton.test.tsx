import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { browserNavigation } from '../app/browser-navigation';
import type { CartLine } from '../cart/cart';
import { CART_STORAGE_KEY, parseStoredCart } from '../cart/cart-store';
import { ORDER_BOOK_STORAGE_KEY } from '../orders/order-book';
import { aProduct } from '../test/builders';
import { fakeApi, instantResponse, renderApp, storageWithCart, type FakeRequest } from '../test/render-app';

const mug = aProduct({ id: 'prod_mug', title: 'Stoneware Mug', unitAmount: 2200 });
const tin = aProduct({ id: 'prod_tin', title: 'Tea Tin', unitAmount: 900 });

function lineOf(product: typeof mug, quantity: number): CartLine {
  const { id, title, unitAmount, currency, imageUrl } = product;
  return { productId: id, title, unitAmount, currency, imageUrl, quantity };
}

const LINES = [lineOf(mug, 2), lineOf(tin, 1)];
const CREATE = 'POST /api/payments/create-checkout-session';

function apiError(code: string, message: string, status: number, details?: unknown) {
  return instantResponse({ error: { code, message, ...(details ? { details } : {}) } }, status);
}

/** The cart page over a fake API whose checkout answers with `checkout`; the redirect is watched, not done. */
function renderCheckout(checkout: (request: FakeRequest) => Response, routes = {}) {
  const assign = vi.spyOn(browserNavigation, 'assign').mockImplementation(() => {});
  const calls: FakeRequest[] = [];
  const view = renderApp({
    path: '/cart',
    storage: storageWithCart(LINES),
    fetch: fakeApi({
      'GET /api/products': () => instantResponse([mug, tin]),
      [CREATE]: (request) => {
        calls.push(request);
        return checkout(request);
      },
      ...routes,
    }),
  });
  const storedCart = () => view.storage.getItem(CART_STORAGE_KEY);
  return { ...view, assign, calls, cartBefore: storedCart(), storedCart };
}

function checkoutButton() {
  return screen.getByRole('button', { name: 'Check out' });
}

describe('the checkout button', () => {
  it('sends the lines, remembers the order and goes to the payment page', async () => {
    const { user, assign, calls, storage, storedCart, cartBefore } = renderCheckout(() =>
      instantResponse(
        {
          orderId: 'ord_01CHECKOUT0001',
          orderToken: 'otk_1',
          sessionId: 'cs_1',
          url: 'https://pay.example/cs_1',
        },
        201,
      ),
    );
    await screen.findByRole('link', { name: 'Stoneware Mug' });

    await user.click(checkoutButton());

    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('https://pay.example/cs_1'));
    expect(calls[0]?.body).toEqual({
      items: [
        { id: 'prod_mug', quantity: 2 },
        { id: 'prod_tin', quantity: 1 },
      ],
    });
    expect(JSON.parse(storage.getItem(ORDER_BOOK_STORAGE_KEY) ?? '{}')).toMatchObject({
      orders: [{ orderId: 'ord_01CHECKOUT0001', orderToken: 'otk_1', cartSettled: false }],
    });
    // Disabled while the browser leaves, and the cart is untouched until the payment is confirmed.
    expect(screen.getByRole('button', { name: 'Redirecting to payment…' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    expect(storedCart()).toBe(cartBefore);
  });

  it('sends only the lines still on sale', async () => {
    const { user, calls } = renderCheckout(
      () => apiError('payments_not_configured', 'Payments are not configured on this store.', 503),
      { 'GET /api/products': () => instantResponse([mug]) },
    );
    expect(await screen.findByText(/1 product is no longer available/)).toBeInTheDocument();

    await user.click(checkoutButton());
    await screen.findByText(/Online payment isn’t available in this shop right now/);
    expect(calls[0]?.body).toEqual({ items: [{ id: 'prod_mug', quantity: 2 }] });
  });

  it('shows progress and ignores more clicks while the request is in flight', async () => {
    let answer: (response: Response) => void = () => {};
    const pending = new Promise<Response>((resolve) => (answer = resolve));
    const assign = vi.spyOn(browserNavigation, 'assign').mockImplementation(() => {});
    const fetch = vi.fn(fakeApi({ 'GET /api/products': () => instantResponse([mug, tin]) }));
    const { user } = renderApp({
      path: '/cart',
      storage: storageWithCart(LINES),
      fetch: (input, init) => (init?.method === 'POST' ? pending : fetch(input, init)),
    });
    await screen.findByRole('link', { name: 'Stoneware Mug' });

    await user.click(checkoutButton());
    const busy = screen.getByRole('button', { name: 'Starting checkout…' });
    expect(busy).toHaveAttribute('aria-disabled', 'true');
    await user.click(busy);

    answer(
      instantResponse(
        { orderId: 'ord_01CHECKOUT0002', orderToken: 't', sessionId: 's', url: 'https://pay.example/s' },
        201,
      ),
    );
    await vi.waitFor(() => expect(assign).toHaveBeenCalledTimes(1));
  });

  it('does not leave for a payment page the contract does not vouch for', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { user, assign, storage } = renderCheckout(() =>
      instantResponse({ orderId: 'ord_01CHECKOUT0003', orderToken: 'otk_3', url: 'not a url' }, 201),
    );
    await screen.findByRole('link', { name: 'Stoneware Mug' });

    await user.click(checkoutButton());

    expect(await screen.findByRole('alert')).toHaveTextContent('Something went wrong on our side.');
    expect(assign).not.toHaveBeenCalled();
    expect(storage.getItem(ORDER_BOOK_STORAGE_KEY)).toBeNull();
    expect(consoleError).toHaveBeenCalled();
  });

  it('names a product no longer sold and offers to remove it', async () => {
    const { user, storedCart } = renderCheckout(() =>
      apiError('unknown_product', 'Product prod_tin is not sold here (any more).', 400, {
        productIds: ['prod_tin'],
      }),
    );
    await screen.findByRole('link', { name: 'Stoneware Mug' });

    await user.click(checkoutButton());

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Tea Tin is no longer sold, so we couldn’t start your payment. Remove it to check out the rest.',
    );
    // Nothing was removed behind the shopper's back.
    expect(parseStoredCart(storedCart()).lines).toHaveLength(2);

    await user.click(within(alert).getByRole('button', { name: 'Remove Tea Tin from your cart' }));
    expect(screen.queryByLabelText('Quantity for Tea Tin')).not.toBeInTheDocument();
    expect(screen.getByLabelText('Quantity for Stoneware Mug')).toHaveValue(2);
    expect(screen.getByRole('alert')).toBeEmptyDOMElement();
    expect(checkoutButton()).toHaveFocus();
  });

  it('keeps the cart when the payment service is unavailable, and retries the same order', async () => {
    let attempt = 0;
    const retries: FakeRequest[] = [];
    const { user, storedCart, cartBefore, assign, calls, storage } = renderCheckout(
      () => {
        attempt += 1;
        return apiError(
          'payment_provider_unavailable',
          'The payment service is unavailable right now.',
          502,
          { orderId: 'ord_502', orderToken: 'otk_502' },
        );
      },
      {
        'POST /api/orders/ord_502/retry-session': (request: FakeRequest) => {
          retries.push(request);
          return instantResponse({ sessionId: 'cs_2', url: 'https://pay.example/cs_2' }, 201);
        },
      },
    );
    await screen.findByRole('link', { name: 'Stoneware Mug' });

    await user.click(checkoutButton());
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The payment service isn’t responding right now, so nothing was charged. Your cart is kept. Please try again in a moment.',
    );
    expect(storedCart()).toBe(cartBefore);
    expect(assign).not.toHaveBeenCalled();
    expect(storage.getItem(ORDER_BOOK_STORAGE_KEY)).toContain('ord_502');

    // The order exists already: trying again asks for a new payment page for it, not for a second order.
    await user.click(checkoutButton());
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('https://pay.example/cs_2'));
    expect(attempt).toBe(1);
    expect(calls).toHaveLength(1);
    expect(retries[0]?.headers.get('X-Order-Token')).toBe('otk_502');
  });

  it('says when the shop cannot be reached, and keeps the cart', async () => {
    const assign = vi.spyOn(browserNavigation, 'assign').mockImplementation(() => {});
    const api = fakeApi({ 'GET /api/products': () => instantResponse([mug, tin]) });
    const { user, storage } = renderApp({
      path: '/cart',
      storage: storageWithCart(LINES),
      fetch: (input, init) =>
        init?.method === 'POST' ? Promise.reject(new TypeError('Failed to fetch')) : api(input, init),
    });
    const cartBefore = storage.getItem(CART_STORAGE_KEY);
    await screen.findByRole('link', { name: 'Stoneware Mug' });

    await user.click(checkoutButton());

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'We couldn’t reach the shop. Check your connection and try again. Your cart is kept.',
    );
    expect(checkoutButton()).toHaveAttribute('aria-disabled', 'false');
    expect(storage.getItem(CART_STORAGE_KEY)).toBe(cartBefore);
    expect(screen.getByRole('link', { name: 'Cart, 3 items' })).toBeInTheDocument();
    expect(assign).not.toHaveBeenCalled();
  });

  it('cannot be used when nothing in the cart is on sale', async () => {
    const { user, calls } = renderCheckout(() => instantResponse({}, 500), {
      'GET /api/products': () => instantResponse([]),
    });
    expect(await screen.findByText(/2 products are no longer available/)).toBeInTheDocument();
    expect(checkoutButton()).toHaveAttribute('aria-disabled', 'true');
    expect(checkoutButton()).toHaveAccessibleDescription(
      'Remove the products that are no longer available to check out.',
    );
    await user.click(checkoutButton());
    expect(calls).toHaveLength(0);
  });
});
