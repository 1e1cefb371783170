import { type SQL, and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { Compiled, CompiledFamily } from '../../db/compiled.js';
import type { Db, Tx } from '../../db/database.js';
import {
  type CheckoutAttemptRow,
  type OrderRow,
  checkoutAttempts,
  orderEvents,
  orders,
  stripeEvents,
  webhookDeliveries,
} from '../../db/schema.js';

/** Either the database or an open transaction: every function works inside or outside one. */
export type Conn = Db | Tx;

export type OrderEventSource = 'webhook' | 'customer' | 'admin' | 'reconcile';

export interface NewOrderEvent {
  orderId: string;
  source: OrderEventSource;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  /** applied: it happened (a transition, or an action like a session created); ignored: recorded only; failed: an action that did not go through. */
  outcome: 'applied' | 'ignored' | 'failed';
  stripeEventId?: string | null;
  detail?: Record<string, unknown>;
}

export type OrderPatch = Partial<
  Pick<
    OrderRow,
    | 'status'
    | 'statusReason'
    | 'currentAttemptNo'
    | 'currentSessionId'
    | 'amountReceived'
    | 'amountRefunded'
    | 'paymentIntentId'
    | 'paidAt'
    | 'customerEmail'
    | 'flags'
  >
>;

export type AttemptPatch = Partial<
  Pick<CheckoutAttemptRow, 'sessionId' | 'status' | 'paymentStatus' | 'paymentIntentId' | 'url'>
>;

/** How many attempts an order has had (abandoned reservations are not attempts the customer saw). */
const attemptCountSql = sql<number>`(select count(*)::int from ${checkoutAttempts} x
  where x.order_id = ${orders.id} and x.status <> 'abandoned')`;

function historyRow(event: NewOrderEvent): typeof orderEvents.$inferInsert {
  return {
    orderId: event.orderId,
    source: event.source,
    kind: event.kind,
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    outcome: event.outcome,
    stripeEventId: event.stripeEventId ?? null,
    detail: event.detail ?? {},
  };
}

/**
 * A placeholder where drizzle's builder types expect a value: at run time the builder wraps it in a
 * parameter with the column's encoder (jsonb, timestamps), applied when the statement is run.
 */
function ph<T>(name: string): T {
  return sql.placeholder(name) as unknown as T;
}

/** `{ key: placeholder(prefix + key) }` for each key: the SET list of a compiled update. */
function placeholders(prefix: string, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, ph(`${prefix}${key}`)]));
}

/** The keys a patch really sets (drizzle skips undefined), in a stable order. */
function setKeys(patch: object): string[] {
  return Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key)
    .sort();
}

function addValues(values: Record<string, unknown>, prefix: string, patch: object): void {
  for (const [key, value] of Object.entries(patch))
    if (value !== undefined) values[`${prefix}${key}`] = value;
}

const HISTORY_KEYS = [
  'orderId',
  'source',
  'kind',
  'fromStatus',
  'toStatus',
  'outcome',
  'stripeEventId',
  'detail',
] as const;

function historyInsert(conn: Conn, prefix: string): SQL {
  return conn
    .insert(orderEvents)
    .values(placeholders(prefix, HISTORY_KEYS) as typeof orderEvents.$inferInsert)
    .getSQL();
}

const STRIPE_EVENT_KEYS = ['id', 'type', 'apiVersion', 'created', 'objectId', 'payload', 'outcome'] as const;

/** A Stripe event as the webhook records it (its outcome and order are written with its effects). */
export type NewStripeEvent = Pick<typeof stripeEvents.$inferInsert, (typeof STRIPE_EVENT_KEYS)[number]>;

function stripeEventValues(row: NewStripeEvent): Record<string, unknown> {
  return Object.fromEntries(STRIPE_EVENT_KEYS.map((key) => [key, row[key] ?? null]));
}

/** The dedupe: the event row, unless its id is already recorded; returns the id when inserted. */
function stripeEventInsert(conn: Conn) {
  return conn
    .insert(stripeEvents)
    .values(placeholders('', STRIPE_EVENT_KEYS) as typeof stripeEvents.$inferInsert)
    .onConflictDoNothing({ target: stripeEvents.id })
    .returning({ id: stripeEvents.id });
}

