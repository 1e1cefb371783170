import { ORDER_STATUSES, type OrderStatus } from '@checkstand/contract';

/**
 * The order state machine: the transition table, the guard, and a boot-time check. Nothing else in the code
 * decides an order's status, and only `order-writer.ts` writes one (docs/design.md, "State machine", gives the
 * reason behind each edge).
 */
export { ORDER_STATUSES, type OrderStatus };

/** What can happen to an order. */
export const ORDER_TRIGGERS = [
  'checkout_completed_unpaid',
  'payment_succeeded',
  'payment_mismatched',
  'payment_declined',
  'async_payment_failed',
  'session_expired',
  'customer_cancelled',
  'retry',
  'partial_refund',
  'full_refund',
  'refund_reversed',
  'mismatch_refund_reversed',
] as const;
export type OrderTrigger = (typeof ORDER_TRIGGERS)[number];

/**
 * The table, as data. Each edge for a reason:
 * - Money received always wins: `payment_succeeded` (the amount and currency match) and `payment_mismatched`
 *   (they do not) apply from every status that has no money yet; a late success is never dropped.
 * - `payment_mismatch → paid`: a correct payment after a wrong one; the wrong one becomes an extra payment to
 *   refund. A mismatched order is never fulfilled; refunding it in full ends it `refunded`.
 * - `payment_declined` (a card declined in a session that stays open) only fails a `pending` order: a decline
 *   is older than anything else the session can say, so it never undoes `processing`.
 * - `async_payment_failed` (a delayed payment failed; its session is complete) fails `pending` or `processing`.
 * - `failed → processing`: after a decline the customer may pay in the same session with a delayed method.
 * - `failed → expired`: a declined session stays open until it expires; once it has, the order is expired
 *   whichever of the two events arrives first (`expired → failed` does not exist).
 * - `failed/expired → cancelled`: the failure page offers "Cancel order".
 * - `retry`: a new session from `pending` (the customer came back from Checkout), `failed`, `cancelled` or
 *   `expired`; never once money arrived.
 * - Refunds follow the succeeded refunds of the primary payment, and a refund can fail after it succeeded (the
 *   card was closed): `refunded → partially_refunded` when part of the refunded money came back, and
 *   `refund_reversed` (`partially_refunded/refunded → paid`) when all of it did. A mismatched payment refunded in
 *   full whose refund fails goes back to `payment_mismatch` (`mismatch_refund_reversed`), never to `paid`.
 */
export const TRANSITIONS: { readonly [S in OrderStatus]: { readonly [T in OrderTrigger]?: OrderStatus } } = {
  pending: {
    checkout_completed_unpaid: 'processing',
    payment_succeeded: 'paid',
    payment_mismatched: 'payment_mismatch',
    payment_declined: 'failed',
    async_payment_failed: 'failed',
    customer_cancelled: 'cancelled',
    session_expired: 'expired',
    retry: 'pending',
  },
  processing: {
    payment_succeeded: 'paid',
    payment_mismatched: 'payment_mismatch',
    async_payment_failed: 'failed',
  },
  failed: {
    retry: 'pending',
    payment_succeeded: 'paid',
    payment_mismatched: 'payment_mismatch',
    checkout_completed_unpaid: 'processing',
    customer_cancelled: 'cancelled',
    session_expired: 'expired',
  },
  cancelled: {
    retry: 'pending',
    payment_succeeded: 'paid',
    payment_mismatched: 'payment_mismatch',
  },
  expired: {
    retry: 'pending',
    payment_succeeded: 'paid',
    payment_mismatched: 'payment_mismatch',
    customer_cancelled: 'cancelled',
  },
  payment_mismatch: {
    payment_succeeded: 'paid',
    partial_refund: 'payment_mismatch',
    full_refund: 'refunded',
  },
  paid: {
    partial_refund: 'partially_refunded',
    full_refund: 'refunded',
  },
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

/** The guard: the status `trigger` leads to from `from`, or null when the table does not allow it. */
export function nextStatus(from: OrderStatus, trigger: OrderTrigger): OrderStatus | null {
  return TRANSITIONS[from][trigger] ?? null;
}

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}

/**
 * Checks the table at boot: every target is a known status and every status is reachable from `pending`.
 * Throws on a broken table, so a bad edit never reaches production.
 */
export function validateStateMachine(table: typeof TRANSITIONS = TRANSITIONS): void {
  const problems: string[] = [];
  for (const [from, edges] of Object.entries(table)) {
    if (!isOrderStatus(from)) problems.push(`unknown status "${from}" in the table`);
    for (const [trigger, to] of Object.entries(edges)) {
      if (!isOrderStatus(String(to))) problems.push(`${from} --${trigger}--> unknown status "${String(to)}"`);
    }
  }
  const reachable = new Set<string>(['pending']);
  let grew = true;
  while (grew) {
    grew = false;
    for (const from of reachable) {
      for (const to of Object.values(table[from as OrderStatus] ?? {})) {
        if (to && !reachable.has(to)) {
          reachable.add(to);
          grew = true;
        }
      }
    }
  }
  for (const status of ORDER_STATUSES) {
    if (!reachable.has(status)) problems.push(`status "${status}" is unreachable from pending`);
  }
  if (problems.length > 0) throw new Error(`Invalid order state machine:\n  ${problems.join('\n  ')}`);
}
