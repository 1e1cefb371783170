import type { AdminOrderEvent } from '@checkstand/contract';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  aDispute,
  aFraudWarning,
  aPayment,
  anAdminOrderDetail,
  paidHistory,
  renderOrder,
} from '../../test/admin-builders';
import { instantResponse } from '../../test/render-app';

const DAY_MS = 24 * 60 * 60 * 1000;

function historyEvent(id: number, overrides: Partial<AdminOrderEvent>): AdminOrderEvent {
  return {
    id,
    at: '2026-11-27T10:00:00.000Z',
    source: 'webhook',
    kind: 'refund.failed',
    fromStatus: 'paid',
    toStatus: null,
    outcome: 'applied',
    stripeEventId: `evt_${id}`,
    detail: {},
    stripeEvent: null,
    ...overrides,
  };
}

describe('the admin order page’s disputes and fraud warnings', () => {
  it('shows each dispute with its money, its due date (overdue, soon) and whether it came after shipping', async () => {
    const now = Date.now();
    renderOrder(
      anAdminOrderDetail({
        order: { flags: ['dispute_open'] },
        fulfilment: { status: 'fulfilled', notReadyBecause: ['dispute_open', 'already_fulfilled'] },
        disputes: [
          aDispute({
            id: 'dp_1soon',
            evidenceDueBy: new Date(now + 2 * DAY_MS).toISOString(),
            afterFulfilment: true,
          }),
          aDispute({
            id: 'dp_1late',
            status: 'warning_needs_response',
            reason: 'product_not_received',
            amount: 1000,
            amountWithdrawn: 0,
            evidenceDueBy: new Date(now - 3 * 60 * 60 * 1000).toISOString(),
          }),
          aDispute({
            id: 'dp_1won',
            status: 'won',
            evidenceDueBy: null,
            amountWithdrawn: 6250,
            amountReinstated: 6250,
          }),
        ],
      }),
    );

    const alert = await screen.findByTestId('flag-dispute_open');
    expect(alert).toHaveTextContent('Dispute open');
    expect(alert).toHaveTextContent('arrived after the order was marked fulfilled');
    expect(within(alert).getByRole('link', { name: 'See the disputes' })).toHaveAttribute(
      'href',
      '#order-disputes',
    );

    const rows = screen.getAllByTestId('dispute-row');
    expect(rows.map((row) => row.getAttribute('data-dispute-id'))).toEqual([
      'dp_1soon',
      'dp_1late',
      'dp_1won',
    ]);
    const [soon, late, won] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(soon).toHaveTextContent('Needs response');
    expect(soon).toHaveTextContent('fraudulent');
    expect(soon).toHaveTextContent('$62.50');
    expect(within(soon).getByTestId('dispute-due')).toHaveTextContent('Due in 2 days');
    expect(soon).toHaveTextContent('Arrived after fulfilment');
    expect(late).toHaveTextContent('Inquiry: needs response');
    expect(late).toHaveTextContent('product not received');
    expect(within(late).getByTestId('dispute-due')).toHaveTextContent('Overdue by 3 hours');
    expect(late).not.toHaveTextContent('Arrived after fulfilment');
    expect(within(won).getByTestId('dispute-due')).toHaveTextContent('—');
    expect(within(won).getByTestId('dispute-withdrawn')).toHaveTextContent('$62.50');
    expect(within(won).getByTestId('dispute-reinstated')).toHaveTextContent('$62.50');
  });

  it('refunds an actionable fraud warning’s payment in full, after a confirmation, with a new key each time', async () => {
    const detail = anAdminOrderDetail({
      order: { flags: ['fraud_warning'] },
      payments: [aPayment({ amountRefunded: 1000 })],
      fraudWarnings: [aFraudWarning({ afterFulfilment: true })],
    });
    const sent: { amount: number; idempotencyKey: string; paymentIntentId: string; reason: string }[] = [];
    const view = renderOrder(detail, {
      [`POST /api/admin/orders/${detail.order.id}/refund`]: (request) => {
        sent.push(request.body as (typeof sent)[number]);
        return sent.length === 1
          ? instantResponse(
              { error: { code: 'payment_provider_unavailable', message: 'Stripe is unavailable.' } },
              503,
            )
          : instantResponse(
              {
                refund: {
                  id: 're_3fraud',
                  paymentIntentId: 'pi_3abc',
                  amount: 5250,
                  currency: 'usd',
                  status: 'pending',
                  failureReason: null,
                },
              },
              201,
            );
      },
    });

    expect(await screen.findByTestId('flag-fraud_warning')).toHaveTextContent('Fraud warning');
    const row = screen.getByTestId('fraud-warning-row');
    expect(row).toHaveTextContent('made with stolen card');
    expect(row).toHaveTextContent('Yes: refund to avoid a dispute');
    expect(row).toHaveTextContent('Arrived after fulfilment');
    expect(row).toHaveTextContent('$52.50 left on the payment');

    await view.user.click(within(row).getByRole('button', { name: 'Refund in full payment pi_3abc' }));
    const dialog = screen.getByRole('dialog', { name: 'Refund this payment in full' });
    expect(within(dialog).getByTestId('full-refund-amount')).toHaveTextContent('$52.50');
    // Nothing is sent before the confirmation; the way out has the focus.
    expect(sent).toEqual([]);
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await view.user.click(within(dialog).getByRole('button', { name: 'Confirm full refund' }));
    expect(await within(dialog).findByText(/Stripe isn’t answering right now/)).toBeInTheDocument();

    // Closed and opened again: a new confirmation, a new key.
    await view.user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await view.user.click(within(row).getByRole('button', { name: 'Refund in full payment pi_3abc' }));
    await view.user.click(screen.getByRole('button', { name: 'Confirm full refund' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    expect(sent).toHaveLength(2);
    for (const body of sent) {
      expect(body).toEqual({
        amount: 5250,
        idempotencyKey: expect.stringMatching(/^adm-refund-/),
        paymentIntentId: 'pi_3abc',
        // Stripe's advice after an early fraud warning: say the refund is for fraud (it helps Radar).
        reason: 'fraudulent',
      });
    }
    expect(sent[0]!.idempotencyKey).not.toBe(sent[1]!.idempotencyKey);
    expect(await screen.findByTestId('refund-pending')).toHaveTextContent('Refund of $52.50 requested');
  });

  it('offers no full refund for a warning that is not actionable, or a payment already refunded', async () => {
    renderOrder(
      anAdminOrderDetail({
        order: { status: 'refunded' },
        payments: [aPayment({ amountRefunded: 6250 })],
        fraudWarnings: [
          aFraudWarning({ id: 'issfr_1old', actionable: false }),
          aFraudWarning({ id: 'issfr_1new' }),
        ],
      }),
    );
    const [old, fresh] = (await screen.findAllByTestId('fraud-warning-row')) as [HTMLElement, HTMLElement];
    expect(old).toHaveTextContent('no longer actionable');
    expect(fresh).toHaveTextContent('Refunded: nothing is left on this payment.');
    expect(screen.queryByRole('button', { name: /Refund in full/ })).not.toBeInTheDocument();
  });
});

describe('the admin order page’s history after the payment', () => {
  it('names the new kinds and says in one line what each refund, dispute, warning and shipment did', async () => {
    const events: AdminOrderEvent[] = [
      ...paidHistory(),
      historyEvent(10, {
        kind: 'refund.failed',
        detail: {
          note: 'refund_failed',
          paymentIntentId: 'pi_3abc',
          amountRefunded: 0,
          refunds: [
            {
              id: 're_3x',
              amount: 1000,
              status: 'failed',
              reason: null,
              failureReason: 'expired_or_canceled_card',
            },
          ],
        },
      }),
      historyEvent(11, {
        kind: 'charge.dispute.created',
        detail: {
          note: 'dispute_opened',
          disputeId: 'dp_1',
          status: 'needs_response',
          reason: 'fraudulent',
          amount: 6250,
          evidenceDueBy: '2026-12-06T23:59:59.000Z',
          amountWithdrawn: 6250,
          amountReinstated: 0,
          afterFulfilment: true,
        },
      }),
      historyEvent(12, {
        kind: 'radar.early_fraud_warning.created',
        detail: {
          note: 'fraud_warning',
          warningId: 'issfr_1',
          fraudType: 'made_with_stolen_card',
          actionable: true,
        },
      }),
      historyEvent(13, {
        kind: 'order_fulfilled_override',
        source: 'admin',
        stripeEventId: null,
        detail: {
          by: 'owner@example.com',
          carrier: 'UPS',
          trackingNumber: '1Z999',
          overrideReason: 'Known customer',
          notReadyBecause: ['fraud_warning'],
        },
      }),
      historyEvent(14, {
        kind: 'charge.dispute.closed',
        detail: { note: 'dispute_lost', disputeId: 'dp_1', status: 'lost', amountWithdrawn: 6250 },
      }),
    ];
    renderOrder(anAdminOrderDetail({ events }));
    const history = await screen.findByRole('list', { name: 'Event history' });
    const [failed, opened, warned, shipped, lost] = within(history).getAllByTestId('timeline-item').slice(3);

    expect(failed).toHaveTextContent('Refund failed');
    expect(within(failed!).getByTestId('timeline-summary')).toHaveTextContent(
      'Refund failed: expired_or_canceled_card (re_3x, $10.00). No money went back.',
    );
    expect(failed).toHaveTextContent('re_3x $10.00 failed (expired_or_canceled_card)');

    expect(opened).toHaveTextContent('Dispute opened');
    expect(within(opened!).getByTestId('timeline-summary')).toHaveTextContent(
      'Dispute opened: $62.50, reason fraudulent, evidence due Dec',
    );
    expect(opened).toHaveTextContent('It arrived after the order was fulfilled');
    expect(within(opened!).getByText('After fulfilment')).toBeInTheDocument();

    expect(within(warned!).getByTestId('timeline-summary')).toHaveTextContent(
      'Early fraud warning: made_with_stolen_card (actionable: refund it in full to avoid a dispute).',
    );

    expect(shipped).toHaveTextContent('Marked fulfilled although not ready to ship');
    expect(within(shipped!).getByTestId('timeline-summary')).toHaveTextContent(
      'Marked fulfilled by owner@example.com although not ready to ship (fraud warning), via UPS, tracking 1Z999. Reason given: “Known customer”.',
    );

    expect(within(lost!).getByTestId('timeline-summary')).toHaveTextContent(
      'Dispute lost: $62.50 taken back by the bank.',
    );
  });
});
