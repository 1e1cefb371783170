import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { anUnmatchedEvent, fakeAdminApi } from '../../test/admin-builders';
import { instantResponse, renderApp } from '../../test/render-app';

const EVENTS = 'GET /api/admin/stripe-events/unmatched';

describe('the Stripe events page', () => {
  it('explains unmatched events and shows each with its reason, object, amount and the order it only claims', async () => {
    const fromLink = anUnmatchedEvent({ id: 'evt_link', claimedOrderId: 'ord_01CLAIMED00001' });
    const fromSweep = anUnmatchedEvent({
      id: 'evt_sweep',
      type: 'payment_intent.succeeded',
      receivedVia: 'sweep',
      note: 'unknown_payment_intent',
      objectId: 'pi_3foreign',
      amount: 1250,
      currency: 'eur',
      claimedOrderId: 'order 42',
    });
    const bare = anUnmatchedEvent({
      id: 'evt_bare',
      note: 'foreign_session',
      amount: null,
      currency: null,
      claimedOrderId: null,
    });
    const view = renderApp({
      path: '/admin/stripe-events',
      fetch: fakeAdminApi({
        [EVENTS]: () => instantResponse({ events: [fromLink, fromSweep, bare], nextCursor: null }),
      }),
    });

    expect(await screen.findByRole('heading', { level: 1, name: 'Stripe events' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Stripe events' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByText(/they never changed an order/)).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Unmatched Stripe events, newest first' });
    const rows = within(table).getAllByTestId('event-row');
    expect(rows).toHaveLength(3);

    expect(rows[0]).toHaveTextContent('checkout.session.completed');
    expect(rows[0]).toHaveTextContent('Webhook');
    expect(rows[0]).toHaveTextContent('A Checkout Session this store never created');
    expect(rows[0]).toHaveTextContent('$62.50');
    expect(rows[0]).toHaveTextContent('Claims');
    expect(rows[0]).toHaveTextContent('Not verified');
    expect(within(rows[0]!).getByRole('link', { name: 'ord_01CLAIMED00001' })).toHaveAttribute(
      'href',
      '/admin/orders/ord_01CLAIMED00001',
    );

    expect(rows[1]).toHaveTextContent('Stripe event list');
    expect(rows[1]).toHaveTextContent('A payment this store never created');
    expect(rows[1]).toHaveTextContent('pi_3foreign');
    expect(rows[1]).toHaveTextContent('€12.50');
    // Not an order id: shown as it came, never linked.
    expect(rows[1]).toHaveTextContent('order 42');
    expect(within(rows[1]!).queryByRole('link')).not.toBeInTheDocument();

    expect(rows[2]).toHaveTextContent('Not the session the store created for the order it names');
    expect(rows[2]).toHaveTextContent('No order named');

    await view.user.click(within(rows[0]!).getByText('Raw event'));
    expect(within(rows[0]!).getByLabelText('Raw Stripe event evt_link')).toHaveTextContent(
      '"client_reference_id": "x"',
    );
  });

  it('loads more events with the cursor of the last page', async () => {
    const urls: string[] = [];
    const api = fakeAdminApi({
      [EVENTS]: () =>
        instantResponse({
          events: [anUnmatchedEvent({ id: 'evt_first' }), anUnmatchedEvent({ id: 'evt_second' })],
          nextCursor: 'cursor_2',
        }),
    });
    const view = renderApp({
      path: '/admin/stripe-events',
      fetch: (input, init) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        urls.push(url);
        if (url.includes('cursor=cursor_2')) {
          return Promise.resolve(
            instantResponse({ events: [anUnmatchedEvent({ id: 'evt_third' })], nextCursor: null }),
          );
        }
        return api(input, init);
      },
    });

    expect(await screen.findAllByTestId('event-row')).toHaveLength(2);
    expect(screen.getByText('Showing 2 events, newest first; more below.')).toHaveAttribute('role', 'status');
    await view.user.click(screen.getByRole('button', { name: 'Load more events' }));

    await waitFor(() => expect(screen.getAllByTestId('event-row')).toHaveLength(3));
    expect(screen.getAllByTestId('event-row').map((row) => row.getAttribute('data-event-id'))).toEqual([
      'evt_first',
      'evt_second',
      'evt_third',
    ]);
    expect(urls).toContain('/api/admin/stripe-events/unmatched?cursor=cursor_2');
    expect(screen.queryByRole('button', { name: 'Load more events' })).not.toBeInTheDocument();
  });

  it('says so when there is none', async () => {
    renderApp({
      path: '/admin/stripe-events',
      fetch: fakeAdminApi({ [EVENTS]: () => instantResponse({ events: [], nextCursor: null }) }),
    });
    expect(await screen.findByText('No unmatched Stripe events')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('offers to try again when the events cannot be loaded', async () => {
    renderApp({
      path: '/admin/stripe-events',
      fetch: fakeAdminApi({
        [EVENTS]: () => instantResponse({ error: { code: 'internal_error', message: 'Down.' } }, 500),
      }),
    });
    expect(
      await screen.findByRole('heading', { name: 'We couldn’t load the Stripe events' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
