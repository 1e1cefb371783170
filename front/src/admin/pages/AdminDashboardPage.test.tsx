import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aDashboard, aWatchReport, fakeAdminApi } from '../../test/admin-builders';
import { instantResponse, renderApp } from '../../test/render-app';

describe('the admin dashboard', () => {
  it('shows orders by status, revenue, problems and a chart of orders per day with its numbers', async () => {
    const view = renderApp({
      path: '/admin',
      fetch: fakeAdminApi({ 'GET /api/admin/dashboard': () => instantResponse(aDashboard()) }),
    });

    expect(await screen.findByTestId('revenue-today')).toHaveTextContent('$184.50');
    expect(screen.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByTestId('revenue-7-days')).toHaveTextContent('$312.50');
    expect(screen.getByTestId('failed-count')).toHaveTextContent('1');
    expect(screen.getByTestId('failed-count')).toHaveAttribute('href', '/admin/orders?status=failed');
    expect(screen.getByTestId('expired-count')).toHaveTextContent('2');
    expect(screen.getByTestId('count-paid')).toHaveTextContent('5');
    expect(screen.getByTestId('count-paid')).toHaveAttribute('href', '/admin/orders?status=paid');
    expect(screen.getByTestId('count-payment_mismatch')).toHaveTextContent('0Payment mismatch');
    // Nothing to give back: the card says so and leads nowhere.
    expect(screen.getByTestId('needs-refund')).toHaveTextContent('No money to give back');
    expect(screen.getByTestId('needs-refund')).not.toHaveAttribute('href');

    // The chart is one image with a summary for its name; the table has the same numbers.
    expect(screen.getByRole('img')).toHaveAccessibleName(
      'Orders per day, by status 7 orders in the last 14 days; the busiest day was Thu, Nov 26 with 4.',
    );
    const table = screen.getByRole('table', { name: 'Orders per day, by status (UTC days)' });
    const lastRow = within(table).getByRole('row', { name: /Thu, Nov 26/ });
    expect(
      within(lastRow)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['3', '0', '0', '0', '0', '1', '0', '0', '0', '4']);

    await view.user.click(screen.getByRole('link', { name: 'Orders' }));
    expect(view.router.state.location.pathname).toBe('/admin/orders');
  });

  it('shows what needs a refund, the watch list and the unmatched Stripe events, with links to each', async () => {
    renderApp({
      path: '/admin',
      fetch: fakeAdminApi({
        'GET /api/admin/dashboard': () =>
          instantResponse(
            aDashboard({
              needsRefund: 2,
              unmatchedEvents: 3,
              watch: {
                size: 4,
                oldestCheckAt: '2026-11-26T09:57:00.000Z',
                oldestCheckAgeSeconds: 180,
                lost: 1,
              },
            }),
          ),
        'GET /api/admin/watch': () =>
          instantResponse(
            aWatchReport({
              reconcile: { lastRunAt: '2026-11-26T10:02:00.000Z', lastError: 'Stripe answered 503' },
              sweep: { lastRunAt: null, cursor: null, lastError: null },
            }),
          ),
      }),
    });

    const needsRefund = await screen.findByTestId('needs-refund');
    expect(needsRefund).toHaveTextContent('Needs a refund2');
    expect(needsRefund).toHaveAttribute('href', '/admin/orders?status=payment_mismatch');
    expect(screen.getByTestId('unmatched-count')).toHaveTextContent('Unmatched Stripe events (7 days)3');
    expect(screen.getByTestId('unmatched-count')).toHaveAttribute('href', '/admin/stripe-events');

    const watch = screen.getByTestId('watch-card');
    expect(within(watch).getByTestId('watch-size')).toHaveTextContent('4');
    expect(within(watch).getByTestId('watch-oldest')).toHaveTextContent('3 minutes ago');
    expect(within(watch).getByRole('link', { name: '1 lost session' })).toHaveAttribute(
      'href',
      '/admin/watch#lost-sessions',
    );
    expect(await within(watch).findByTestId('reconcile-run')).toHaveTextContent(
      'Last error: Stripe answered 503',
    );
    expect(within(watch).getByTestId('sweep-run')).toHaveTextContent('Not run yet');
    expect(within(watch).getByRole('link', { name: 'Open the watch list' })).toHaveAttribute(
      'href',
      '/admin/watch',
    );
  });

  it('logs out, and then no admin page opens without logging in again', async () => {
    let loggedIn = true;
    let logoutBody: unknown = null;
    let logoutType: string | null = null;
    const view = renderApp({
      path: '/admin',
      fetch: fakeAdminApi({
        'GET /api/admin/me': () =>
          loggedIn
            ? instantResponse({ user: { email: 'owner@example.com' } })
            : instantResponse({ error: { code: 'unauthorized', message: 'Log in first.' } }, 401),
        'GET /api/admin/dashboard': () => instantResponse(aDashboard()),
        'POST /api/admin/logout': (request) => {
          loggedIn = false;
          logoutBody = request.body;
          logoutType = request.headers.get('Content-Type');
          return new Response(null, { status: 204 });
        },
      }),
    });

    await view.user.click(await screen.findByRole('button', { name: 'Log out' }));
    expect(await screen.findByText('You are logged out.')).toBeInTheDocument();
    expect(view.router.state.location.pathname).toBe('/admin/login');
    expect(view.router.state.location.search).toBe('');
    expect(logoutBody).toEqual({});
    expect(logoutType).toBe('application/json');
    expect(screen.queryByText('owner@example.com')).not.toBeInTheDocument();

    await view.router.navigate('/admin/orders');
    await waitFor(() =>
      expect(new URLSearchParams(view.router.state.location.search).get('next')).toBe('/admin/orders'),
    );
    expect(view.router.state.location.pathname).toBe('/admin/login');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Log in to the admin panel' }),
    ).toBeInTheDocument();
  });

  it('shows what is ready to ship, the money at risk, and the disputes to answer in the order given', async () => {
    const now = Date.now();
    const view = renderApp({
      path: '/admin',
      fetch: fakeAdminApi({
        'GET /api/admin/dashboard': () =>
          instantResponse(
            aDashboard({
              readyToShip: 4,
              amountAtRisk: { usd: 8250, eur: 1500 },
              disputesNeedingResponse: [
                {
                  disputeId: 'dp_1soon',
                  orderId: 'ord_01DISPUTED0001',
                  status: 'needs_response',
                  reason: 'fraudulent',
                  amount: 6250,
                  currency: 'usd',
                  evidenceDueBy: new Date(now + 30 * 60 * 60 * 1000).toISOString(),
                },
                {
                  disputeId: 'dp_1later',
                  orderId: 'ord_01DISPUTED0002',
                  status: 'warning_needs_response',
                  reason: 'product_not_received',
                  amount: 1500,
                  currency: 'eur',
                  evidenceDueBy: new Date(now + 9 * 24 * 60 * 60 * 1000).toISOString(),
                },
              ],
            }),
          ),
      }),
    });

    const ready = await screen.findByTestId('ready-to-ship');
    expect(ready).toHaveTextContent('Ready to ship4');
    expect(ready).toHaveAttribute('href', '/admin/orders?ready=true');
    const atRisk = screen.getByTestId('amount-at-risk');
    expect(atRisk).toHaveTextContent('$82.50');
    expect(atRisk).toHaveTextContent('€15.00');
    expect(atRisk).toHaveAttribute('href', '/admin/orders?flag=dispute_open');

    const table = screen.getByRole('table', {
      name: 'Disputes waiting for your evidence, the soonest due first',
    });
    const rows = within(table).getAllByTestId('dispute-to-answer');
    expect(rows.map((row) => row.getAttribute('data-dispute-id'))).toEqual(['dp_1soon', 'dp_1later']);
    expect(rows[0]).toHaveTextContent('$62.50');
    expect(rows[0]).toHaveTextContent('Due in 30 hours');
    expect(rows[0]).toHaveTextContent('Needs response');
    expect(rows[0]).toHaveTextContent('fraudulent');
    expect(rows[1]).toHaveTextContent('€15.00');
    expect(rows[1]).toHaveTextContent('in 9 days');
    expect(rows[1]).toHaveTextContent('Inquiry: needs response');

    await view.user.click(within(rows[0]!).getByRole('link', { name: 'ord_01DISPUTED0001' }));
    expect(view.router.state.location.pathname).toBe('/admin/orders/ord_01DISPUTED0001');
  });

  it('says when no dispute waits and nothing is at risk', async () => {
    renderApp({
      path: '/admin',
      fetch: fakeAdminApi({
        'GET /api/admin/dashboard': () => instantResponse(aDashboard({ readyToShip: 0 })),
      }),
    });
    expect(await screen.findByTestId('no-disputes')).toHaveTextContent(
      'No dispute is waiting for your evidence.',
    );
    expect(screen.getByTestId('amount-at-risk')).toHaveTextContent('None');
    expect(screen.getByTestId('ready-to-ship')).toHaveTextContent('Ready to ship0');
  });
});
