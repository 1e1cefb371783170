import { describe, expect, it } from 'vitest';
import {
  ORDER_STATUSES,
  type OrderStatus,
  type OrderTrigger,
  TRANSITIONS,
  nextStatus,
  validateStateMachine,
} from './order-state-machine.js';

const TRIGGERS: OrderTrigger[] = [
  'checkout_completed_unpaid',
  'payment_succeeded',
  'payment_failed',
  'session_expired',
  'customer_cancelled',
  'retry',
  'partial_refund',
  'full_refund',
];

/** The whole table, written out: every (status, trigger) pair and where it leads, or null. */
const EXPECTED: Record<OrderStatus, Partial<Record<OrderTrigger, OrderStatus>>> = {
  pending: {
    checkout_completed_unpaid: 'processing',
    payment_succeeded: 'paid',
    payment_failed: 'failed',
    customer_cancelled: 'cancelled',
    session_expired: 'expired',
    retry: 'pending',
  },
  processing: { payment_succeeded: 'paid', payment_failed: 'failed' },
  failed: {
    retry: 'pending',
    payment_succeeded: 'paid',
    checkout_completed_unpaid: 'processing',
    customer_cancelled: 'cancelled',
    session_expired: 'expired',
  },
  cancelled: { retry: 'pending', payment_succeeded: 'paid' },
  expired: { retry: 'pending', payment_succeeded: 'paid', customer_cancelled: 'cancelled' },
  paid: { partial_refund: 'partially_refunded', full_refund: 'refunded' },
  partially_refunded: { partial_refund: 'partially_refunded', full_refund: 'refunded' },
  refunded: {},
};

describe('order state machine', () => {
  const pairs = ORDER_STATUSES.flatMap((from) => TRIGGERS.map((trigger) => [from, trigger] as const));
  it.each(pairs)('%s --%s--> as the table says', (from, trigger) => {
    expect(nextStatus(from, trigger)).toBe(EXPECTED[from][trigger] ?? null);
  });

  it('never lets money received go back to unpaid', () => {
    for (const from of ['paid', 'partially_refunded', 'refunded'] as const) {
      for (const trigger of TRIGGERS) {
        const to = nextStatus(from, trigger);
        if (to) expect(['paid', 'partially_refunded', 'refunded']).toContain(to);
      }
    }
  });

  it('accepts its own table at boot and refuses broken ones', () => {
    expect(() => validateStateMachine()).not.toThrow();
    const unreachable = { ...TRANSITIONS, pending: { retry: 'pending' as const } };
    expect(() => validateStateMachine(unreachable)).toThrow(/unreachable from pending/);
    const unknownTarget = { ...TRANSITIONS, paid: { full_refund: 'gone' as unknown as OrderStatus } };
    expect(() => validateStateMachine(unknownTarget)).toThrow(/unknown status "gone"/);
  });
});
