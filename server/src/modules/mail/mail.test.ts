import { describe, expect, it } from 'vitest';
import type { OrderRow, OutboxMessageRow } from '../../db/schema.js';
import type { OrderChange, WrittenChange } from '../orders/order-change.js';
import { DECLINE_MAIL_GRACE_SECONDS, outboxEntries } from '../orders/mail-effects.js';
import type { OrderStatus } from '../orders/order-state-machine.js';
import { formatMoney, mailContext } from './mail-context.js';
import { backoffSeconds, supersededBecause } from './mail-worker.service.js';
import { renderMail } from './templates.js';

const ORDER: OrderRow = {
  id: 'ord_TEST',
  status: 'paid',
  statusReason: null,
  currency: 'eur',
  totalAmount: 2500,
  items: [{ productId: 'prod_x', title: 'Mug <b>"big"</b>', unitAmount: 1250, quantity: 2 }],
  customerEmail: 'ada@customer.example',
  accessTokenHash: 'hash',
  currentAttemptNo: 2,
  currentSessionId: 'cs_1',
  amountReceived: 2500,
  amountRefunded: 0,
  paymentIntentId: 'pi_1',
  paidAt: new Date(),
  flags: [],
  fulfilmentStatus: 'unfulfilled',
  charges: {
    currency: 'eur',
    subtotal: 2500,
    discount: 500,
    shipping: 490,
    tax: 0,
    total: 2490,
    taxIncluded: true,
    promotionCode: 'SPRING',
    shippingMethod: 'Standard',
  },
  contact: null,
  shippingCountry: null,
  fulfilledAt: null,
  carrier: null,
  trackingNumber: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  version: 3,
};

function written(
  from: OrderStatus,
  to: OrderStatus,
  change: Partial<OrderChange>,
  order: Partial<OrderRow> = {},
) {
  const after = { ...ORDER, ...order, status: to };
  const result: WrittenChange = {
    before: { ...after, status: from },
    after,
    from,
    to,
    change: { history: null, ...change },
  };
  return result;
}

describe('what a change puts in the outbox', () => {
  it('nothing for changes that tell the customer nothing (no statement on the hot path)', () => {
    expect(outboxEntries(written('pending', 'pending', {}))).toEqual([]);
    expect(outboxEntries(written('failed', 'expired', { trigger: 'session_expired' }))).toEqual([]);
    expect(outboxEntries(written('refunded', 'paid', { trigger: 'refund_reversed' }))).toEqual([]);
  });

  it('a payment: one confirmation per order; a decline: one notice per attempt', () => {
    expect(outboxEntries(written('failed', 'paid', { trigger: 'payment_succeeded' }))).toEqual([
      {
        kind: 'order_confirmation',
        dedupeKey: 'confirmation:ord_TEST',
        recipient: 'ada@customer.example',
        data: {},
        delaySeconds: 0,
      },
    ]);
    const [failed] = outboxEntries(
      written('pending', 'failed', { trigger: 'payment_declined' }, { statusReason: 'stolen_card' }),
    );
    // A decline waits out the grace (the customer is usually still on Stripe's page); a failed debit does not.
    expect(failed).toMatchObject({
      kind: 'payment_failed',
      dedupeKey: 'payment_failed:ord_TEST:2',
      delaySeconds: DECLINE_MAIL_GRACE_SECONDS,
    });
    const [debit] = outboxEntries(written('processing', 'failed', { trigger: 'async_payment_failed' }));
    expect(debit).toMatchObject({ kind: 'payment_failed', delaySeconds: 0 });
  });

  it('the billing e-mail when the order has none; succeeded refunds; open disputes to the owner', () => {
    const entries = outboxEntries(
      written(
        'paid',
        'partially_refunded',
        {
          trigger: 'partial_refund',
          refunds: [
            { id: 're_1', status: 'succeeded', amount: 100, currency: 'eur' },
            { id: 're_2', status: 'pending', amount: 100, currency: 'eur' },
          ] as OrderChange['refunds'],
          dispute: {
            id: 'dp_1',
            status: 'needs_response',
            amount: 2490,
            currency: 'eur',
          } as OrderChange['dispute'],
        },
        {
          customerEmail: null,
          contact: {
            shipping: null,
            billing: { name: null, email: 'bill@x.example', phone: null, address: null },
          },
        },
      ),
    );
    expect(entries.map((e) => [e.kind, e.dedupeKey, e.recipient])).toEqual([
      ['refund_issued', 'refund:re_1', 'bill@x.example'],
      ['dispute_opened', 'dispute:dp_1', null],
    ]);
  });
});

describe('rendering', () => {
  const message = (data: Record<string, unknown>): OutboxMessageRow => ({
    id: 'msg_1',
    orderId: ORDER.id,
    kind: 'payment_failed',
    dedupeKey: 'k',
    data,
    status: 'pending',
    recipient: null,
    attempts: 1,
    nextAttemptAt: new Date(),
    lastError: null,
    createdAt: new Date(),
    sentAt: null,
  });

  it('escapes the HTML part, not the text part; fraud codes read as a plain decline; links carry no token', () => {
    const context = mailContext(message({ reason: 'stolen_card' }), ORDER, 'https://shop.example');
    const confirmation = renderMail('order_confirmation', context);
    expect(confirmation.html).toContain('Mug &lt;b&gt;&quot;big&quot;&lt;/b&gt;');
    expect(confirmation.text).toContain('Mug <b>"big"</b> × 2');
    expect(confirmation.text).toContain('Discount (SPRING)  -€5.00');
    expect(confirmation.text).toContain('Total  €24.90');
    expect(confirmation.text).toContain('https://shop.example/checkout/success?session_id=cs_1');
    const failed = renderMail('payment_failed', context);
    expect(failed.text).toContain('Your card was declined.');
    expect(failed.text).not.toMatch(/stolen/);
  });

  it('formats minor units exactly, whatever the currency', () => {
    expect(formatMoney(123456, 'usd')).toBe('$1,234.56');
    expect(formatMoney(500, 'jpy')).toBe('¥500');
    expect(formatMoney(1234, 'kwd')).toMatch(/^KWD\s1\.234$/);
  });

  it('backs off exponentially, capped; drops notices the order has moved past', () => {
    expect([1, 2, 3, 4].map((n) => backoffSeconds(30, n))).toEqual([30, 60, 120, 240]);
    expect(backoffSeconds(30, 40)).toBe(6 * 60 * 60);
    expect(supersededBecause('payment_failed', ORDER)).toMatch(/now paid/);
    expect(supersededBecause('payment_failed', { ...ORDER, status: 'failed' })).toBeNull();
    expect(supersededBecause('order_confirmation', ORDER)).toBeNull();
  });
});
