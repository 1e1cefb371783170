import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  SESSION_ENDED,
  aPayment,
  anAdminOrderDetail,
  fakeAdminApi,
  renderOrder,
} from '../../test/admin-builders';
import { instantResponse, renderApp } from '../../test/render-app';

describe('the admin order page', () => {
  it('shows the items, the payment, the attempts, the history as a timeline and the webhook deliveries', async () => {
    const detail = anAdminOrderDetail();
    detail.deliveries.push({
      id: 2,
      receivedAt: '2026-11-26T10:02:00.000Z',
      eventId: null,
      eventType: null,
      signatureOk: false,
      result: 'rejected',
      httpStatus: 400,
      error: 'No signatures found matching the expected signature for payload',
      durationMs: 1,
    });
    const view = renderOrder(detail);

    expect(
      await screen.findByRole('heading', { level: 1, name: `Order ${detail.order.id}` }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('order-status')).toHaveTextContent('Paid');
    expect(screen.getByTestId('order-total')).toHaveTextContent('$62.50');
    const items = screen.getAllByTestId('order-item');
    expect(items[0]).toHaveTextContent('Stoneware Mug');
    expect(items[0]).toHaveTextContent('$44.00');
    expect(screen.getByTestId('amount-received')).toHaveTextContent('$62.50');
    expect(screen.getByTestId('attempt-row')).toHaveTextContent('complete');

    const history = screen.getByRole('list', { name: 'Event history' });
    const events = within(history).getAllByTestId('timeline-item');
    expect(events.map((item) => item.getAttribute('data-kind'))).toEqual([
      'order_created',
      'checkout_session_created',
      'checkout.session.completed',
    ]);
    expect(events[2]).toHaveTextContent('checkout.session.completed');
    expect(events[2]).toHaveTextContent('Webhook');
    expect(events[2]).toHaveTextContent('Pending → Paid');
    expect(events[2]).toHaveTextContent('evt_completed_1');
    expect(events[2]).toHaveTextContent('applied');
    // The raw Stripe event is one click away.
    await view.user.click(within(events[2]!).getByText('Raw Stripe event'));
    expect(within(events[2]!).getByLabelText(/Raw Stripe event/)).toHaveTextContent(
      '"type": "checkout.session.completed"',
    );

    const deliveries = screen.getAllByTestId('delivery-row');
    expect(deliveries).toHaveLength(2);
    expect(deliveries[1]).toHaveTextContent('rejected');
    expect(deliveries[1]).toHaveTextContent('Invalid');
    expect(deliveries[1]).toHaveTextContent('No signatures found');
  });

  it('checks the refund amount against what is left, as money, before asking Stripe', async () => {
    const detail = anAdminOrderDetail({ payments: [aPayment({ amountRefunded: 1000 })] });
    let refunds = 0;
    const view = renderOrder(detail, {
      [`POST /api/admin/orders/${detail.order.id}/refund`]: () => {
        refunds += 1;
        return instantResponse(
          {
            refund: {
              id: 're_1',
              paymentIntentId: 'pi_3abc',
              amount: 1,
              currency: 'usd',
              status: 'pending',
              failureReason: null,
            },
          },
          201,
        );
      },
    });
    await view.user.click(await screen.findByRole('button', { name: 'Refund' }));
    const dialog = screen.getByRole('dialog', { name: 'Refund this order' });
    const amount = within(dialog).getByLabelText('Refund amount');
    // Opens on everything that is left.
    expect(amount).toHaveValue('52.50');
    expect(within(dialog).getByTestId('refund-summary')).toHaveTextContent(
      'Refund $52.50 — everything that is left',
    );

    const tryAmount = async (text: string) => {
      await view.user.clear(amount);
      if (text) await view.user.type(amount, text);
      await view.user.click(within(dialog).getByRole('button', { name: 'Confirm refund' }));
    };
    await tryAmount('52.51');
    expect(amount).toHaveAccessibleDescription(/At most \$52\.50 can be refunded\./);
    expect(amount).toHaveAttribute('aria-invalid', 'true');
    await tryAmount('0');
    expect(amount).toHaveAccessibleDescription(/The refund must be more than zero\./);
    await tryAmount('-5');
    expect(amount).toHaveAccessibleDescription(/Enter an amount like 12\.50\./);
    await tryAmount('1.005');
    expect(amount).toHaveAccessibleDescription(/Use at most 2 decimal places\./);
    await tryAmount('ten');
    expect(amount).toHaveAccessibleDescription(/Enter an amount like 12\.50\./);
    await tryAmount('');
    expect(amount).toHaveAccessibleDescription(/Enter the amount to refund\./);
    expect(refunds).toBe(0);

    await view.user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('refunds the confirmed amount in minor units, then waits for Stripe to confirm it', async () => {
    const detail = anAdminOrderDetail();
    let refunded = false;
    const sent: unknown[] = [];
    const view = renderOrder(detail, {
      [`GET /api/admin/orders/${detail.order.id}`]: () =>
        instantResponse(
          refunded
            ? anAdminOrderDetail({
                order: { id: detail.order.id, status: 'partially_refunded' },
                payments: [aPayment({ amountRefunded: 29 })],
              })
            : detail,
        ),
      [`POST /api/admin/orders/${detail.order.id}/refund`]: (request) => {
        sent.push(request.body);
        refunded = true;
        return instantResponse(
          {
            refund: {
              id: 're_123',
              paymentIntentId: 'pi_3abc',
              amount: 29,
              currency: 'usd',
              status: 'pending',
              failureReason: null,
            },
          },
          201,
        );
      },
    });

    await view.user.click(await screen.findByRole('button', { name: 'Refund' }));
    const dialog = screen.getByRole('dialog');
    const amount = within(dialog).getByLabelText('Refund amount');
    await view.user.clear(amount);
    // 0.29 is 28.999… as a float: the amount must still be 29 cents.
    await view.user.type(amount, '0.29');
    expect(within(dialog).getByTestId('refund-summary')).toHaveTextContent('Refund $0.29 of $62.50');
    const confirm = within(dialog).getByRole('button', { name: 'Confirm refund' });
    expect(confirm).toHaveAccessibleDescription(/Refund \$0\.29 of \$62\.50/);
    await view.user.click(confirm);

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(sent).toEqual([
      {
        amount: 29,
        idempotencyKey: expect.stringMatching(/^[A-Za-z0-9_-]{8,100}$/),
        paymentIntentId: 'pi_3abc',
      },
    ]);
    expect(await screen.findByTestId('refund-confirmed')).toHaveTextContent(
      'Stripe confirmed the refund of $0.29. The order is now partially refunded.',
    );
    expect(screen.getByTestId('order-status')).toHaveTextContent('Partially refunded');
  });

  it('explains a refund the server refuses, with the amount still left', async () => {
    const detail = anAdminOrderDetail();
    const view = renderOrder(detail, {
      [`POST /api/admin/orders/${detail.order.id}/refund`]: () =>
        instantResponse(
          {
            error: {
              code: 'refund_exceeds_remaining',
              message: 'At most 1250 (minor units) is left to refund.',
              details: { remaining: 1250 },
            },
          },
          400,
        ),
    });
    await view.user.click(await screen.findByRole('button', { name: 'Refund' }));
    await view.user.click(screen.getByRole('button', { name: 'Confirm refund' }));
    expect(
      await within(screen.getByRole('dialog')).findByText(/Only \$12\.50 is left to refund/),
    ).toBeInTheDocument();
  });

  it('syncs the order from Stripe and says what changed', async () => {
    const detail = anAdminOrderDetail({ order: { status: 'pending' } });
    let synced: unknown = null;
    const view = renderOrder(detail, {
      [`POST /api/admin/orders/${detail.order.id}/sync`]: (request) => {
        synced = request.body;
        return instantResponse(anAdminOrderDetail({ order: { id: detail.order.id, status: 'paid' } }));
      },
    });
    expect(await screen.findByTestId('order-status')).toHaveTextContent('Pending');
    expect(screen.getByRole('button', { name: 'Refund' })).toHaveAttribute('aria-disabled', 'true');
    await view.user.click(screen.getByRole('button', { name: 'Sync from Stripe' }));
    expect(
      await screen.findByText('Synced from Stripe. The status changed from pending to paid.'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('order-status')).toHaveTextContent('Paid');
    expect(synced).toEqual({});
  });

  it('goes to the login page when an action finds the session ended, and comes back to the order', async () => {
    const detail = anAdminOrderDetail();
    const view = renderOrder(detail, {
      [`POST /api/admin/orders/${detail.order.id}/sync`]: () => instantResponse(SESSION_ENDED, 401),
    });
    await view.user.click(await screen.findByRole('button', { name: 'Sync from Stripe' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Log in to the admin panel' }),
    ).toBeInTheDocument();
    expect(new URLSearchParams(view.router.state.location.search).get('next')).toBe(
      `/admin/orders/${detail.order.id}`,
    );
  });

  it('says so when there is no such order', async () => {
    renderApp({
      path: '/admin/orders/ord_01NOPE000000',
      fetch: fakeAdminApi({
        'GET /api/admin/orders/ord_01NOPE000000': () =>
          instantResponse({ error: { code: 'order_not_found', message: 'No such order.' } }, 404),
      }),
    });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'No order ord_01NOPE000000' }),
    ).toBeInTheDocument();
  });
});
