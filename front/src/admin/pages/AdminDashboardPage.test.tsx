import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aDashboard, fakeAdminApi } from '../../test/admin-builders';
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
    ).toEqual(['3', '0', '0', '0', '1', '0', '0', '0', '4']);

    await view.user.click(screen.getByRole('link', { name: 'Orders' }));
    expect(view.router.state.location.pathname).toBe('/admin/orders');
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
    expect(screen.getByRole('heading', { level: 1, name: 'Log in to the admin panel' })).toBeInTheDocument();
  });
});