interface PersistShape {
  attempt: string[] | null;
  order: string[] | null;
  history: boolean;
  event: boolean;
  delivery: boolean;
}

/** A webhook delivery's log row (DESIGN: webhook_deliveries). */
export type DeliveryRow = Omit<typeof webhookDeliveries.$inferInsert, 'id' | 'receivedAt'>;

const DELIVERY_KEYS = [
  'eventId',
  'eventType',
  'orderId',
  'signatureOk',
  'result',
  'httpStatus',
  'error',
  'durationMs',
] as const;

function deliveryValues(values: Record<string, unknown>, prefix: string, row: DeliveryRow): void {
  for (const key of DELIVERY_KEYS) values[`${prefix}${key}`] = row[key] ?? null;
}

// The hot paths' statements (webhook, checkout, success page), compiled once: see db/compiled.ts.
const statements = {
  createOrder: new Compiled('cs_create_order', (conn) => {
    const insertOrder = conn
      .insert(orders)
      .values(
        placeholders('o_', [
          'id',
          'status',
          'currency',
          'totalAmount',
          'items',
          'customerEmail',
          'accessTokenHash',
          'currentAttemptNo',
        ]) as typeof orders.$inferInsert,
      )
      .getSQL();
    const insertAttempt = conn
      .insert(checkoutAttempts)
      .values(
        placeholders('a_', [
          'orderId',
          'attemptNo',
          'status',
          'expiresAt',
          'idempotencyKey',
        ]) as typeof checkoutAttempts.$inferInsert,
      )
      .getSQL();
    // The attempt references the order: the order's CTE must be visible to its foreign key check,
    // which it is (all CTEs run in one statement, constraints are checked at its end).
    return sql`with order_insert as (${insertOrder}), history_insert as (${historyInsert(conn, 'h_')}) ${insertAttempt}`;
  }),

  lockOrderBySession: new Compiled<{ sessionId: string }, { order: OrderRow; attempt: CheckoutAttemptRow }>(
    'cs_lock_order_by_session',
    (conn) =>
      conn
        .select({ order: orders, attempt: checkoutAttempts })
        .from(checkoutAttempts)
        .innerJoin(orders, eq(orders.id, checkoutAttempts.orderId))
        .where(eq(checkoutAttempts.sessionId, ph('sessionId')))
        .for('update', { of: [orders, checkoutAttempts] }),
    { order: orders, attempt: checkoutAttempts },
  ),

  insertStripeEvent: new Compiled<Record<string, unknown>, { id: string }>('cs_insert_stripe_event', (conn) =>
    stripeEventInsert(conn),
  ),

  /**
   * The dedupe and the lock of the event's order in one round trip. The lock subquery waits on
   * `exists (select 1 from ins)`, a one-time filter evaluated before it scans: the event row is always
   * claimed before the order is locked (as in two statements, so two instances handling copies of one
   * event cannot deadlock), and a duplicate locks nothing.
   */
  insertStripeEventLockingSession: new Compiled<
    Record<string, unknown>,
    { fresh: number; order: OrderRow; attempt: CheckoutAttemptRow }
  >(
    'cs_insert_stripe_event_locking_session',
    (conn) => {
      const insert = stripeEventInsert(conn).getSQL();
      const lock = conn
        .select({ order: orders, attempt: checkoutAttempts })
        .from(checkoutAttempts)
        .innerJoin(orders, eq(orders.id, checkoutAttempts.orderId))
        .where(and(eq(checkoutAttempts.sessionId, ph('sessionId')), sql`exists (select 1 from ins)`))
        .for('update', { of: [orders, checkoutAttempts] })
        .getSQL();
      return sql`with ins as (${insert}) select (select count(*)::int from ins) as fresh, locked.*
        from (values (1)) as one left join lateral (${lock}) as locked on true`;
    },
    { fresh: sql<number>`fresh`, order: orders, attempt: checkoutAttempts },
  ),

  insertDelivery: new Compiled('cs_insert_delivery', (conn) =>
    conn
      .insert(webhookDeliveries)
      .values(placeholders('', DELIVERY_KEYS) as typeof webhookDeliveries.$inferInsert),
  ),

  findBySession: new Compiled<
    { sessionId: string },
    { order: OrderRow; attempt: CheckoutAttemptRow; attemptCount: number }
  >(
    'cs_find_by_session',
    (conn) =>
      conn
        .select({ order: orders, attempt: checkoutAttempts, attemptCount: attemptCountSql })
        .from(checkoutAttempts)
        .innerJoin(orders, eq(orders.id, checkoutAttempts.orderId))
        .where(eq(checkoutAttempts.sessionId, ph('sessionId'))),
    { order: orders, attempt: checkoutAttempts, attemptCount: attemptCountSql },
  ),

  /**
   * `storeCreatedSession` in one statement. `locked` takes the order's lock, then the attempt's (FOR
   * UPDATE OF lists them in lock order, the order every writer uses), and since both rows are locked,
   * PostgreSQL re-reads both at their latest committed version when it had to wait: a webhook that
   * stored the session first is seen. Every write waits on `exists (select ... from locked)`, an
   * uncorrelated subquery PostgreSQL runs once as a filter before the write scans anything, so none
   * happens before the locks. The writes find their row by the parameters, never through `locked`: a
   * join with the CTE left the planner free to pick, in the generic plan a long-lived connection
   * caches while the tables are still small, a scan of every attempt (12 ms at 20,000 orders).
   */
  storeCreatedSession: new Compiled('cs_store_created_session', () => {
    return sql`with locked as (
        select ${orders.id} as order_id, ${orders.status} as order_status,
          ${orders.currentAttemptNo} as current_attempt_no, ${orders.currentSessionId} as current_session_id,
          ${checkoutAttempts.sessionId} as attempt_session_id
        from ${orders} join ${checkoutAttempts}
          on ${checkoutAttempts.orderId} = ${orders.id} and ${checkoutAttempts.attemptNo} = ${ph('attemptNo')}
        where ${orders.id} = ${ph('orderId')}
        for update of ${orders}, ${checkoutAttempts}
      ),
      attempt_update as (
        update ${checkoutAttempts} set session_id = ${ph('sessionId')}, url = ${ph('url')},
          status = case when ${checkoutAttempts.status} in ('creating', 'abandoned') then 'open'
            else ${checkoutAttempts.status} end,
          updated_at = now()
        where ${checkoutAttempts.orderId} = ${ph('orderId')} and ${checkoutAttempts.attemptNo} = ${ph('attemptNo')}
          and exists (select 1 from locked)
      ),
      order_update as (
        update ${orders} set current_session_id = ${ph('sessionId')}, updated_at = now(), version = ${orders.version} + 1
        where ${orders.id} = ${ph('orderId')}
          and exists (select 1 from locked where locked.current_attempt_no = ${ph('attemptNo')}
            and locked.current_session_id is distinct from ${ph('sessionId')})
      )
      insert into ${orderEvents} (order_id, source, kind, from_status, to_status, outcome, detail)
      select locked.order_id, 'customer', 'checkout_session_created', locked.order_status, null, 'applied',
        cast(${ph('detail')} as jsonb)
      from locked where locked.attempt_session_id is null`;
  }),

  /** Shape: a JSON `PersistShape` (which columns each update sets, which rows are inserted). */
  persistEffects: new CompiledFamily('cs_persist_effects', (conn, shape) => {
    const { attempt, order, history, event, delivery } = JSON.parse(shape) as PersistShape;
    const parts: SQL[] = [];
    if (attempt) {
      const update = conn
        .update(checkoutAttempts)
        .set({ ...placeholders('a_', attempt), updatedAt: sql`now()` })
        .where(
          and(eq(checkoutAttempts.orderId, ph('orderId')), eq(checkoutAttempts.attemptNo, ph('attemptNo'))),
        );
      parts.push(sql`attempt_update as (${update.getSQL()})`);
    }
    if (history) parts.push(sql`history_insert as (${historyInsert(conn, 'h_')})`);
    if (delivery) {
      const insert = conn
        .insert(webhookDeliveries)
        .values(placeholders('d_', DELIVERY_KEYS) as typeof webhookDeliveries.$inferInsert);
      parts.push(sql`delivery_insert as (${insert.getSQL()})`);
    }
    if (event) {
      const update = conn
        .update(stripeEvents)
        .set({ outcome: ph('e_outcome'), orderId: ph('orderId'), note: ph('e_note') })
        .where(eq(stripeEvents.id, ph('e_id')));
      parts.push(sql`event_update as (${update.getSQL()})`);
    }
    const main = order
      ? conn
          .update(orders)
          .set({ ...placeholders('o_', order), updatedAt: sql`now()`, version: sql`${orders.version} + 1` })
          .where(eq(orders.id, ph('orderId')))
          .getSQL()
      : sql`select 1`;
    return parts.length > 0 ? sql`with ${sql.join(parts, sql`, `)} ${main}` : main;
  }),
};

