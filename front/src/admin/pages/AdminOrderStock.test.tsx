import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { anAdminOrder, anAdminOrderDetail, fakeAdminApi, renderOrder } from '../../test/admin-builders';
import { instantResponse, renderApp } from '../../test/render-app';
import { aHold, aMessage } from '../../test/stock-builders';

describe('the order page’s stock', () => {
  it('lists the order’s holds with their status and until when', async () => {
    const detail = anAdminOrderDetail({
      holds: [
        aHold({ attemptNo: 1, status: 'released', endedAt: '2026-11-26T10:30:00.000Z' }),
        aHold({
          attemptNo: 2,
          productId: 'prod_beans',
          productTitle: 'House Espresso Blend',
          quantity: 1,
          status: 'committed',
          expiresAt: '2026-11-26T11:30:00.000Z',
          endedAt: '2026-11-26T11:01:00.000Z',
        }),
        aHold({ attemptNo: 3, quantity: 3, status: 'held', expiresAt: '2026-11-26T12:30:00.000Z' }),
      ],
    });
    renderOrder(detail);
    const stock = (await screen.findByRole('heading', { level: 2, name: 'Stock' })).closest('section')!;
    const rows = within(stock).getAllByTestId('order-hold-row');
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getByTestId('hold-status')).toHaveTextContent('Released');
    expect(within(rows[1]!).getByRole('rowheader')).toHaveTextContent('House Espresso Blend');
    expect(within(rows[1]!).getByTestId('hold-status')).toHaveTextContent('Committed');
    expect(within(rows[2]!).getByTestId('hold-status')).toHaveTextContent('Held');
    expect(rows[2]).toHaveTextContent('3');
    expect(within(rows[2]!).getAllByRole('time')[0]).toHaveAttribute('datetime', '2026-11-26T12:30:00.000Z');
    expect(within(stock).queryByTestId('oversold-note')).not.toBeInTheDocument();
  });

  it('says when nothing was held', async () => {
    renderOrder(anAdminOrderDetail());
    const stock = (await screen.findByRole('heading', { level: 2, name: 'Stock' })).closest('section')!;
    expect(stock).toHaveTextContent('No stock held for this order');
  });

  it('explains an oversold order at the top, in its stock and in why it is not ready to ship', async () => {
    const detail = anAdminOrderDetail({
      order: { flags: ['oversold'] },
      holds: [aHold({ status: 'released', endedAt: '2026-11-26T10:30:00.000Z' })],
    });
    renderOrder(detail);
    const alert = await screen.findByTestId('flag-oversold');
    expect(alert).toHaveTextContent('Oversold');
    expect(alert).toHaveTextContent('Paid after its hold ended and the stock ran out: add stock or refund.');
    expect(within(alert).getByRole('link', { name: 'See the stock held for it' })).toHaveAttribute(
      'href',
      '#order-stock',
    );
    expect(screen.getByTestId('oversold-note')).toHaveTextContent(
      'Paid after its hold ended and the stock ran out: add stock or refund.',
    );
    expect(screen.getByTestId('readiness')).toHaveTextContent(
      'It was paid after its hold ended and the stock ran out: add stock or refund it.',
    );
  });

  it('labels the flag in the order list and offers it as a filter', async () => {
    const order = anAdminOrder({ flags: ['oversold'] });
    renderApp({
      path: '/admin/orders',
      fetch: fakeAdminApi({
        'GET /api/admin/orders': () => instantResponse({ orders: [order], nextCursor: null }),
      }),
    });
    const flags = await screen.findByRole('list', { name: 'Flags' });
    expect(flags).toHaveTextContent('Oversold');
    expect(screen.getByRole('option', { name: 'Oversold' })).toBeInTheDocument();
  });
});

describe('the order page’s e-mails', () => {
  it('lists each e-mail in words with its recipient, status, attempts, last error and sent time', async () => {
    renderOrder(
      anAdminOrderDetail({
        messages: [
          aMessage({ kind: 'order_confirmation' }),
          aMessage({
            kind: 'refund_issued',
            status: 'failed',
            attempts: 5,
            lastError: 'SMTP 550: mailbox unavailable',
            sentAt: null,
          }),
          aMessage({ kind: 'payment_processing', status: 'pending', attempts: 1, sentAt: null }),
          aMessage({ kind: 'payment_failed', recipient: null, status: 'skipped', attempts: 0, sentAt: null }),
          aMessage({ kind: 'dispute_opened', recipient: 'owner@example.com' }),
        ],
      }),
    );
    const emails = (await screen.findByRole('heading', { level: 2, name: 'E-mails' })).closest('section')!;
    const rows = within(emails).getAllByTestId('message-row');
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      'Order confirmation',
      'Refund issued',
      'Payment processing',
      'Payment failed',
      'Dispute opened (to the owner)',
    ]);
    expect(rows[0]).toHaveTextContent('shopper@example.com');
    expect(within(rows[0]!).getByTestId('message-status')).toHaveTextContent('Sent');
    expect(within(rows[0]!).getAllByRole('time')[1]).toHaveAttribute('datetime', '2026-11-26T10:01:05.000Z');
    expect(within(rows[1]!).getByTestId('message-status')).toHaveTextContent('Failed');
    expect(rows[1]).toHaveTextContent('5');
    expect(rows[1]).toHaveTextContent('SMTP 550: mailbox unavailable');
    expect(within(rows[2]!).getByTestId('message-status')).toHaveTextContent('Pending');
    expect(rows[3]).toHaveTextContent('No address');
    expect(within(rows[3]!).getByTestId('message-status')).toHaveTextContent('Skipped');
    expect(rows[4]).toHaveTextContent('owner@example.com');
  });

  it('says when no e-mail was sent yet', async () => {
    renderOrder(anAdminOrderDetail({ order: { status: 'pending' } }));
    const emails = (await screen.findByRole('heading', { level: 2, name: 'E-mails' })).closest('section')!;
    expect(emails).toHaveTextContent('No e-mail about this order yet.');
  });
});
