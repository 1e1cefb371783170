import type { RefundStatus } from '@checkstand/contract';
import { describe, expect, it } from 'vitest';
import {
  type DisputeSnapshot,
  type MoneySnapshot,
  type OrderSnapshot,
  type RefundSnapshot,
  decide,
  noMoney,
} from './order-decision.js';
import type { PaymentFact } from './payment-fact.js';

const paidOrder = (patch: Partial<OrderSnapshot> = {}): OrderSnapshot => ({
  status: 'paid',
  expectedAmount: 5000,
  currency: 'usd',
  currentAttemptNo: 1,
  paymentIntentId: 'pi_1',
  amountReceived: 5000,
  amountRefunded: 0,
  flags: [],
  fulfilmentStatus: 'unfulfilled',
  ...patch,
});

const money = (patch: Partial<MoneySnapshot> = {}): MoneySnapshot => ({
  ...noMoney(),
  payments: [{ paymentIntentId: 'pi_1', amount: 5000, currency: 'usd', amountRefunded: 0 }],
  ...patch,
});

const refund = (id: string, amount: number, status: RefundStatus, failureReason: string | null = null) => ({
  id,
  paymentIntentId: 'pi_1',
  amount,
  currency: 'usd',
  status,
  reason: null,
  failureReason,
});
const recorded = (r: ReturnType<typeof refund>): RefundSnapshot => ({ ...r, requestedBy: null });
const refunds = (...list: ReturnType<typeof refund>[]): PaymentFact => ({
  kind: 'refunds_reported',
  paymentIntentId: 'pi_1',
  chargeId: 'ch_1',
  refunds: list,
});

const dispute = (status: DisputeSnapshot['status'], withdrawn = 0): PaymentFact => ({
  kind: 'dispute_reported',
  id: 'dp_1',
  paymentIntentId: 'pi_1',
  chargeId: 'ch_1',
  amount: 5000,
  currency: 'usd',
  reason: 'fraudulent',
  status,
  evidenceDueBy: new Date('2026-02-01T00:00:00Z'),
  amountWithdrawn: withdrawn,
  amountReinstated: 0,
  openedAt: new Date('2026-01-20T00:00:00Z'),
});
const recordedDispute = (status: DisputeSnapshot['status'], withdrawn = 0): DisputeSnapshot => {
  const fact = dispute(status, withdrawn) as Extract<PaymentFact, { kind: 'dispute_reported' }>;
  const { kind: _, ...recorded } = fact;
  return recorded;
};

describe('refunds', () => {
  it('counts only succeeded refunds: a pending one is recorded and moves nothing', () => {
    expect(decide(paidOrder(), null, money(), refunds(refund('re_1', 1000, 'pending')))).toEqual({
      outcome: 'applied',
      note: 'refund_recorded',
      refunds: [recorded(refund('re_1', 1000, 'pending'))],
    });
  });

  it('a refund that fails after it succeeded puts the order back to paid, saying why', () => {
    const order = paidOrder({ status: 'refunded', amountRefunded: 5000 });
    const before = money({
      payments: [{ paymentIntentId: 'pi_1', amount: 5000, currency: 'usd', amountRefunded: 5000 }],
      refunds: [recorded(refund('re_1', 5000, 'succeeded'))],
    });
    const decision = decide(
      order,
      null,
      before,
      refunds(refund('re_1', 5000, 'failed', 'expired_or_canceled_card')),
    );
    expect(decision).toMatchObject({
      outcome: 'applied',
      note: 'refund_failed',
      trigger: 'refund_reversed',
      statusReason: null,
      amountRefunded: 0,
      paymentRefunded: { paymentIntentId: 'pi_1', amountRefunded: 0 },
      refunds: [{ id: 're_1', status: 'failed', failureReason: 'expired_or_canceled_card' }],
    });
    // The older "succeeded" arriving after the failure changes nothing.
    const after = money({ refunds: [recorded(refund('re_1', 5000, 'failed', 'expired_or_canceled_card'))] });
    expect(decide(paidOrder(), null, after, refunds(refund('re_1', 5000, 'succeeded'))).outcome).toBe(
      'ignored',
    );
  });

  it('a mismatched payment refunded in full whose refund fails is a mismatch again, never paid', () => {
    const order = paidOrder({ status: 'refunded', amountReceived: 50, amountRefunded: 50 });
    const before = money({
      payments: [{ paymentIntentId: 'pi_1', amount: 50, currency: 'usd', amountRefunded: 50 }],
      refunds: [recorded(refund('re_1', 50, 'succeeded'))],
    });
    expect(decide(order, null, before, refunds(refund('re_1', 50, 'failed')))).toMatchObject({
      trigger: 'mismatch_refund_reversed',
      statusReason: 'amount_mismatch',
    });
  });

  it('a payment of Stripe’s charged total (items, shipping, tax) whose refund fails is paid again, not a mismatch', () => {
    // 5000 of items, shipping 500, tax 450: the customer paid 5950, which is what the order was charged.
    const order = paidOrder({
      status: 'refunded',
      chargedAmount: 5950,
      amountReceived: 5950,
      amountRefunded: 5950,
    });
    const before = money({
      payments: [{ paymentIntentId: 'pi_1', amount: 5950, currency: 'usd', amountRefunded: 5950 }],
      refunds: [recorded(refund('re_1', 5950, 'succeeded'))],
    });
    expect(decide(order, null, before, refunds(refund('re_1', 5950, 'failed')))).toMatchObject({
      trigger: 'refund_reversed',
      statusReason: null,
    });
  });

  it('waits for the payment a refund proves, when it is the attempt’s; ignores one of another intent', () => {
    const pending = paidOrder({ status: 'pending', paymentIntentId: null, amountReceived: null });
    const attempt = {
      attemptNo: 1,
      status: 'open' as const,
      outcome: null,
      paymentStatus: null,
      paymentIntentId: 'pi_1',
    };
    expect(decide(pending, attempt, noMoney(), refunds(refund('re_1', 10, 'succeeded')))).toEqual({
      outcome: 'deferred',
      note: 'refund_before_its_payment',
    });
    expect(decide(pending, null, noMoney(), refunds(refund('re_1', 10, 'succeeded')))).toEqual({
      outcome: 'ignored',
      note: 'refund_of_unknown_payment',
    });
  });
});

