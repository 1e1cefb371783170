import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi, type Mock } from 'vitest';
import { SESSION_ENDED, anAdminOrder, fakeAdminApi } from '../../test/admin-builders';
import { instantResponse, renderApp } from '../../test/render-app';
import { ORDERS_REFRESH_MS } from './AdminOrdersPage';

/** The query strings of the list requests made so far. */
function listQueries(fetchMock: Mock): URLSearchParams[] {
  return fetchMock.mock.calls
    .map(([url]) => String(url))
    .filter((url) => url.startsWith('/api/admin/orders?') || url === '/api/admin/orders')
    .map((url) => new URLSearchParams(url.split('?')[1] ?? ''));
}

const localMidnight = (y: number, m: number, d: number) => new Date(y, m - 1, d).toISOString();

describe('the admin order list', () => {
  it('lists orders with their ids, status, total, session and payment intent', async () => {
    const paid = anAdminOrder({ customerEmail: 'ana@example.com', total: 6250 });
    const flagged = anAdminOrder({ flags: ['duplicate_payment'], status: 'paid' });
    const pending = anAdminOrder({
      status: 'pending',
      paymentIntentId: null,
      amountReceived: null,
      paidAt: null,
    });
    renderApp({
      path: '/admin/orders',
      fetch: fakeAdminApi({
        'GET /api/admin/orders': () =>
          instantResponse({ orders: [paid, flagged, pending], nextCursor: null }),
      }),
    });

    const link = await screen.findByRole('link', { name: paid.id });
    expect(link).toHaveAttribute('href', `/admin/orders/${paid.id}`);
    const row = link.closest('tr')!;
    expect(within(row).getByText('Paid')).toBeInTheDocument();
    expect(within(row).getByText('$62.50')).toBeInTheDocument();
    expect(within(row).getByText('ana@example.com', { exact: false })).toBeInTheDocument();
    // The session id is shortened on screen but whole in the text, with a button to copy it.
    expect(row).toHaveTextContent(paid.sessionId!);
    expect(
      within(row).getByRole('button', { name: `Copy session ID ${paid.sessionId}` }),
    ).toBeInTheDocument();
    expect(
      within(row).getByRole('button', { name: `Copy payment intent ${paid.paymentIntentId}` }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('link', { name: flagged.id }).closest('tr')!).getByText('Duplicate payment'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('link', { name: pending.id }).closest('tr')!).getByText('Pending'),
    ).toBeInTheDocument();
    expect(screen.getByText('Showing 3 orders.')).toBeInTheDocument();
  });

  it('shows where each order ships and how, what came off (with the code) and the tax', async () => {
    const shipped = anAdminOrder({
      shippingCountry: 'DE',
      shippingMethod: 'Standard shipping',
      discount: 625,
      promotionCode: 'SUMMER10',
      tax: 998,
      currency: 'eur',
    });
    const digital = anAdminOrder({ tax: 120 });
    const unpaid = anAdminOrder({
      status: 'pending',
      paymentIntentId: null,
      amountReceived: null,
      paidAt: null,
    });
    renderApp({
      path: '/admin/orders',
      fetch: fakeAdminApi({
        'GET /api/admin/orders': () =>
          instantResponse({ orders: [shipped, digital, unpaid], nextCursor: null }),
      }),
    });
    const row = (await screen.findByRole('link', { name: shipped.id })).closest('tr')!;
    expect(within(row).getByTestId('order-shipping')).toHaveTextContent('GermanyStandard shipping');
    expect(within(row).getByTestId('order-charges')).toHaveTextContent('−€6.25 SUMMER10Tax €9.98');

    const digitalRow = screen.getByRole('link', { name: digital.id }).closest('tr')!;
    expect(within(digitalRow).getByTestId('order-shipping')).toHaveTextContent('—');
    expect(within(digitalRow).getByTestId('order-charges')).toHaveTextContent('Tax $1.20');

    const unpaidRow = screen.getByRole('link', { name: unpaid.id }).closest('tr')!;
    expect(within(unpaidRow).getByTestId('order-charges')).toHaveTextContent('—');
    expect(screen.getByRole('columnheader', { name: 'Shipping' })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Discount · tax' })).toBeInTheDocument();
  });

  it('reads its filters from the URL and sends them to the API', async () => {
    const view = renderApp({
      path: '/admin/orders?status=failed,paid&from=2026-11-01&to=2026-11-30&q=ana@example.com',
      fetch: fakeAdminApi({
        'GET /api/admin/orders': () => instantResponse({ orders: [], nextCursor: null }),
      }),
    });

    expect(await screen.findByText('No orders match these filters')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Paid' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Failed' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Pending' })).not.toBeChecked();
    expect(screen.getByLabelText('Search orders')).toHaveValue('ana@example.com');
    expect(screen.getByLabelText('From')).toHaveValue('2026-11-01');
    expect(screen.getByLabelText('To')).toHaveValue('2026-11-30');

    const [query] = listQueries(view.fetchMock);
    expect(query?.get('status')).toBe('paid,failed');
    expect(query?.get('q')).toBe('ana@example.com');
    // Days in the admin's time zone: from the start of the first to the start of the day after the last.
    expect(query?.get('from')).toBe(localMidnight(2026, 11, 1));
    expect(query?.get('to')).toBe(localMidnight(2026, 12, 1));
    expect(query?.get('limit')).toBe('25');
    expect(query?.has('cursor')).toBe(false);

    // The CSV export carries the same filters.
    const csv = screen.getByRole('link', { name: 'Export CSV' });
    const csvQuery = new URLSearchParams(csv.getAttribute('href')!.split('?')[1]);
    expect(csv.getAttribute('href')).toMatch(/^\/api\/admin\/orders\.csv\?/);
    expect(csvQuery.get('status')).toBe('paid,failed');
    expect(csvQuery.get('q')).toBe('ana@example.com');
    expect(csvQuery.has('limit')).toBe(false);
  });

  it('puts the filters chosen on the page in the URL, and asks the API for them', async () => {
    const view = renderApp({
      path: '/admin/orders',
      fetch: fakeAdminApi({
        'GET /api/admin/orders': () => instantResponse({ orders: [anAdminOrder()], nextCursor: null }),
      }),
    });
    await screen.findByText('Showing 1 order.');

    await view.user.click(screen.getByRole('checkbox', { name: 'Expired' }));
    await view.user.click(screen.getByRole('checkbox', { name: 'Failed' }));
    expect(view.router.state.location.search).toBe('?status=failed%2Cexpired');

    await view.user.type(screen.getByLabelText('Search orders'), 'cs_test_a1{Enter}');
    expect(view.router.state.location.search).toBe('?status=failed%2Cexpired&q=cs_test_a1');
    await waitFor(() => {
      const last = listQueries(view.fetchMock).at(-1);
      expect(last?.get('status')).toBe('failed,expired');
      expect(last?.get('q')).toBe('cs_test_a1');
    });

    // Typing alone does not search.
    await view.user.type(screen.getByLabelText('Search orders'), 'x');
    expect(view.router.state.location.search).toBe('?status=failed%2Cexpired&q=cs_test_a1');

    // Back restores the previous filters, and the boxes follow.
    await view.router.navigate(-1);
    await waitFor(() => expect(screen.getByLabelText('Search orders')).toHaveValue(''));
    expect(screen.getByRole('checkbox', { name: 'Failed' })).toBeChecked();

    await view.user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(view.router.state.location.search).toBe('');
    expect(screen.getByRole('checkbox', { name: 'Failed' })).not.toBeChecked();
  });

  it('loads the next page with the cursor and keeps the rows it already has', async () => {
    const first = [anAdminOrder(), anAdminOrder()];
    const second = [anAdminOrder()];
    const view = renderApp({
      path: '/admin/orders?status=paid',
      fetch: fakeAdminApi({
        'GET /api/admin/orders': () => {
          const calls = listQueries(view.fetchMock);
          const cursor = calls.at(-1)?.get('cursor');
          return instantResponse(
            cursor === 'cursor-2'
              ? { orders: second, nextCursor: null }
              : { orders: first, nextCursor: 'cursor-2' },
          );
        },
      }),
    });

    await screen.findByRole('link', { name: first[0]!.id });
    await view.user.click(screen.getByRole('button', { name: 'Load more orders' }));
    expect(await screen.findByRole('link', { name: second[0]!.id })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: first[1]!.id })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more orders' })).not.toBeInTheDocument();
    expect(screen.getByText('Showing 3 orders.')).toBeInTheDocument();

    const next = listQueries(view.fetchMock).find((query) => query.has('cursor'));
    expect(next?.get('cursor')).toBe('cursor-2');
    expect(next?.get('status')).toBe('paid');
  });

  it('refreshes itself every few seconds without losing the pages already loaded', async () => {
    // The panel's lazy chunk, loaded before the clock is faked (Testing Library's waits need real timers).
    await import('../admin-pages');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const settle = async () => {
      for (let i = 0; i < 5; i += 1) await act(() => vi.advanceTimersByTimeAsync(10));
    };
    try {
      const older = [anAdminOrder(), anAdminOrder()];
      const oldest = anAdminOrder();
      let newest: ReturnType<typeof anAdminOrder> | null = null;
      const view = renderApp({
        path: '/admin/orders',
        advanceTimers: vi.advanceTimersByTime,
        fetch: fakeAdminApi({
          'GET /api/admin/orders': () => {
            const cursor = listQueries(view.fetchMock).at(-1)?.get('cursor');
            const all = newest ? [newest, ...older, oldest] : [...older, oldest];
            // Pages of two: the cursor is the id of the last row of the page before.
            const start = cursor ? all.findIndex((order) => order.id === cursor) + 1 : 0;
            const page = all.slice(start, start + 2);
            const more = start + 2 < all.length;
            return instantResponse({ orders: page, nextCursor: more ? page.at(-1)!.id : null });
          },
        }),
      });
      await settle();
      expect(screen.getByRole('link', { name: older[0]!.id })).toBeInTheDocument();
      fireEvent.click(screen.getByRole('button', { name: 'Load more orders' }));
      await settle();
      expect(screen.getByRole('link', { name: oldest.id })).toBeInTheDocument();

      // A new order arrives; the next refresh shows it on top and keeps both pages.
      newest = anAdminOrder({ status: 'pending' });
      const before = listQueries(view.fetchMock).length;
      await act(() => vi.advanceTimersByTimeAsync(ORDERS_REFRESH_MS));
      await settle();
      expect(screen.getByRole('link', { name: newest.id })).toBeInTheDocument();
      const ids = screen.getAllByTestId('order-row').map((row) => row.getAttribute('data-order-id'));
      expect(ids).toEqual([newest.id, older[0]!.id, older[1]!.id, oldest.id]);
      // Both pages were asked again, the second one after the first's new last row.
      const refresh = listQueries(view.fetchMock).slice(before);
      expect(refresh.map((query) => query.get('cursor'))).toEqual([null, older[0]!.id]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends the admin to the login page when the session has ended, to come back afterwards', async () => {
    const view = renderApp({
      path: '/admin/orders?status=paid',
      fetch: fakeAdminApi({ 'GET /api/admin/orders': () => instantResponse(SESSION_ENDED, 401) }),
    });

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Log in to the admin panel' }),
    ).toBeInTheDocument();
    expect(view.router.state.location.pathname).toBe('/admin/login');
    expect(new URLSearchParams(view.router.state.location.search).get('next')).toBe(
      '/admin/orders?status=paid',
    );
    expect(
      screen.getByText('Your session has ended. Log in again to continue where you were.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Log out' })).not.toBeInTheDocument();
  });

  it('shows each flag as a named badge, and where each order’s goods are', async () => {
    const ready = anAdminOrder();
    const disputed = anAdminOrder({ flags: ['dispute_open', 'fraud_warning'] });
    const lost = anAdminOrder({ flags: ['dispute_lost'], fulfilmentStatus: 'fulfilled' });
    const returned = anAdminOrder({ status: 'refunded', amountRefunded: 6250, fulfilmentStatus: 'returned' });
    const pending = anAdminOrder({
      status: 'pending',
      amountReceived: null,
      paidAt: null,
      paymentIntentId: null,
    });
    renderApp({
      path: '/admin/orders',
      fetch: fakeAdminApi({
        'GET /api/admin/orders': () =>
          instantResponse({ orders: [ready, disputed, lost, returned, pending], nextCursor: null }),
      }),
    });
    const rowOf = async (id: string) => (await screen.findByRole('link', { name: id })).closest('tr')!;
    const fulfilmentOf = async (id: string) => within(await rowOf(id)).getByTestId('order-fulfilment');

    expect(await fulfilmentOf(ready.id)).toHaveTextContent('Unfulfilled Ready to ship');
    expect(await fulfilmentOf(disputed.id)).toHaveTextContent('Unfulfilled Blocked');
    const flags = within(await rowOf(disputed.id)).getByRole('list', { name: 'Flags' });
    expect(
      within(flags)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Dispute open', 'Fraud warning']);
    expect(await fulfilmentOf(lost.id)).toHaveTextContent('Fulfilled');
    expect(await fulfilmentOf(lost.id)).not.toHaveTextContent('Blocked');
    expect(within(await rowOf(lost.id)).getByText('Dispute lost')).toBeInTheDocument();
    expect(await fulfilmentOf(returned.id)).toHaveTextContent('Returned');
    // Nothing to ship yet is not "blocked".
    expect(await fulfilmentOf(pending.id)).toHaveTextContent('Unfulfilled');
    expect(await fulfilmentOf(pending.id)).not.toHaveTextContent('Blocked');
  });

  it('filters on shipping and on a flag, through the URL, and asks the API for them', async () => {
    const view = renderApp({
      path: '/admin/orders?ready=false&flag=dispute_open',
      fetch: fakeAdminApi({
        'GET /api/admin/orders': () => instantResponse({ orders: [anAdminOrder()], nextCursor: null }),
      }),
    });
    await screen.findByText('Showing 1 order.');
    const shipping = screen.getByRole('group', { name: 'Shipping' });
    expect(within(shipping).getByRole('radio', { name: 'Paid but blocked' })).toBeChecked();
    expect(shipping).toHaveAccessibleDescription(/a dispute, a fraud warning/);
    expect(screen.getByLabelText('Flag')).toHaveValue('dispute_open');
    let last = listQueries(view.fetchMock).at(-1);
    expect(last?.get('ready')).toBe('false');
    expect(last?.get('flag')).toBe('dispute_open');

    await view.user.click(within(shipping).getByRole('radio', { name: 'Ready to ship' }));
    expect(view.router.state.location.search).toBe('?ready=true&flag=dispute_open');
    await view.user.selectOptions(screen.getByLabelText('Flag'), 'Fraud warning');
    expect(view.router.state.location.search).toBe('?ready=true&flag=fraud_warning');
    await waitFor(() => {
      last = listQueries(view.fetchMock).at(-1);
      expect(last?.get('ready')).toBe('true');
      expect(last?.get('flag')).toBe('fraud_warning');
    });
    const csv = new URLSearchParams(
      screen.getByRole('link', { name: 'Export CSV' }).getAttribute('href')!.split('?')[1],
    );
    expect(csv.get('ready')).toBe('true');
    expect(csv.get('flag')).toBe('fraud_warning');

    await view.user.click(within(shipping).getByRole('radio', { name: 'Any' }));
    await view.user.selectOptions(screen.getByLabelText('Flag'), 'Any flag');
    expect(view.router.state.location.search).toBe('');
  });
});
