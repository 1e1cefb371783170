import { describe, expect, it } from 'vitest';
import type { OrderStatus } from './order-state-machine.js';
import { type OrderSnapshot, type PaymentFact, decide } from './payment-facts.js';

/** Builder for the order a decision sees: `anOrder().paid().build()`. */
function anOrder(overrides: Partial<OrderSnapshot> = {}) {
  let order: OrderSnapshot = {
    status: 'pending',
    totalAmount: 5000,
    currency: 'usd',
    currentAttemptNo: 1,
    paymentIntentId: null,
    amountReceived: null,
    amountRefunded: 0,
    flags: [],
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
      return builder.with({ status: 'paid', paymentIntentId, amountReceived: order.totalAmount });
    },
    build: () => order,
  };
  return builder;
}

const completed = (
  paymentStatus: 'paid' | 'unpaid',
  attemptNo = 1,
  paymentIntentId = 'pi_1',
): PaymentFact => ({
  kind: 'checkout_completed',
  sessionId: `cs_${attemptNo}`,
  attemptNo,
  paymentStatus,
  paymentIntentId,
  amountTotal: 5000,
  currency: 'usd',
  customerEmail: 'c@example.com',
});
const asyncSucceeded = (attemptNo = 1): PaymentFact => ({
  kind: 'async_payment_succeeded',
  sessionId: `cs_${attemptNo}`,
  attemptNo,
  paymentIntentId: 'pi_1',
  amountTotal: 5000,
  currency: 'usd',
  customerEmail: null,
});
const asyncFailed = (attemptNo = 1): PaymentFact => ({
  kind: 'async_payment_failed',
  sessionId: `cs_${attemptNo}`,
  attemptNo,
  paymentIntentId: 'pi_1',
});
const expired = (attemptNo = 1): PaymentFact => ({
  kind: 'session_expired',
  sessionId: `cs_${attemptNo}`,
  attemptNo,
});
const declined = (attemptNo = 1): PaymentFact => ({
  kind: 'payment_failed',
  paymentIntentId: 'pi_1',
  attemptNo,
  code: 'card_declined',
  declineCode: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
});
const refunded = (amountRefunded: number, paymentIntentId = 'pi_1'): PaymentFact => ({
  kind: 'charge_refunded',
  paymentIntentId,
  chargeId: 'ch_1',
  amountCaptured: 5000,
  amountRefunded,
  currency: 'usd',
});

