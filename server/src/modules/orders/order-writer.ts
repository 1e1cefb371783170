import type { HistorySource, WatchState } from '@checkstand/contract';
import type { Conn, Db } from '../../db/database.js';
import type { CheckoutAttemptRow, OrderItem, OrderRow, orders } from '../../db/schema.js';
import type { AttemptPatch, NewAttempt, OrderChange } from './order-change.js';
import { applyEffects } from './order-effects.js';
import { isOrderStatus, nextStatus } from './order-state-machine.js';
import {
  DELIVERY_KEYS,
  DISPUTE_KEYS,
  FRAUD_WARNING_KEYS,
  HISTORY_KEYS,
  NEW_ATTEMPT_KEYS,
  NEW_PAYMENT_KEYS,
  type PersistShape,
  REFUND_KEYS,
  statements,
} from './order-statements.js';

/**
 * The only writer of an order's status and of its history (docs/design.md, "One writer"). Stripe facts, the
 * customer's actions, the admin's and the reconciler's all describe what they change as an `OrderChange`; the
 * writer checks the status change against the transition table, derives the history row's from/to from it,
 * keeps the attempt's watch state in step, and persists everything in one statement.
 */

export class IllegalTransitionError extends Error {
  constructor(orderId: string, from: string, trigger: string) {
    super(`order ${orderId}: ${from} --${trigger}--> is not in the transition table`);
    this.name = 'IllegalTransitionError';
  }
}

/**
 * Where an attempt stands on the watch list once it looks like `status`/`outcome`: `done` when Stripe has said
 * the session is terminal (expired, paid, or its delayed payment failed) or when the attempt never reached
 * Stripe; `watching` otherwise, also for a session Stripe had lost but has just told us about.
 */
export function watchStateOf(
  attempt: Pick<CheckoutAttemptRow, 'status' | 'outcome' | 'sessionId' | 'watch'>,
  learnedFromStripe: boolean,
): WatchState {
  const terminal =
    attempt.status === 'expired' ||
    (attempt.status === 'complete' && (attempt.outcome === 'paid' || attempt.outcome === 'failed')) ||
    (attempt.status === 'abandoned' && attempt.sessionId === null);
  if (terminal) return 'done';
  if (attempt.watch === 'lost' && !learnedFromStripe) return 'lost';
  return 'watching';
}

function addValues(values: Record<string, unknown>, prefix: string, row: object, keys: readonly string[]) {
  const record = row as Record<string, unknown>;
  for (const key of keys) values[`${prefix}${key}`] = record[key] ?? null;
}

/** The keys a patch really sets, in a stable order (one compiled statement per shape). */
function setKeys(patch: object): string[] {
  return Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key)
    .sort();
}

/**
 * Persists a change to `order` (locked by the caller's transaction `conn` when the change has a trigger) and
 * returns the order as it now is. Throws `IllegalTransitionError` for a status change the table does not allow:
 * callers decide with `nextStatus` first, so this only fires on a bug.
 */
