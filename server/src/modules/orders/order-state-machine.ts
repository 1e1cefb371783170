/**
 * The order state machine (DESIGN §4): the transition table, the guard, and a boot-time check.
 * Nothing else in the code decides an order's status.
 */
export const ORDER_STATUSES = [
  'pending',
  'processing',
  'paid',
  'failed',
  'cancelled',
  'expired',
  'partially_refunded',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** What can happen to an order. */
export type OrderTrigger =
  | 'checkout_completed_unpaid'
  | 'payment_succeeded'
  | 'payment_failed'
  | 'session_expired'
  | 'customer_cancelled'
  | 'retry'
  | 'partial_refund'
  | 'full_refund';

/**
 * The table, as data. Differences from the first draft of DESIGN §4, each for a reason:
 * - `failed → processing`: a declined card leaves the Checkout Session open; the customer may then pay in
 *   the same session with a delayed method.
 * - `expired → paid`: money received is the truth; a success reported late is never dropped.
 * - `failed/expired → cancelled`: the failure page offers "Cancel order".
 * - `failed → expired`: a declined session stays open until it expires; once it has, the order is
 *   expired whichever of the two events arrives first (`expired → failed` does not exist), so the
 *   final state does not depend on delivery order.
 * - `pending → pending` on retry: a customer back from Checkout may ask for a new session.
 */
export const TRANSITIONS: { readonly [S in OrderStatus]: { readonly [T in OrderTrigger]?: OrderStatus } } = {
  pending: {
    checkout_completed_unpaid: 'processing',
    payment_succeeded: 'paid',
    payment_failed: 'failed',
    customer_cancelled: 'cancelled',
    session_expired: 'expired',
    retry: 'pending',
  },
  processing: {
    payment_succeeded: 'paid',
    payment_failed: 'failed',
  },
  failed: {
    retry: 'pending',
    payment_succeeded: 'paid',
    checkout_completed_unpaid: 'processing',
    customer_cancelled: 'cancelled',
    session_expired: 'expired',
  },
  cancelled: {
    retry: 'pending',
    payment_succeeded: 'paid',
  },
  expired: {
    retry: 'pending',
    payment_succeeded: 'paid',
    customer_cancelled: 'cancelled',
  },
  paid: {
    partial_refund: 'partially_refunded',
    full_refund: 'refunded',
  },
  partially_refunded: {
    partial_refund: 'partially_refunded',
    full_refund: 'refunded',
  },
  refunded: {},
};

/** The guard: the status `trigger` leads to from `from`, or null when the table does not allow it. */
export function nextStatus(from: OrderStatus, trigger: OrderTrigger): OrderStatus | null {
  return TRANSITIONS[from][trigger] ?? null;
}

/** Statuses in which the customer's money has been received. */
export const PAID_STATUSES: readonly OrderStatus[] = ['paid', 'partially_refunded', 'refunded'];
export const isPaidStatus = (status: OrderStatus): boolean => PAID_STATUSES.includes(status);

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}

/**
 * Checks the table at boot: every target is a known status and every status is reachable from
 * `pending`. Throws on a broken table, so a bad edit never reaches production.
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