describe('decide', () => {
  it('pays a pending order on a paid completion, with the payment details', () => {
    expect(decide(anOrder().build(), completed('paid'), 1)).toMatchObject({
      outcome: 'applied',
      to: 'paid',
      payment: {
        amountReceived: 5000,
        currency: 'usd',
        paymentIntentId: 'pi_1',
        customerEmail: 'c@example.com',
      },
      attempt: { status: 'complete', paymentStatus: 'paid', paymentIntentId: 'pi_1' },
    });
  });

  it.each(['pending', 'failed'] as const)('moves %s to processing on an unpaid completion', (status) => {
    expect(decide(anOrder().in(status).build(), completed('unpaid'), 1)).toMatchObject({
      outcome: 'applied',
      to: 'processing',
    });
  });

  it.each(['processing', 'failed', 'cancelled', 'expired'] as const)(
    'lets a late success win from %s',
    (status) => {
      expect(decide(anOrder().in(status).build(), asyncSucceeded(), 1)).toMatchObject({
        outcome: 'applied',
        to: 'paid',
      });
    },
  );

  it('fails a pending order on a decline, keeping the decline code as the reason', () => {
    expect(decide(anOrder().build(), declined(), 1)).toMatchObject({
      outcome: 'applied',
      to: 'failed',
      statusReason: 'insufficient_funds',
    });
  });

  it('fails a processing order when the async payment fails', () => {
    expect(decide(anOrder().in('processing').build(), asyncFailed(), 1)).toMatchObject({
      outcome: 'applied',
      to: 'failed',
      statusReason: 'async_payment_failed',
    });
  });

  it('expires a pending order when its current session expires', () => {
    expect(decide(anOrder().build(), expired(), 1)).toMatchObject({
      outcome: 'applied',
      to: 'expired',
      attempt: { status: 'expired' },
    });
  });

  it.each([
    ['a late decline', declined()],
    ['a late async failure', asyncFailed()],
    ['a late expiry', expired()],
    ['an unpaid completion', completed('unpaid')],
  ])('never regresses a paid order on %s', (_name, fact) => {
    expect(decide(anOrder().paid().build(), fact, 1).outcome).toBe('ignored');
  });

  it('ignores failures and expiries of a superseded attempt', () => {
    const order = anOrder().with({ currentAttemptNo: 2 }).build();
    for (const fact of [declined(1), expired(1), asyncFailed(1), completed('unpaid', 1)]) {
      expect(decide(order, fact, 1)).toMatchObject({ outcome: 'ignored', note: 'superseded_attempt' });
    }
  });

  it('takes a success on a superseded attempt (money received is the truth)', () => {
    const order = anOrder().with({ currentAttemptNo: 2 }).build();
    expect(decide(order, completed('paid', 1), 1)).toMatchObject({ outcome: 'applied', to: 'paid' });
  });

  it('flags a second payment on another attempt of a paid order, once', () => {
    const order = anOrder().paid('pi_1').with({ currentAttemptNo: 2 }).build();
    expect(decide(order, completed('paid', 2, 'pi_2'), 2)).toMatchObject({
      outcome: 'applied',
      addFlags: ['duplicate_payment'],
    });
    expect(decide({ ...order, flags: ['duplicate_payment'] }, completed('paid', 2, 'pi_2'), 2).outcome).toBe(
      'ignored',
    );
    expect(decide(order, completed('paid', 1, 'pi_1'), 1)).toMatchObject({
      outcome: 'ignored',
      note: 'already_paid',
    });
  });

  it('flags an amount that differs from the order total but still records the payment', () => {
    const fact = { ...completed('paid'), amountTotal: 4000 } as PaymentFact;
    expect(decide(anOrder().build(), fact, 1)).toMatchObject({
      to: 'paid',
      addFlags: ['amount_mismatch'],
      payment: { amountReceived: 4000 },
    });
  });

  it('refunds partially, then fully, and ignores an older refund total arriving late', () => {
    const paid = anOrder().paid().build();
    expect(decide(paid, refunded(1000), null)).toMatchObject({
      to: 'partially_refunded',
      amountRefunded: 1000,
    });
    const partly = { ...paid, status: 'partially_refunded' as const, amountRefunded: 1000 };
    expect(decide(partly, refunded(5000), null)).toMatchObject({ to: 'refunded', amountRefunded: 5000 });
    expect(
      decide({ ...partly, status: 'refunded', amountRefunded: 5000 }, refunded(1000), null).outcome,
    ).toBe('ignored');
    expect(decide(paid, refunded(1000, 'pi_other'), null)).toMatchObject({
      outcome: 'ignored',
      note: 'refund_of_another_payment',
    });
  });

  it('treats a canceled payment intent as information only', () => {
    const fact: PaymentFact = {
      kind: 'payment_canceled',
      paymentIntentId: 'pi_1',
      attemptNo: 1,
      reason: 'automatic',
    };
    expect(decide(anOrder().build(), fact, 1)).toMatchObject({ outcome: 'ignored', note: 'informational' });
  });

  it('refuses transitions the table does not allow without throwing', () => {
    expect(decide(anOrder().in('cancelled').build(), declined(), 1)).toMatchObject({
      outcome: 'ignored',
      note: 'not_allowed_from_cancelled',
    });
    expect(decide(anOrder().in('refunded').build(), refunded(6000), null).outcome).toBe('ignored');
  });
});
