import { describe, expect, it } from 'vitest';
import {
  type AttemptSnapshot,
  type OrderSnapshot,
  type PaymentSnapshot,
  decide as decideWith,
  flagsAfter,
  noMoney,
} from './order-decision.js';
import type { OrderStatus } from './order-state-machine.js';
import type { PaymentFact } from './payment-fact.js';

/** Facts about sessions and payments need only the order's payments. */
const decide = (
  order: OrderSnapshot,
  attempt: AttemptSnapshot | null,
  payments: PaymentSnapshot[],
  fact: PaymentFact,
) => decideWith(order, attempt, { ...noMoney(), payments }, fact);

/** Builder for the order a decision sees: `anOrder().paid().build()`. */
function anOrder(overrides: Partial<OrderSnapshot> = {}) {
  let order: OrderSnapshot = {
    status: 'pending',
    expectedAmount: 5000,
    currency: 'usd',
    currentAttemptNo: 1,
    paymentIntentId: null,
    amountReceived: null,
    amountRefunded: 0,
    flags: [],
    fulfilmentStatus: 'unfulfilled',
    ...overrides,
  };
  const builder = {
    with(patch: Partial<OrderSnapshot>) {
      order = { ...order, ...patch };
      return builder;
    },
    in(status: OrderStatus) {
      return builder.with({ status });
    },
    paid(paymentIntentId = 'pi_1') {
      return builder.with({ status: 'paid', paymentIntentId, amountReceived: order.expectedAmount });
    },
    build: () => order,
  };
  return builder;
}

const anAttempt = (patch: Partial<AttemptSnapshot> = {}): AttemptSnapshot => ({
  attemptNo: 1,
  status: 'open',
  outcome: null,
  paymentStatus: null,
  paymentIntentId: null,
  ...patch,
});

const payment = (paymentIntentId: string, amount = 5000, amountRefunded = 0): PaymentSnapshot => ({
  paymentIntentId,
  amount,
  currency: 'usd',
  amountRefunded,
});