export async function writeChange(conn: Conn, order: OrderRow, change: OrderChange): Promise<OrderRow> {
  if (!isOrderStatus(order.status)) throw new Error(`order ${order.id} has unknown status ${order.status}`);
  const from = order.status;
  const to = change.trigger ? nextStatus(from, change.trigger) : from;
  if (!to) throw new IllegalTransitionError(order.id, from, change.trigger ?? '');

  const orderPatch: Record<string, unknown> = { ...change.order };
  if (change.trigger) orderPatch.status = to;
  if (change.statusReason !== undefined) orderPatch.statusReason = change.statusReason;
  const orderKeys = setKeys(orderPatch);

  let attemptPatch: AttemptPatch | null = null;
  if (change.attempt) {
    const { row, patch, checked = false } = change.attempt;
    const next = { ...row, ...patch };
    attemptPatch = { ...patch };
    const watch = watchStateOf(next, checked);
    if (watch !== row.watch) attemptPatch.watch = watch;
    if (checked && row.missingCount > 0) attemptPatch.missingCount = 0;
    if (setKeys(attemptPatch).length === 0 && !checked) attemptPatch = null;
  }

  const shape: PersistShape = {
    attempt:
      attemptPatch && change.attempt
        ? { keys: setKeys(attemptPatch), checked: change.attempt.checked ?? false }
        : null,
    newAttempt: Boolean(change.newAttempt),
    order: orderKeys.length > 0 ? orderKeys : null,
    newPayment: Boolean(change.newPayment),
    paymentRefunded: Boolean(change.paymentRefunded),
    refunds: Boolean(change.refunds && change.refunds.length > 0),
    dispute: Boolean(change.dispute),
    fraudWarning: Boolean(change.fraudWarning),
    history: change.history !== null,
    event: Boolean(change.stripeEvent),
    delivery: Boolean(change.delivery),
  };
  const nothing =
    !shape.attempt &&
    !shape.newAttempt &&
    !shape.order &&
    !shape.newPayment &&
    !shape.paymentRefunded &&
    !shape.refunds &&
    !shape.dispute &&
    !shape.fraudWarning &&
    !shape.history &&
    !shape.event &&
    !shape.delivery;
  if (nothing) return order;

  const values: Record<string, unknown> = { orderId: order.id };
  if (shape.attempt && attemptPatch && change.attempt) {
    values.a_attemptNo = change.attempt.row.attemptNo;
    addValues(values, 'a_', attemptPatch, shape.attempt.keys);
  }
  if (change.newAttempt) addValues(values, 'n_', change.newAttempt, NEW_ATTEMPT_KEYS);
  if (shape.order) addValues(values, 'o_', orderPatch, shape.order);
  if (change.newPayment) addValues(values, 'p_', change.newPayment, NEW_PAYMENT_KEYS);
  if (change.paymentRefunded) {
    values.r_paymentIntentId = change.paymentRefunded.paymentIntentId;
    values.r_amountRefunded = change.paymentRefunded.amountRefunded;
  }
  if (shape.refunds && change.refunds) {
    // One JSON parameter for any number of refunds (a charge's refunds read back from Stripe come together).
    values.f_refunds = JSON.stringify(
      change.refunds.map((refund) => {
        const row: Record<string, unknown> = {};
        for (const key of REFUND_KEYS) row[key] = refund[key] ?? null;
        return row;
      }),
    );
  }
  if (change.dispute) addValues(values, 'g_', change.dispute, DISPUTE_KEYS);
  if (change.fraudWarning) addValues(values, 'w_', change.fraudWarning, FRAUD_WARNING_KEYS);
  if (change.history) {
    const entry = change.history;
    addValues(
      values,
      'h_',
      {
        orderId: order.id,
        source: entry.source,
        kind: entry.kind,
        fromStatus: from,
        toStatus: change.trigger ? to : null,
        outcome: change.trigger ? 'applied' : (entry.outcome ?? 'applied'),
        stripeEventId: entry.stripeEventId ?? null,
        detail: entry.detail ?? {},
      },
      HISTORY_KEYS,
    );
  }
  if (change.delivery) addValues(values, 'd_', change.delivery, DELIVERY_KEYS);
  if (change.stripeEvent) {
    values.e_id = change.stripeEvent.id;
    values.e_outcome = change.stripeEvent.outcome;
    values.e_note = change.stripeEvent.note;
  }
  await statements.persist.get(JSON.stringify(shape)).rows(conn, values);
  // The row as written (updated_at is the database's now(), within a millisecond of this one).
  const written: OrderRow = shape.order
    ? { ...order, ...(orderPatch as Partial<OrderRow>), updatedAt: new Date(), version: order.version + 1 }
    : order;
  // What the change causes beyond the order, in the same transaction: stock held or taken, e-mails to send.
  return applyEffects(conn, { before: order, after: written, from, to, change });
}

/**
 * A new order, its first history row and its reserved first attempt, as one statement (atomic on its own; nobody
 * else can know these rows yet, so there is nothing to lock).
 */
export async function createOrder(
  conn: Conn,
  order: Pick<
    typeof orders.$inferInsert,
    'id' | 'currency' | 'totalAmount' | 'items' | 'customerEmail' | 'accessTokenHash'
  > & { items: OrderItem[] },
  attempt: NewAttempt,
  detail: Record<string, unknown> = {},
): Promise<void> {
  const values: Record<string, unknown> = {};
  addValues(
    values,
    'o_',
    {
      ...order,
      status: 'pending',
      currentAttemptNo: attempt.attemptNo,
      customerEmail: order.customerEmail ?? null,
    },
    [
      'id',
      'status',
      'currency',
      'totalAmount',
      'items',
      'customerEmail',
      'accessTokenHash',
      'currentAttemptNo',
    ],
  );
  addValues(
    values,
    'h_',
    {
      orderId: order.id,
      source: 'customer',
      kind: 'order_created',
      fromStatus: null,
      toStatus: 'pending',
      outcome: 'applied',
      stripeEventId: null,
      detail,
    },
    HISTORY_KEYS,
  );
  addValues(values, 'a_', attempt, NEW_ATTEMPT_KEYS);
  await statements.createOrder.rows(conn, values);
}

export interface CreatedSession {
  orderId: string;
  attemptNo: number;
  sessionId: string;
  url: string;
  expiresAt: Date;
  source: HistorySource;
}

/**
 * After Stripe created (or replayed) the session of an attempt: records it, and says whether it is still wanted.
 * An unwanted session (its order was cancelled, paid or retried meanwhile, or the attempt given up) is recorded
 * all the same, so the watch list follows it, and the caller expires it at Stripe.
 */
export async function recordCreatedSession(
  db: Db,
  session: CreatedSession,
): Promise<{ wanted: boolean; found: boolean }> {
  const [row] = await statements.storeCreatedSession.rows(db, {
    orderId: session.orderId,
    attemptNo: session.attemptNo,
    sessionId: session.sessionId,
    url: session.url,
    source: session.source,
    detail: JSON.stringify({
      attemptNo: session.attemptNo,
      sessionId: session.sessionId,
      expiresAt: session.expiresAt.toISOString(),
    }),
  });
  if (!row) return { wanted: false, found: false };
  const wanted =
    row.attempt_status !== 'abandoned' &&
    Number(row.current_attempt_no) === session.attemptNo &&
    row.order_status === 'pending';
  return { wanted, found: true };
}