describe('disputes', () => {
  it('an opened dispute blocks the order; a lost one stays on it; a won one clears it', () => {
    expect(decide(paidOrder(), null, money(), dispute('needs_response'))).toMatchObject({
      note: 'dispute_opened',
      flags: ['dispute_open'],
    });
    const open = paidOrder({ flags: ['dispute_open'] });
    const known = money({ disputes: [recordedDispute('under_review', 5000)] });
    expect(decide(open, null, known, dispute('lost', 5000))).toMatchObject({
      note: 'dispute_lost',
      flags: ['dispute_lost'],
    });
    expect(decide(open, null, known, dispute('won', 5000))).toMatchObject({ note: 'dispute_won', flags: [] });
  });

  it('never goes back: an older status arriving late keeps the newer one, money only grows', () => {
    const lost = paidOrder({ flags: ['dispute_lost'] });
    const known = money({ disputes: [recordedDispute('lost', 5000)] });
    expect(decide(lost, null, known, dispute('needs_response', 5000)).outcome).toBe('ignored');
    const escalated = money({ disputes: [recordedDispute('under_review', 0)] });
    expect(
      decide(paidOrder({ flags: ['dispute_open'] }), null, escalated, dispute('needs_response', 5000)),
    ).toMatchObject({
      note: 'dispute_updated',
      dispute: { status: 'under_review', amountWithdrawn: 5000 },
    });
  });

  it('says when it arrived after the goods left', () => {
    const shipped = paidOrder({ fulfilmentStatus: 'fulfilled' });
    expect(decide(shipped, null, money(), dispute('warning_needs_response'))).toMatchObject({
      afterFulfilment: true,
      flags: ['dispute_open'],
    });
  });
});

describe('early fraud warnings', () => {
  const warning = (actionable: boolean): PaymentFact => ({
    kind: 'fraud_warning_reported',
    id: 'issfr_1',
    paymentIntentId: 'pi_1',
    chargeId: 'ch_1',
    fraudType: 'made_with_stolen_card',
    actionable,
    raisedAt: new Date('2026-01-20T00:00:00Z'),
  });

  it('flags the order while actionable, and once not actionable never again', () => {
    expect(decide(paidOrder(), null, money(), warning(true))).toMatchObject({
      note: 'fraud_warning',
      flags: ['fraud_warning'],
    });
    const resolved = money({
      fraudWarnings: [
        {
          id: 'issfr_1',
          paymentIntentId: 'pi_1',
          chargeId: 'ch_1',
          fraudType: 'made_with_stolen_card',
          actionable: false,
          raisedAt: new Date('2026-01-20T00:00:00Z'),
        },
      ],
    });
    expect(decide(paidOrder(), null, resolved, warning(true)).outcome).toBe('ignored');
  });
});