const completed = (
  paymentStatus: 'paid' | 'unpaid',
  paymentIntentId = 'pi_1',
  amountTotal = 5000,
  currency = 'usd',
): PaymentFact => ({
  kind: 'checkout_completed',
  sessionId: 'cs_1',
  paymentStatus,
  paymentIntentId,
  amountTotal,
  currency,
  customerEmail: 'c@example.com',
  charges: null,
});
const asyncSucceeded = (paymentIntentId = 'pi_1'): PaymentFact => ({
  kind: 'async_payment_succeeded',
  sessionId: 'cs_1',
  paymentIntentId,
  amountTotal: 5000,
  currency: 'usd',
  customerEmail: null,
  charges: null,
});
const asyncFailed: PaymentFact = { kind: 'async_payment_failed', sessionId: 'cs_1', paymentIntentId: 'pi_1' };
const expired: PaymentFact = { kind: 'session_expired', sessionId: 'cs_1' };
const declined: PaymentFact = {
  kind: 'payment_failed',
  paymentIntentId: 'pi_1',
  code: 'card_declined',
  declineCode: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
};
describe('decide', () => {
  describe('what the session charged', () => {
    const withCharges = (
      patch: { subtotal?: number; discount?: number; shipping?: number; tax?: number; total?: number } = {},
      paymentStatus: 'paid' | 'no_payment_required' = 'paid',
    ): PaymentFact => {
      const b = { subtotal: 5000, discount: 500, shipping: 700, tax: 950, ...patch };
      const total = patch.total ?? b.subtotal - b.discount + b.shipping + b.tax;
      const charged = {
        currency: 'usd',
        ...b,
        total,
        taxIncluded: false,
        promotionCode: 'TEN',
        shippingMethod: 'Express',
      };
      const contact = { shipping: null, billing: null };
      return {
        kind: 'checkout_completed',
        sessionId: 'cs_1',
        paymentStatus,
        paymentIntentId: paymentStatus === 'paid' ? 'pi_1' : null,
        amountTotal: total,
        currency: 'usd',
        customerEmail: null,
        charges: { ...b, total, promotionCodeId: 'promo_1', shippingOptionIndex: 1, contact },
        charged,
      };
    };

    it('is paid when its subtotal is the order’s items and its figures add up, whatever shipping, tax and discount', () => {
      expect(decide(anOrder().build(), anAttempt(), [], withCharges())).toMatchObject({
        trigger: 'payment_succeeded',
        primary: {
          amount: 5000 - 500 + 700 + 950,
          charges: { promotionCode: 'TEN', shippingMethod: 'Express' },
        },
      });
    });

    it('is a mismatch when the session charged for other items, or its figures do not add up', () => {
      expect(decide(anOrder().build(), anAttempt(), [], withCharges({ subtotal: 4000 }))).toMatchObject({
        trigger: 'payment_mismatched',
        statusReason: 'amount_mismatch',
      });
      expect(decide(anOrder().build(), anAttempt(), [], withCharges({ total: 1 }))).toMatchObject({
        trigger: 'payment_mismatched',
      });
    });

    it('is paid with nothing to pay when a discount covered everything (no payment intent)', () => {
      const free = withCharges({ discount: 5000, shipping: 0, tax: 0 }, 'no_payment_required');
      expect(decide(anOrder().build(), anAttempt(), [], free)).toMatchObject({
        outcome: 'applied',
        note: 'nothing_to_pay',
        trigger: 'payment_succeeded',
        primary: { paymentIntentId: null, amount: 0 },
      });
      expect(
        decide(anOrder().build(), anAttempt(), [], { ...free, amountTotal: 100 } as PaymentFact).outcome,
      ).toBe('ignored');
      expect(decide(anOrder().paid().build(), anAttempt(), [], free).outcome).toBe('ignored');
    });
  });

  it('pays a pending order when the amount and currency match, recording the payment', () => {
    expect(decide(anOrder().build(), anAttempt(), [], completed('paid'))).toMatchObject({
      outcome: 'applied',
      trigger: 'payment_succeeded',
      statusReason: null,
      primary: { paymentIntentId: 'pi_1', amount: 5000, customerEmail: 'c@example.com' },
      newPayment: { paymentIntentId: 'pi_1', amount: 5000, currency: 'usd' },
      attempt: { status: 'complete', outcome: 'paid', paymentStatus: 'paid', paymentIntentId: 'pi_1' },
    });
  });

  it.each([
    ['less', completed('paid', 'pi_1', 50), 'amount_mismatch'],
    ['more', completed('paid', 'pi_1', 9000), 'amount_mismatch'],
    ['another currency', completed('paid', 'pi_1', 5000, 'eur'), 'currency_mismatch'],
  ])('never calls %s money paid: payment_mismatch, with the payment recorded', (_what, fact, reason) => {
    expect(decide(anOrder().build(), anAttempt(), [], fact)).toMatchObject({
      outcome: 'applied',
      trigger: 'payment_mismatched',
      statusReason: reason,
      newPayment: { paymentIntentId: 'pi_1' },
    });
  });

  it('takes the right money after the wrong one: paid, the wrong payment left to refund', () => {
    const order = anOrder()
      .in('payment_mismatch')
      .with({ paymentIntentId: 'pi_small', amountReceived: 50 })
      .build();
    expect(
      decide(order, anAttempt({ attemptNo: 1 }), [payment('pi_small', 50)], completed('paid', 'pi_2')),
    ).toMatchObject({
      outcome: 'applied',
      trigger: 'payment_succeeded',
      primary: { paymentIntentId: 'pi_2', amount: 5000 },
      flags: ['duplicate_payment'],
    });
  });

  it.each(['pending', 'failed'] as const)('moves %s to processing on an unpaid completion', (status) => {
    expect(decide(anOrder().in(status).build(), anAttempt(), [], completed('unpaid'))).toMatchObject({
      outcome: 'applied',
      trigger: 'checkout_completed_unpaid',
      attempt: { status: 'complete', outcome: 'processing' },
    });
  });

  it.each(['processing', 'failed', 'cancelled', 'expired'] as const)(
    'lets a late success win from %s',
    (status) => {
      const attempt = anAttempt({ status: status === 'expired' ? 'expired' : 'open' });
      expect(decide(anOrder().in(status).build(), attempt, [], asyncSucceeded())).toMatchObject({
        outcome: 'applied',
        trigger: 'payment_succeeded',
      });
    },
  );

  it('fails a pending order on a decline, keeping the decline code as the reason', () => {
    expect(decide(anOrder().build(), anAttempt(), [], declined)).toMatchObject({
      outcome: 'applied',
      trigger: 'payment_declined',
      statusReason: 'insufficient_funds',
      attempt: { outcome: 'declined', paymentIntentId: 'pi_1' },
    });
  });

  it('never lets a decline older than "processing" fail a processing order', () => {
    const processing = anAttempt({ status: 'complete', outcome: 'processing', paymentStatus: 'unpaid' });
    expect(decide(anOrder().in('processing').build(), processing, [], declined)).toEqual({
      outcome: 'ignored',
      note: 'stale_fact',
    });
  });

  it('fails a processing order when its delayed payment fails', () => {
    const processing = anAttempt({ status: 'complete', outcome: 'processing' });
    expect(decide(anOrder().in('processing').build(), processing, [], asyncFailed)).toMatchObject({
      outcome: 'applied',
      trigger: 'async_payment_failed',
      statusReason: 'async_payment_failed',
      attempt: { outcome: 'failed' },
    });
  });

  it('never lets "processing" arrive after the outcome it led to', () => {
    const failed = anAttempt({ status: 'complete', outcome: 'failed' });
    expect(decide(anOrder().in('failed').build(), failed, [], completed('unpaid'))).toMatchObject({
      outcome: 'ignored',
      note: 'stale_fact',
    });
  });

  it('expires a pending or declined order when its current session expires', () => {
    for (const status of ['pending', 'failed'] as const) {
      expect(decide(anOrder().in(status).build(), anAttempt(), [], expired)).toMatchObject({
        outcome: 'applied',
        trigger: 'session_expired',
        attempt: { status: 'expired' },
      });
    }
  });

  it.each([
    ['a late decline', declined],
    ['a late async failure', asyncFailed],
    ['a late expiry', expired],
    ['an unpaid completion', completed('unpaid')],
  ])('never regresses a paid order on %s', (_name, fact) => {
    expect(decide(anOrder().paid().build(), anAttempt(), [], fact).outcome).toBe('ignored');
  });

  it('ignores failures and expiries of a superseded attempt, but records them on that attempt', () => {
    const order = anOrder().with({ currentAttemptNo: 2 }).build();
    for (const fact of [declined, expired, asyncFailed, completed('unpaid')]) {
      const decision = decide(order, anAttempt({ attemptNo: 1 }), [], fact);
      expect(decision).toMatchObject({ outcome: 'ignored', note: 'superseded_attempt' });
      expect(decision.attempt).toBeDefined();
    }
  });

  it('takes a success on a superseded attempt (money received is the truth)', () => {
    const order = anOrder().with({ currentAttemptNo: 2 }).build();
    expect(decide(order, anAttempt({ attemptNo: 1 }), [], completed('paid'))).toMatchObject({
      outcome: 'applied',
      trigger: 'payment_succeeded',
    });
  });

  it('records a second payment as an extra payment to refund, once', () => {
    const order = anOrder().paid('pi_1').with({ currentAttemptNo: 2 }).build();
    const attempt2 = anAttempt({ attemptNo: 2 });
    expect(decide(order, attempt2, [payment('pi_1')], completed('paid', 'pi_2'))).toMatchObject({
      outcome: 'applied',
      note: 'duplicate_payment',
      newPayment: { paymentIntentId: 'pi_2' },
      flags: ['duplicate_payment'],
    });
    expect(
      decide(order, attempt2, [payment('pi_1'), payment('pi_2')], completed('paid', 'pi_2')),
    ).toMatchObject({
      outcome: 'ignored',
      note: 'extra_payment_already_recorded',
    });
    expect(decide(order, anAttempt(), [payment('pi_1')], completed('paid', 'pi_1'))).toMatchObject({
      outcome: 'ignored',
      note: 'already_paid',
    });
  });

  it('treats a canceled payment intent as information only', () => {
    const fact: PaymentFact = { kind: 'payment_canceled', paymentIntentId: 'pi_1', reason: 'automatic' };
    expect(decide(anOrder().build(), anAttempt(), [], fact)).toEqual({
      outcome: 'ignored',
      note: 'informational',
    });
  });

  it('refuses transitions the table does not allow without throwing', () => {
    expect(decide(anOrder().in('cancelled').build(), anAttempt(), [], declined)).toMatchObject({
      outcome: 'ignored',
      note: 'not_allowed_from_cancelled',
    });
  });
});

describe('flagsAfter', () => {
  it('keeps duplicate_payment while an extra payment holds money', () => {
    expect(flagsAfter([], [payment('pi_1'), payment('pi_2', 5000, 4999)], 'pi_1')).toEqual([
      'duplicate_payment',
    ]);
    expect(flagsAfter(['duplicate_payment'], [payment('pi_1'), payment('pi_2', 5000, 5000)], 'pi_1')).toEqual(
      [],
    );
    expect(flagsAfter([], [payment('pi_1', 5000, 5000)], 'pi_1')).toEqual([]);
  });
});