export const ordersRepository = {
  async insertAttempt(conn: Conn, row: typeof checkoutAttempts.$inferInsert): Promise<CheckoutAttemptRow> {
    const [inserted] = await conn.insert(checkoutAttempts).values(row).returning();
    return inserted!;
  },

  /**
   * A new order, its first history row and its reserved attempt, as one statement (atomic on its own:
   * no transaction round trips). Nobody else can know these rows yet, so there is nothing to lock.
   */
  async createOrder(
    conn: Conn,
    order: Pick<
      typeof orders.$inferInsert,
      | 'id'
      | 'status'
      | 'currency'
      | 'totalAmount'
      | 'items'
      | 'customerEmail'
      | 'accessTokenHash'
      | 'currentAttemptNo'
    >,
    history: NewOrderEvent,
    attempt: Pick<
      typeof checkoutAttempts.$inferInsert,
      'orderId' | 'attemptNo' | 'status' | 'expiresAt' | 'idempotencyKey'
    >,
  ): Promise<void> {
    const values: Record<string, unknown> = {
      o_customerEmail: null,
      o_currentAttemptNo: 0,
    };
    addValues(values, 'o_', order);
    addValues(values, 'h_', historyRow(history));
    addValues(values, 'a_', attempt);
    await statements.createOrder.rows(conn, values);
  },

  /**
   * After Stripe created the session of attempt `attemptNo`: stores its id and URL on the attempt, makes
   * it the order's current session when the attempt is the current one, and writes the history row
   * unless a webhook already told us of the session. Nothing when the order or attempt is gone.
   */
  async storeCreatedSession(
    db: Db,
    orderId: string,
    attemptNo: number,
    session: { id: string; url: string; expiresAt: Date },
  ): Promise<void> {
    await statements.storeCreatedSession.rows(db, {
      orderId,
      attemptNo,
      sessionId: session.id,
      url: session.url,
      detail: JSON.stringify({
        attemptNo,
        sessionId: session.id,
        expiresAt: session.expiresAt.toISOString(),
      }),
    });
  },

  async findOrder(conn: Conn, orderId: string): Promise<OrderRow | null> {
    const [row] = await conn.select().from(orders).where(eq(orders.id, orderId));
    return row ?? null;
  },

  /**
   * The order of a Checkout Session with the session's attempt, both locked (order first), in one round
   * trip. Both, because a row read in a locking statement is re-read at its latest version after a
   * lock wait only when it is itself locked: the attempt a concurrent writer just changed must not be
   * seen as it was before.
   */
  async lockOrderBySession(tx: Tx, sessionId: string) {
    const [row] = await statements.lockOrderBySession.rows(tx, { sessionId });
    return row ?? null;
  },

  /** Locks the order row for the rest of the transaction (always before any of its child rows). */
  async lockOrder(tx: Tx, orderId: string): Promise<OrderRow | null> {
    const [row] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
    return row ?? null;
  },

  async updateOrder(conn: Conn, orderId: string, patch: OrderPatch): Promise<OrderRow> {
    const [row] = await conn
      .update(orders)
      .set({ ...patch, updatedAt: sql`now()`, version: sql`${orders.version} + 1` })
      .where(eq(orders.id, orderId))
      .returning();
    if (!row) throw new Error(`order ${orderId} vanished during an update`);
    return row;
  },

  /**
   * Writes what a decision changes (the attempt, the order, a history row, the Stripe event's outcome)
   * as ONE statement of data-modifying CTEs: one round trip inside the order's lock instead of four.
   * Returns the order as it now is.
   */
  async persistEffects(
    tx: Tx,
    order: OrderRow,
    effects: {
      attempt: { attemptNo: number; patch: AttemptPatch } | null;
      order: OrderPatch | null;
      history: NewOrderEvent | null;
      stripeEvent: { id: string; outcome: 'applied' | 'ignored'; note: string } | null;
      /** The webhook delivery that carried the fact, logged with it (no round trip of its own). */
      delivery?: DeliveryRow | null;
    },
  ): Promise<OrderRow> {
    const shape: PersistShape = {
      attempt: effects.attempt ? setKeys(effects.attempt.patch) : null,
      order: effects.order ? setKeys(effects.order) : null,
      history: effects.history !== null,
      event: effects.stripeEvent !== null,
      delivery: Boolean(effects.delivery),
    };
    if (shape.attempt?.length === 0) shape.attempt = null;
    if (shape.order?.length === 0) shape.order = null;
    if (!shape.attempt && !shape.order && !shape.history && !shape.event && !shape.delivery) return order;
    const values: Record<string, unknown> = { orderId: order.id };
    if (effects.attempt && shape.attempt) {
      values.attemptNo = effects.attempt.attemptNo;
      addValues(values, 'a_', effects.attempt.patch);
    }
    if (effects.order && shape.order) addValues(values, 'o_', effects.order);
    if (effects.history) addValues(values, 'h_', historyRow(effects.history));
    if (effects.delivery) deliveryValues(values, 'd_', effects.delivery);
    if (effects.stripeEvent) {
      values.e_id = effects.stripeEvent.id;
      values.e_outcome = effects.stripeEvent.outcome;
      values.e_note = effects.stripeEvent.note;
    }
    await statements.persistEffects.get(JSON.stringify(shape)).rows(tx, values);
    if (!shape.order) return order;
    // The row as written (updated_at is the database's now(), within a millisecond of this one).
    return { ...order, ...effects.order, updatedAt: new Date(), version: order.version + 1 };
  },

  async findAttempt(conn: Conn, orderId: string, attemptNo: number): Promise<CheckoutAttemptRow | null> {
    const [row] = await conn
      .select()
      .from(checkoutAttempts)
      .where(and(eq(checkoutAttempts.orderId, orderId), eq(checkoutAttempts.attemptNo, attemptNo)));
    return row ?? null;
  },

  async findAttemptByPaymentIntent(
    conn: Conn,
    orderId: string,
    paymentIntentId: string,
  ): Promise<CheckoutAttemptRow | null> {
    const [row] = await conn
      .select()
      .from(checkoutAttempts)
      .where(
        and(eq(checkoutAttempts.orderId, orderId), eq(checkoutAttempts.paymentIntentId, paymentIntentId)),
      );
    return row ?? null;
  },

  async findOrderIdByPaymentIntent(conn: Conn, paymentIntentId: string): Promise<string | null> {
    const [order] = await conn
      .select({ id: orders.id })
      .from(orders)
      .where(eq(orders.paymentIntentId, paymentIntentId));
    if (order) return order.id;
    const [attempt] = await conn
      .select({ orderId: checkoutAttempts.orderId })
      .from(checkoutAttempts)
      .where(eq(checkoutAttempts.paymentIntentId, paymentIntentId));
    return attempt?.orderId ?? null;
  },

  async listAttempts(conn: Conn, orderId: string): Promise<CheckoutAttemptRow[]> {
    return conn
      .select()
      .from(checkoutAttempts)
      .where(eq(checkoutAttempts.orderId, orderId))
      .orderBy(asc(checkoutAttempts.attemptNo));
  },

  async updateAttempt(conn: Conn, orderId: string, attemptNo: number, patch: AttemptPatch): Promise<void> {
    await conn
      .update(checkoutAttempts)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(and(eq(checkoutAttempts.orderId, orderId), eq(checkoutAttempts.attemptNo, attemptNo)));
  },

  /**
   * Claims the right to ask Stripe about a session now: at most once per `seconds`, across every
   * instance sharing the database (the claim is one atomic update).
   */
  async claimSessionSync(conn: Conn, sessionId: string, seconds: number): Promise<boolean> {
    const claimed = await conn
      .update(checkoutAttempts)
      .set({ lastSyncedAt: sql`now()` })
      .where(
        and(
          eq(checkoutAttempts.sessionId, sessionId),
          or(
            isNull(checkoutAttempts.lastSyncedAt),
            lt(checkoutAttempts.lastSyncedAt, sql`now() - make_interval(secs => ${seconds})`),
          ),
        ),
      )
      .returning({ sessionId: checkoutAttempts.sessionId });
    return claimed.length > 0;
  },

  async insertOrderEvent(conn: Conn, event: NewOrderEvent): Promise<void> {
    await conn.insert(orderEvents).values(historyRow(event));
  },

  /** The dedupe: true when this event id is new, false when it was already recorded. */
  async insertStripeEvent(conn: Conn, row: NewStripeEvent): Promise<boolean> {
    const inserted = await statements.insertStripeEvent.rows(conn, stripeEventValues(row));
    return inserted.length > 0;
  },

  /**
   * `insertStripeEvent`, and for a new event about a Checkout Session, its order locked with the
   * session's attempt (null when no order has that session), in one round trip.
   */
  async insertStripeEventLockingSession(
    tx: Tx,
    row: NewStripeEvent,
    sessionId: string,
  ): Promise<{ fresh: boolean; located: { order: OrderRow; attempt: CheckoutAttemptRow } | null }> {
    const [result] = await statements.insertStripeEventLockingSession.rows(tx, {
      ...stripeEventValues(row),
      sessionId,
    });
    const fresh = result?.fresh === 1;
    // The left join answers a row of nulls when no order has the session.
    const located = fresh && result?.order.id ? { order: result.order, attempt: result.attempt } : null;
    return { fresh, located };
  },

  async setStripeEventOutcome(
    conn: Conn,
    eventId: string,
    outcome: 'applied' | 'ignored' | 'unmatched',
    orderId: string | null,
    note: string | null,
  ): Promise<void> {
    await conn.update(stripeEvents).set({ outcome, orderId, note }).where(eq(stripeEvents.id, eventId));
  },

  /** A delivery log row, written through `Database.logDb` (a log, not a fact: no fsync wait). */
  async insertDelivery(logDb: Db, row: DeliveryRow): Promise<void> {
    const values: Record<string, unknown> = {};
    deliveryValues(values, '', row);
    await statements.insertDelivery.rows(logDb, values);
  },

  /** The success page's read: the session's attempt, its order and how many attempts it has had, in one query. */
  async findBySession(conn: Conn, sessionId: string) {
    const [row] = await statements.findBySession.rows(conn, { sessionId });
    return row ?? null;
  },

  /**
   * Orders waiting on Stripe that deserve a look: not updated for `staleSeconds`, or whose current
   * session should have expired by now. Oldest first, bounded.
   */
  async findStaleOrders(conn: Conn, staleSeconds: number, limit: number): Promise<string[]> {
    const rows = await conn
      .select({ id: orders.id })
      .from(orders)
      .leftJoin(
        checkoutAttempts,
        and(eq(checkoutAttempts.orderId, orders.id), eq(checkoutAttempts.attemptNo, orders.currentAttemptNo)),
      )
      .where(
        and(
          // Waiting on a payment, or declined in a session the customer may still pay.
          or(
            inArray(orders.status, ['pending', 'processing']),
            and(eq(orders.status, 'failed'), eq(checkoutAttempts.status, 'open')),
          ),
          or(
            lt(orders.updatedAt, sql`now() - make_interval(secs => ${staleSeconds})`),
            lt(checkoutAttempts.expiresAt, sql`now()`),
          ),
        ),
      )
      .orderBy(asc(orders.updatedAt))
      .limit(limit);
    return rows.map((r) => r.id);
  },
};
