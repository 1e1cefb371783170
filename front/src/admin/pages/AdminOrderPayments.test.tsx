import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aPayment, aRefund, anAdminOrderDetail, paidHistory, renderOrder } from '../../test/admin-builders';
import { instantResponse } from '../../test/render-app';

const EXTRA = aPayment({
  paymentIntentId: 'pi_3extra',
  role: 'extra',
  sessionId: 'cs_test_a2',
  attemptNo: 2,
  receivedAt: '2026-11-26T10:05:00.000Z',
});

/** Paid twice: the primary payment partly refunded in the panel, the extra one not yet refunded. */
function paidTwice(extra = EXTRA) {
  return anAdminOrderDetail({
    order: { flags: ['duplicate_payment'] },
    payments: [aPayment({ amountRefunded: 1000 }), extra],
    refunds: [
      aRefund({ id: 're_3panel', amount: 1000, requestedBy: 'owner@example.com' }),
      aRefund({
        id: 're_3dashboard',
        paymentIntentId: 'pi_3abc',
        amount: 1,
        status: 'failed',
        failureReason: 'expired_or_canceled_card',
        requestedBy: null,
      }),
    ],
  });
}

function rowOf(table: HTMLElement, text: string): HTMLElement {
  const row = within(table)
    .getAllByRole('row')
    .find((r) => r.textContent?.includes(text));
  if (!row) throw new Error(`no row with ${text}`);
  return row;
}

