import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aWatchReport, fakeAdminApi } from '../../test/admin-builders';
import { instantResponse, renderApp } from '../../test/render-app';

describe('the watch list page', () => {
  it('shows the watch list, the background passes and each lost session with its order', async () => {
    const view = renderApp({
      path: '/admin/watch',
      fetch: fakeAdminApi({
        'GET /api/admin/watch': () =>
          instantResponse(
            aWatchReport({
              summary: {
                size: 5,
                oldestCheckAt: '2026-11-26T08:00:00.000Z',
                oldestCheckAgeSeconds: 7200,
                lost: 1,
              },
              lostSessions: [
                {
                  orderId: 'ord_01LOST0000001',
                  attemptNo: 2,
                  sessionId: 'cs_test_gone',
                  orderStatus: 'expired',
                  checkedAt: '2026-11-26T09:00:00.000Z',
                  createdAt: '2026-11-26T07:00:00.000Z',
                },
              ],
              sweep: { lastRunAt: '2026-11-26T10:00:00.000Z', cursor: null, lastError: 'rate_limited' },
            }),
          ),
      }),
    });

    expect(await screen.findByRole('heading', { level: 1, name: 'Watch list' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Watch list' })).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByTestId('watch-size')).toHaveTextContent('5');
    expect(screen.getByTestId('watch-oldest')).toHaveTextContent('2 hours ago');
    expect(screen.getByTestId('watch-lost')).toHaveTextContent('1');
    expect(screen.getByTestId('reconcile-run')).toHaveTextContent('Nov 26, 2026');
    expect(screen.getByTestId('sweep-run')).toHaveTextContent('Last error: rate_limited');

    const table = screen.getByRole('table', { name: 'Sessions Stripe doesn’t know, by order' });
    const row = within(table).getByTestId('lost-session-row');
    expect(row).toHaveTextContent('cs_test_gone');
    expect(row).toHaveTextContent('Expired');
    await view.user.click(within(row).getByRole('link', { name: 'ord_01LOST0000001' }));
    expect(view.router.state.location.pathname).toBe('/admin/orders/ord_01LOST0000001');
  });

  it('says when nothing is watched and no session is lost', async () => {
    renderApp({
      path: '/admin/watch',
      fetch: fakeAdminApi({
        'GET /api/admin/watch': () =>
          instantResponse(
            aWatchReport({
              summary: { size: 0, oldestCheckAt: null, oldestCheckAgeSeconds: null, lost: 0 },
              reconcile: { lastRunAt: null, lastError: null },
            }),
          ),
      }),
    });
    expect(await screen.findByTestId('watch-oldest')).toHaveTextContent('Nothing to check');
    expect(screen.getByText('No lost sessions.')).toBeInTheDocument();
    expect(screen.getByTestId('reconcile-run')).toHaveTextContent('Not run yet');
  });
});
