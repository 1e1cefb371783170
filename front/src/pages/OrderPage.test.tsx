import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { anAddress, anOrder, someCharges } from '../test/builders';
import { fakeApi, instantResponse, rememberOrders, renderApp, storageWithCart } from '../test/render-app';
import { MemoryStorage } from '../test/memory-storage';

describe('the order page', () => {
  it('shows a paid order with its payment and attempts, opened with the stored token', async () => {
    const order = anOrder({ status: 'paid', sessionCount: 2 });
    const storage = rememberOrders(new MemoryStorage(), [{ orderId: order.id, orderToken: 'otk_9' }]);
    let token: string | null = null;
    renderApp({
      path: `/orders/${order.id}`,
      storage,
      fetch: fakeApi({
        [`GET /api/orders/${order.id}`]: (request) => {
          token = request.headers.get('X-Order-Token');
          return instantResponse({ order });
        },
      }),
    });

    expect(await screen.findByTestId('order-status')).toHaveTextContent('Paid');
    expect(token).toBe('otk_9');
    expect(screen.getByRole('heading', { level: 1, name: 'Your order' })).toBeInTheDocument();
    expect(screen.getByTestId('order-attempts')).toHaveTextContent('2');
    expect(screen.getByTestId('amount-received')).toHaveTextContent('$62.50');
    expect(screen.getByTestId('order-total')).toHaveTextContent('$62.50');
    expect(within(screen.getByRole('main')).getByRole('status')).toHaveTextContent('This order is paid.');
    expect(screen.queryByRole('button', { name: 'Try payment again' })).not.toBeInTheDocument();
  });

  it('shows the breakdown of a paid order and its address; a digital order has no "Ships to"', async () => {
    const shipped = anOrder({
      status: 'paid',
      total: 7400,
      charges: someCharges({ shipping: 0, shippingMethod: 'Free over $50', tax: 1150 }),
      shipTo: {
        name: 'Ana Ruiz',
        address: anAddress({
          line1: '1 Main St',
          line2: null,
          city: 'Portland',
          state: 'OR',
          postalCode: '97201',
          country: 'US',
        }),
      },
    });
    const digital = anOrder({ status: 'paid', charges: someCharges({ tax: 500 }), shipTo: null });
    const storage = rememberOrders(new MemoryStorage(), [{ orderId: shipped.id }, { orderId: digital.id }]);
    const view = renderApp({
      path: `/orders/${shipped.id}`,
      storage,
      fetch: fakeApi({
        [`GET /api/orders/${shipped.id}`]: () => instantResponse({ order: shipped }),
        [`GET /api/orders/${digital.id}`]: () => instantResponse({ order: digital }),
      }),
    });
    expect(await screen.findByTestId('order-total')).toHaveTextContent('$74.00');
    expect(screen.getByTestId('charges-shipping')).toHaveTextContent('Free');
    expect(screen.getByTestId('charges-tax')).toHaveTextContent(/^\$11\.50$/);
    expect(screen.getByTestId('ship-to')).toHaveTextContent(
      'Ana Ruiz 1 Main St Portland, OR 97201 United States',
    );

    await act(() => view.router.navigate(`/orders/${digital.id}`));
    expect(await screen.findByTestId('order-total')).toHaveTextContent('$67.50');
    expect(screen.queryByTestId('charges-shipping')).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Ships to' })).not.toBeInTheDocument();
  });

  it('offers to pay again or cancel an expired order', async () => {
    const order = anOrder({ status: 'expired', statusReason: 'checkout_not_created' });
    renderApp({
      path: `/orders/${order.id}`,
      storage: rememberOrders(storageWithCart([]), [{ orderId: order.id }]),
      fetch: fakeApi({ [`GET /api/orders/${order.id}`]: () => instantResponse({ order }) }),
    });
    expect(await screen.findByTestId('order-status')).toHaveTextContent('Expired');
    expect(within(screen.getByRole('main')).getByRole('status')).toHaveTextContent(
      'We couldn’t open the payment page in time.',
    );
    expect(screen.getByRole('button', { name: 'Try payment again' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancel order' })).toBeInTheDocument();
  });

  it('says a payment that does not match the order is under review, with nothing to retry or cancel', async () => {
    const order = anOrder({ status: 'payment_mismatch', actions: { retry: false, cancel: false } });
    renderApp({
      path: `/orders/${order.id}`,
      storage: rememberOrders(storageWithCart([]), [{ orderId: order.id }]),
      fetch: fakeApi({ [`GET /api/orders/${order.id}`]: () => instantResponse({ order }) }),
    });
    expect(await screen.findByTestId('order-status')).toHaveTextContent('Payment under review');
    expect(within(screen.getByRole('main')).getByRole('status')).toHaveTextContent(
      'Payment under review — we received a payment that doesn’t match this order; the shop will contact you.',
    );
    expect(screen.getByTestId('amount-received')).toHaveTextContent('$50.00');
    expect(screen.getByText('Received')).toBeInTheDocument();
    expect(screen.queryByText('payment_under_review')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Try payment again' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel order' })).not.toBeInTheDocument();
  });

  it('explains that an order of another browser cannot be opened here', () => {
    const { fetchMock } = renderApp({ path: '/orders/ord_elsewhere' });
    expect(
      screen.getByRole('heading', { level: 1, name: 'We can’t open this order here' }),
    ).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('recent orders', () => {
  it('lists the orders this browser created, newest first, with their live status', async () => {
    const paid = anOrder({ status: 'paid' });
    const failed = anOrder({ status: 'failed', statusReason: 'card_declined' });
    const storage = rememberOrders(new MemoryStorage(), [
      { orderId: failed.id, orderToken: 'otk_a', createdAt: '2026-11-26T12:00:00.000Z' },
      { orderId: paid.id, orderToken: 'otk_b', createdAt: '2026-11-25T09:00:00.000Z' },
      { orderId: 'ord_gone', orderToken: 'otk_c', createdAt: '2026-11-20T09:00:00.000Z' },
    ]);
    renderApp({
      path: '/orders',
      storage,
      fetch: fakeApi({
        [`GET /api/orders/${paid.id}`]: () => instantResponse({ order: paid }),
        [`GET /api/orders/${failed.id}`]: () => instantResponse({ order: failed }),
        'GET /api/orders/ord_gone': () =>
          instantResponse({ error: { code: 'order_not_found', message: 'No such order.' } }, 404),
      }),
    });

    expect(screen.getByRole('heading', { level: 1, name: 'Recent orders' })).toBeInTheDocument();
    const rows = within(screen.getByRole('main')).getAllByRole('listitem');
    expect(rows).toHaveLength(3);
    expect(await within(rows[0]!).findByText('Payment failed')).toBeInTheDocument();
    expect(await within(rows[1]!).findByText('Paid')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('3 items · $62.50')).toBeInTheDocument();
    expect(await within(rows[2]!).findByText('Not available')).toBeInTheDocument();
    expect(within(rows[1]!).getByRole('link')).toHaveAttribute('href', `/orders/${paid.id}`);
  });

  it('has a friendly empty state', () => {
    renderApp({ path: '/orders' });
    expect(screen.getByText('No orders yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Browse the shop' })).toHaveAttribute('href', '/');
  });
});