describe('the admin order page’s money', () => {
  it('sums up the money, and lists every payment and every refund', async () => {
    renderOrder(paidTwice());

    const money = await screen.findByTestId('money');
    expect(within(money).getByTestId('amount-expected')).toHaveTextContent('$62.50');
    expect(within(money).getByTestId('amount-received')).toHaveTextContent('$125.00');
    expect(within(money).getByTestId('amount-refunded')).toHaveTextContent('$10.00');
    expect(within(money).getByTestId('amount-net')).toHaveTextContent('$115.00');

    const payments = screen.getByRole('table', {
      name: 'Payments received for this order, the primary one first',
    });
    const primary = rowOf(payments, 'pi_3abc');
    expect(within(primary).getByRole('rowheader')).toHaveTextContent('pi_3abc');
    for (const text of ['primary', '$62.50', '$10.00', 'Partially refunded', 'Yes', 'Attempt 1']) {
      expect(primary).toHaveTextContent(text);
    }
    const extra = rowOf(payments, 'pi_3extra');
    for (const text of ['extra', '$62.50', '$0.00', 'Succeeded', 'Attempt 2']) {
      expect(extra).toHaveTextContent(text);
    }
    expect(within(extra).getByRole('button', { name: 'Refund payment pi_3extra' })).toBeInTheDocument();

    const refunds = screen.getByRole('table', { name: 'Refunds of this order’s payments' });
    expect(rowOf(refunds, 're_3panel')).toHaveTextContent('owner@example.com');
    const fromStripe = rowOf(refunds, 're_3dashboard');
    expect(fromStripe).toHaveTextContent('Stripe dashboard');
    expect(fromStripe).toHaveTextContent('Failed');
    expect(fromStripe).toHaveTextContent('Refund failed: expired or canceled card');
  });

  it('shows what is on its way back and what disputes hold or took, and nets the lost money out', async () => {
    const detail = anAdminOrderDetail({ payments: [aPayment({ amountRefunded: 1000 })] });
    renderOrder({
      ...detail,
      money: { ...detail.money, refundsPending: 500, disputed: 2000, lost: 1250, net: 6250 - 1000 - 1250 },
    });
    const money = await screen.findByTestId('money');
    expect(within(money).getByTestId('amount-refunded')).toHaveTextContent('$10.00');
    expect(within(money).getByTestId('amount-refunds-pending')).toHaveTextContent('$5.00 waiting for Stripe');
    expect(within(money).getByTestId('amount-disputed')).toHaveTextContent('$20.00 in open disputes');
    expect(within(money).getByTestId('amount-lost')).toHaveTextContent('$12.50 taken back by the bank');
    expect(within(money).getByTestId('amount-net')).toHaveTextContent('$40.00');
  });

  it('offers to retry a failed refund: the dialog opens on its payment and amount, with a new key', async () => {
    const detail = paidTwice();
    const sent: unknown[] = [];
    const view = renderOrder(detail, {
      [`POST /api/admin/orders/${detail.order.id}/refund`]: (request) => {
        sent.push(request.body);
        return instantResponse(
          {
            refund: {
              id: 're_3again',
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
    const refunds = await screen.findByRole('table', { name: 'Refunds of this order’s payments' });
    // Only the failed refund can be retried.
    expect(within(rowOf(refunds, 're_3panel')).queryByRole('button', { name: /Retry/ })).toBeNull();
    await view.user.click(within(refunds).getByRole('button', { name: 'Retry refund re_3dashboard' }));

    const dialog = screen.getByRole('dialog', { name: 'Retry the failed refund' });
    expect(within(dialog).getByTestId('refund-payment')).toHaveTextContent('pi_3abc');
    expect(within(dialog).getByTestId('refund-retry-of')).toHaveTextContent(
      'Refund re_3dashboard of $0.01 failed (expired or canceled card)',
    );
    expect(within(dialog).getByLabelText('Refund amount')).toHaveValue('0.01');
    await view.user.click(within(dialog).getByRole('button', { name: 'Confirm refund' }));

    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      amount: 1,
      idempotencyKey: expect.stringMatching(/^adm-refund-/),
      paymentIntentId: 'pi_3abc',
    });
  });

  it('does not offer to retry a failed refund that was retried, nor one whose payment has nothing left', async () => {
    const failed = aRefund({ id: 're_3failed', amount: 1000, status: 'failed', failureReason: 'declined' });
    renderOrder(
      anAdminOrderDetail({
        order: { status: 'partially_refunded' },
        payments: [aPayment({ amountRefunded: 1000 })],
        refunds: [
          failed,
          aRefund({ id: 're_3retried', amount: 1000, createdAt: '2026-11-26T12:00:00.000Z' }),
          aRefund({
            id: 're_3other',
            paymentIntentId: 'pi_3gone',
            status: 'failed',
            failureReason: 'lost_or_stolen_card',
          }),
        ],
      }),
    );
    const refunds = await screen.findByRole('table', { name: 'Refunds of this order’s payments' });
    expect(rowOf(refunds, 're_3failed')).toHaveTextContent('Retried as re_3retried.');
    expect(rowOf(refunds, 're_3other')).toHaveTextContent('Refund failed: lost or stolen card');
    expect(within(refunds).queryByRole('button', { name: /^Retry refund/ })).toBeNull();
  });

  it('says so when Stripe fails a refund asked for here, instead of waiting for it forever', async () => {
    const detail = anAdminOrderDetail();
    let asked = false;
    const view = renderOrder(detail, {
      [`GET /api/admin/orders/${detail.order.id}`]: () =>
        instantResponse(
          asked
            ? {
                ...detail,
                refunds: [
                  aRefund({
                    id: 're_3new',
                    amount: 6250,
                    status: 'failed',
                    failureReason: 'expired_or_canceled_card',
                  }),
                ],
              }
            : detail,
        ),
      [`POST /api/admin/orders/${detail.order.id}/refund`]: () => {
        asked = true;
        return instantResponse(
          {
            refund: {
              id: 're_3new',
              paymentIntentId: 'pi_3abc',
              amount: 6250,
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
    await view.user.click(screen.getByRole('button', { name: 'Confirm refund' }));
    expect(await screen.findByTestId('refund-failed')).toHaveTextContent(
      'Stripe couldn’t make the refund of $62.50: it failed (expired or canceled card). No money went back',
    );
    expect(screen.queryByTestId('refund-pending')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry refund re_3new' })).toBeInTheDocument();
  });

  it('says which payment is the duplicate, and refunds it by itself with its own button', async () => {
    const detail = paidTwice();
    let refunded = false;
    const sent: unknown[] = [];
    const view = renderOrder(detail, {
      [`GET /api/admin/orders/${detail.order.id}`]: () =>
        instantResponse(
          refunded
            ? anAdminOrderDetail({
                order: { id: detail.order.id },
                payments: [
                  detail.payments[0]!,
                  aPayment({ ...EXTRA, amountRefunded: 6250, refundable: 0, status: 'refunded' }),
                ],
              })
            : detail,
        ),
      [`POST /api/admin/orders/${detail.order.id}/refund`]: (request) => {
        sent.push(request.body);
        refunded = true;
        return instantResponse(
          {
            refund: {
              id: 're_3extra',
              paymentIntentId: 'pi_3extra',
              amount: 6250,
              currency: 'usd',
              status: 'pending',
              failureReason: null,
            },
          },
          201,
        );
      },
    });

    const alert = await screen.findByTestId('flag-duplicate_payment');
    expect(alert).toHaveAttribute('role', 'alert');
    expect(alert).toHaveTextContent('paid more than once');
    expect(alert).toHaveTextContent(
      'The extra payment is pi_3extra ($62.50): refund it with its “Refund…” button',
    );

    await view.user.click(screen.getByRole('button', { name: 'Refund payment pi_3extra' }));
    const dialog = screen.getByRole('dialog', { name: 'Refund the extra payment' });
    expect(within(dialog).getByTestId('refund-payment')).toHaveTextContent('pi_3extra');
    expect(within(dialog).getByTestId('refundable')).toHaveTextContent('$62.50');
    expect(within(dialog).getByLabelText('Refund amount')).toHaveValue('62.50');
    await view.user.click(within(dialog).getByRole('button', { name: 'Confirm refund' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(sent).toEqual([
      { amount: 6250, idempotencyKey: expect.stringMatching(/^adm-refund-/), paymentIntentId: 'pi_3extra' },
    ]);
    expect(await screen.findByTestId('refund-confirmed')).toHaveTextContent(
      'Stripe confirmed the refund of $62.50 on the extra payment pi_3extra. The order is now paid.',
    );
    expect(screen.queryByRole('button', { name: 'Refund payment pi_3extra' })).not.toBeInTheDocument();
  });

  it('the order’s own Refund button refunds the primary payment, up to what is left on it', async () => {
    const detail = paidTwice();
    const view = renderOrder(detail);
    await view.user.click(await screen.findByRole('button', { name: 'Refund' }));
    const dialog = screen.getByRole('dialog', { name: 'Refund this order' });
    expect(within(dialog).getByTestId('refund-payment')).toHaveTextContent('pi_3abc');
    expect(within(dialog).getByTestId('refundable')).toHaveTextContent('$52.50');
  });

  it('says money that does not match the order must not be shipped, and is to be refunded', async () => {
    renderOrder(
      anAdminOrderDetail({
        order: { status: 'payment_mismatch', statusReason: 'amount_mismatch' },
        payments: [aPayment({ amount: 5000, matchesOrder: false })],
      }),
    );
    const alert = await screen.findByTestId('alert-payment_mismatch');
    expect(alert).toHaveAttribute('role', 'alert');
    expect(alert).toHaveTextContent('Stripe received $50.00 on pi_3abc, but the order expects $62.50.');
    expect(alert).toHaveTextContent('Don’t ship this order.');
    expect(screen.getByTestId('order-status')).toHaveTextContent('Payment mismatch');
    expect(screen.getByTestId('order-status')).toHaveClass('status-badge--danger');
    expect(screen.getByText('amount_mismatch')).toBeInTheDocument();
    expect(screen.getByTestId('payment-row')).toHaveTextContent('No: not the order’s amount or currency');
    expect(screen.getByRole('button', { name: 'Refund' })).toHaveAttribute('aria-disabled', 'false');
  });

  it('names the currency when that is what does not match', async () => {
    renderOrder(
      anAdminOrderDetail({
        order: { status: 'payment_mismatch', statusReason: 'currency_mismatch' },
        payments: [aPayment({ amount: 6250, currency: 'eur', matchesOrder: false })],
      }),
    );
    expect(await screen.findByTestId('alert-payment_mismatch')).toHaveTextContent(
      'Stripe received €62.50 (EUR) on pi_3abc, but the order expects $62.50.',
    );
  });
});

describe('the admin order page’s sessions and history', () => {
  it('shows each attempt’s outcome, where the watch list stands on it, and when it was last checked', async () => {
    const base = anAdminOrderDetail({ order: { status: 'expired', statusReason: 'session_lost' } });
    renderOrder({
      ...base,
      attempts: [
        {
          ...base.attempts[0]!,
          status: 'open',
          outcome: 'declined',
          watch: 'lost',
          checkedAt: '2026-11-26T10:30:00.000Z',
        },
      ],
    });
    const row = await screen.findByTestId('attempt-row');
    expect(row).toHaveTextContent('declined');
    expect(within(row).getByTestId('attempt-watch')).toHaveTextContent('Lost');
    expect(within(row).getByTestId('attempt-watch')).toHaveAttribute(
      'title',
      expect.stringContaining('doesn’t know this session'),
    );
    expect(row).toHaveTextContent('Nov 26, 2026');
    expect(screen.getByText('Watching')).toBeInTheDocument();
  });

  it('names the new kinds of history in words, and the sweep of Stripe’s event list as a source', async () => {
    const events = [
      ...paidHistory(),
      {
        id: 4,
        at: '2026-11-26T10:10:00.000Z',
        source: 'sweep' as const,
        kind: 'checkout_session_lost' as const,
        fromStatus: null,
        toStatus: null,
        outcome: 'applied' as const,
        stripeEventId: null,
        detail: { attemptNo: 2, sessionId: 'cs_test_a2', reads: 3 },
        stripeEvent: null,
      },
    ];
    renderOrder(anAdminOrderDetail({ events }));
    const history = await screen.findByRole('list', { name: 'Event history' });
    const lost = within(history).getAllByTestId('timeline-item')[3]!;
    expect(lost).toHaveTextContent('Checkout Session lost: Stripe doesn’t know it');
    expect(lost).toHaveTextContent('checkout_session_lost');
    expect(lost).toHaveTextContent('Stripe event list');
  });
});
