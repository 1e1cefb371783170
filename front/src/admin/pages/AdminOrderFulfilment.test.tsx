import type { AdminOrderDetail } from '@checkstand/contract';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aDispute, aFraudWarning, anAdminOrderDetail, renderOrder } from '../../test/admin-builders';
import { instantResponse, type FakeRequest } from '../../test/render-app';

const FULFILLED = {
  status: 'fulfilled',
  carrier: 'UPS',
  trackingNumber: '1Z999',
  fulfilledAt: '2026-11-27T08:00:00.000Z',
  readyToShip: false,
  notReadyBecause: ['already_fulfilled'],
} as const;

/**
 * The order and its fulfilment endpoint: records what it was sent and answers `reply` (the order fulfilled, by
 * default); the order's page reads back the fulfilment of the last success.
 */
function fulfilmentRoutes(
  detail: AdminOrderDetail,
  sent: unknown[],
  reply: (request: FakeRequest) => { status: number; body: unknown } = () => ({
    status: 200,
    body: { fulfilment: FULFILLED },
  }),
) {
  let current = detail;
  return {
    [`GET /api/admin/orders/${detail.order.id}`]: () => instantResponse(current),
    [`POST /api/admin/orders/${detail.order.id}/fulfilment`]: (request: FakeRequest) => {
      sent.push(request.body);
      const { status, body } = reply(request);
      if (status === 200) {
        current = { ...current, fulfilment: (body as Pick<AdminOrderDetail, 'fulfilment'>).fulfilment };
      }
      return instantResponse(body, status);
    },
  };
}

