import { MONEY_STATUSES } from '@checkstand/contract';
import { describe, expect, it } from 'vitest';
import {
  ORDER_STATUSES,
  ORDER_TRIGGERS,
  type OrderStatus,
  type OrderTrigger,
  TRANSITIONS,
  nextStatus,
  validateStateMachine,
} from './order-state-machine.js';

const MONEY_IN: Partial<Record<OrderTrigger, OrderStatus>> = {
  payment_succeeded: 'paid',
  payment_mismatched: 'payment_mismatch',
};

/** The whole table, written out: every (status, trigger) pair and where it leads, or null. */
const EXPECTED: Record<OrderStatus, Partial<Record<OrderTrigger, OrderStatus>>> = {
  pending: {
    ...MONEY_IN,
    checkout_completed_unpaid: 'processing',
    payment_declined: 'failed',
    async_payment_failed: 'failed',
    customer_cancelled: 'cancelled',
    session_expired: 'expired',
    retry: 'pending',
  },
  processing: { ...MONEY_IN, async_payment_failed: 'failed' },
  failed: {
    ...MONEY_IN,
    retry: 'pending',
    checkout_completed_unpaid: 'processing',
    customer_cancelled: 'cancelled',
    session_expired: 'expired',
  },
  cancelled: { ...MONEY_IN, retry: 'pending' },
  expired: { ...MONEY_IN, retry: 'pending', customer_cancelled: 'cancelled' },
  payment_mismatch: {
    payment_succeeded: 'paid',
    partial_refund: 'payment_mismatch',
    full_refund: 'refunded',
  },
  paid: { partial_refund: 'partially_refunded', full_refund: 'refunded' },
  partially_refunded: {
    partial_refund: 'partially_refunded',
    full_refund: 'refunded',
    refund_reversed: 'paid',
  },
  refunded: {
    partial_refund: 'partially_refunded',
    refund_reversed: 'paid',
    mismatch_refund_reversed: 'payment_mismatch',
  },
};

describe('order state machine', () => {
  const pairs = ORDER_STATUSES.flatMap((from) => ORDER_TRIGGERS.map((trigger) => [from, trigger] as const));
  it.each(pairs)('%s --%s--> as the table says', (from, trigger) => {
    expect(nextStatus(from, trigger)).toBe(EXPECTED[from][trigger] ?? null);
  });

  it('never lets money received go back to a status without money', () => {
    for (const from of MONEY_STATUSES) {
      for (const trigger of ORDER_TRIGGERS) {
        const to = nextStatus(from, trigger);
        if (to) expect(MONEY_STATUSES).toContain(to);
      }
    }
  });

  it('lets a failed refund give back only what was refunded, never the match', () => {
    expect(nextStatus('payment_mismatch', 'refund_reversed')).toBeNull();
    expect(nextStatus('paid', 'mismatch_refund_reversed')).toBeNull();
  });

  it('never lets a decline undo a payment in progress', () => {
    expect(nextStatus('processing', 'payment_declined')).toBeNull();
  });

  it('accepts its own table at boot and refuses broken ones', () => {
    expect(() => validateStateMachine()).not.toThrow();
    const unreachable = { ...TRANSITIONS, pending: { retry: 'pending' as const } };
    expect(() => validateStateMachine(unreachable)).toThrow(/unreachable from pending/);
    const unknownTarget = { ...TRANSITIONS, paid: { full_refund: 'gone' as unknown as OrderStatus } };
    expect(() => validateStateMachine(unknownTarget)).toThrow(/unknown status "gone"/);
  });
});