describe('the admin order page’s fulfilment', () => {
  it('says a paid order is ready to ship, and marks it fulfilled with its carrier and tracking number', async () => {
    const detail = anAdminOrderDetail();
    const sent: unknown[] = [];
    const view = renderOrder(detail, fulfilmentRoutes(detail, sent));

    const panel = await screen.findByTestId('fulfilment');
    expect(within(panel).getByTestId('fulfilment-status')).toHaveTextContent('Unfulfilled');
    expect(within(panel).getByTestId('readiness')).toHaveTextContent('Ready to ship.');
    expect(within(panel).queryByLabelText('Reason to ship anyway')).not.toBeInTheDocument();

    await view.user.type(within(panel).getByLabelText(/Carrier/), ' UPS ');
    await view.user.type(within(panel).getByLabelText(/Tracking number/), '1Z999');
    await view.user.click(within(panel).getByRole('button', { name: 'Mark fulfilled' }));

    expect(await within(panel).findByText('Marked fulfilled.')).toBeInTheDocument();
    // Only what the owner gave: no override for an order that is ready.
    expect(sent).toEqual([{ action: 'fulfil', carrier: 'UPS', trackingNumber: '1Z999' }]);
    expect(within(panel).getByTestId('fulfilment-status')).toHaveTextContent('Fulfilled');
    expect(within(panel).getByTestId('fulfilment-tracking')).toHaveTextContent('1Z999');
    expect(within(panel).getByRole('button', { name: 'Mark returned…' })).toBeInTheDocument();
  });

  it('sends neither carrier nor tracking number when none is given', async () => {
    const detail = anAdminOrderDetail();
    const sent: unknown[] = [];
    const view = renderOrder(detail, fulfilmentRoutes(detail, sent));
    await view.user.click(await screen.findByRole('button', { name: 'Mark fulfilled' }));
    await waitFor(() => expect(sent).toEqual([{ action: 'fulfil' }]));
  });

  it('lists why an order is not ready, and ships it only with a reason to do so anyway', async () => {
    const detail = anAdminOrderDetail({
      order: { flags: ['dispute_open', 'fraud_warning'] },
      disputes: [aDispute()],
      fraudWarnings: [aFraudWarning()],
    });
    const sent: unknown[] = [];
    const view = renderOrder(detail, fulfilmentRoutes(detail, sent));

    const panel = await screen.findByTestId('fulfilment');
    const reasons = within(panel).getByRole('list', { name: 'Why the order is not ready to ship' });
    expect(
      within(reasons)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'A dispute on a payment of this order is still open.',
      'Stripe sent an early fraud warning on a payment of this order.',
    ]);
    const submit = within(panel).getByRole('button', { name: 'Mark fulfilled anyway' });
    await view.user.click(submit);
    const reason = within(panel).getByLabelText('Reason to ship anyway');
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(reason).toHaveAccessibleDescription(
      /isn’t ready to ship: dispute open, fraud warning.*Say why you ship it anyway/,
    );
    expect(reason).toHaveFocus();
    await view.user.type(reason, 'ok');
    await view.user.click(submit);
    expect(reason).toHaveAccessibleDescription(/at least 3 characters/);
    expect(sent).toEqual([]);

    await view.user.type(reason, ' – the customer called, the card is theirs');
    await view.user.click(submit);
    await waitFor(() =>
      expect(sent).toEqual([
        { action: 'fulfil', overrideReason: 'ok – the customer called, the card is theirs' },
      ]),
    );
    expect(
      await within(panel).findByText(
        'Marked fulfilled although it wasn’t ready to ship; your reason is in the history.',
      ),
    ).toBeInTheDocument();
  });

  it('shows the server’s reasons when it refuses to ship, and asks for the override then', async () => {
    const detail = anAdminOrderDetail();
    const sent: unknown[] = [];
    const view = renderOrder(
      detail,
      fulfilmentRoutes(detail, sent, (request) =>
        (request.body as { overrideReason?: string }).overrideReason
          ? { status: 200, body: { fulfilment: FULFILLED } }
          : {
              status: 409,
              body: {
                error: {
                  code: 'not_ready_to_ship',
                  message: 'This order is not ready to ship.',
                  details: { notReadyBecause: ['fraud_warning'] },
                },
              },
            },
      ),
    );

    const panel = await screen.findByTestId('fulfilment');
    await view.user.click(within(panel).getByRole('button', { name: 'Mark fulfilled' }));

    const why = await within(panel).findByTestId('override-needed');
    expect(why).toHaveTextContent('The shop says this order isn’t ready to ship');
    expect(within(why).getByTestId('override-reasons')).toHaveTextContent(
      'Stripe sent an early fraud warning on a payment of this order.',
    );
    expect(within(panel).getByRole('alert')).toHaveTextContent('isn’t ready to ship');
    const reason = within(panel).getByLabelText('Reason to ship anyway');
    expect(reason).toHaveFocus();
    await view.user.type(reason, 'Known customer');
    await view.user.click(within(panel).getByRole('button', { name: 'Mark fulfilled anyway' }));
    await waitFor(() =>
      expect(sent).toEqual([{ action: 'fulfil' }, { action: 'fulfil', overrideReason: 'Known customer' }]),
    );
  });

  it('marks a fulfilled order returned after a confirmation, and says when that is not allowed', async () => {
    const detail = anAdminOrderDetail({ fulfilment: { status: 'fulfilled', carrier: 'DHL' } });
    const sent: unknown[] = [];
    const view = renderOrder(
      detail,
      fulfilmentRoutes(detail, sent, () => ({
        status: 409,
        body: { error: { code: 'fulfilment_not_allowed', message: 'This order is not fulfilled.' } },
      })),
    );
    const panel = await screen.findByTestId('fulfilment');
    expect(within(panel).getByTestId('fulfilment-carrier')).toHaveTextContent('DHL');
    expect(within(panel).queryByRole('button', { name: /Mark fulfilled/ })).not.toBeInTheDocument();
    await view.user.click(within(panel).getByRole('button', { name: 'Mark returned…' }));
    expect(sent).toEqual([]);
    await view.user.click(within(panel).getByRole('button', { name: 'Confirm return' }));
    await waitFor(() => expect(sent).toEqual([{ action: 'return' }]));
    expect(await within(panel).findByRole('alert')).toHaveTextContent('This order is not fulfilled.');
  });

  it('offers no fulfilment for an order that is not paid', async () => {
    renderOrder(anAdminOrderDetail({ order: { status: 'pending' } }));
    const panel = await screen.findByTestId('fulfilment');
    expect(within(panel).getByTestId('readiness')).toHaveTextContent('The order isn’t paid.');
    expect(within(panel).queryByRole('button')).not.toBeInTheDocument();
  });
});
