import { type SQL, and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
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

export const ordersRepository = {
  async insertOrder(conn: Conn, row: typeof orders.$inferInsert): Promise<void> {
    await conn.insert(orders).values(row);
  },

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
    order: typeof orders.$inferInsert,
    history: NewOrderEvent,
    attempt: typeof checkoutAttempts.$inferInsert,
  ): Promise<void> {
    const insertOrder = conn.insert(orders).values(order).getSQL();
    const insertHistory = conn.insert(orderEvents).values(historyRow(history)).getSQL();
    const insertAttempt = conn.insert(checkoutAttempts).values(attempt).getSQL();
    // The attempt references the order: the order's CTE must be visible to its foreign key check,
    // which it is (all CTEs run in one statement, constraints are checked at its end).
    await conn.execute(
      sql`with order_insert as (${insertOrder}), history_insert as (${insertHistory}) ${insertAttempt}`,
    );
  },

  /**
   * Stores a created Checkout Session on its attempt (and as the order's current session when the
   * attempt is the current one), with a history row the first time: one statement, under the order's
   * lock held by the caller. A webhook may have stored the session id first; the URL is added anyway.
   */
  async recordSession(
    tx: Tx,
    order: OrderRow,
    attempt: CheckoutAttemptRow,
    session: { id: string; url: string; expiresAt: Date },
  ): Promise<void> {
    const parts: SQL[] = [];
    const attemptUpdate = tx
      .update(checkoutAttempts)
      .set({
        sessionId: session.id,
        url: session.url,
        ...(attempt.status === 'creating' || attempt.status === 'abandoned' ? { status: 'open' } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(checkoutAttempts.orderId, order.id), eq(checkoutAttempts.attemptNo, attempt.attemptNo)));
    if (order.currentAttemptNo === attempt.attemptNo && order.currentSessionId !== session.id) {
      const orderUpdate = tx
        .update(orders)
        .set({ currentSessionId: session.id, updatedAt: sql`now()`, version: sql`${orders.version} + 1` })
        .where(eq(orders.id, order.id));
      parts.push(sql`order_update as (${orderUpdate.getSQL()})`);
    }
    if (!attempt.sessionId) {
      const history = tx.insert(orderEvents).values(
        historyRow({
          orderId: order.id,
          source: 'customer',
          kind: 'checkout_session_created',
          fromStatus: order.status,
          toStatus: null,
          outcome: 'applied',
          detail: {
            attemptNo: attempt.attemptNo,
            sessionId: session.id,
            expiresAt: session.expiresAt.toISOString(),
          },
        }),
      );
      parts.push(sql`history_insert as (${history.getSQL()})`);
    }
    const main = attemptUpdate.getSQL();
    await tx.execute(parts.length > 0 ? sql`with ${sql.join(parts, sql`, `)} ${main}` : main);
  },

  /** The order (locked) with one of its attempts, in one round trip. */
  async lockOrderWithAttempt(tx: Tx, orderId: string, attemptNo: number) {
    const [row] = await tx
      .select({ order: orders, attempt: checkoutAttempts })
      .from(orders)
      .innerJoin(
        checkoutAttempts,
        and(eq(checkoutAttempts.orderId, orders.id), eq(checkoutAttempts.attemptNo, attemptNo)),
      )
      .where(eq(orders.id, orderId))
      .for('update', { of: orders });
    return row ?? null;
  },

  async findOrder(conn: Conn, orderId: string): Promise<OrderRow | null> {
    const [row] = await conn.select().from(orders).where(eq(orders.id, orderId));
    return row ?? null;
  },

  /**
   * The order of a Checkout Session, locked, with the session's attempt, in one round trip. Only the
   * order row is locked (`for update of orders`): its children are written under the parent's lock.
   */
  async lockOrderBySession(tx: Tx, sessionId: string) {
    const [row] = await tx
      .select({ order: orders, attempt: checkoutAttempts })
      .from(checkoutAttempts)
      .innerJoin(orders, eq(orders.id, checkoutAttempts.orderId))
      .where(eq(checkoutAttempts.sessionId, sessionId))
      .for('update', { of: orders });
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
    },
  ): Promise<OrderRow> {
    const parts: SQL[] = [];
    if (effects.attempt) {
      const update = tx
        .update(checkoutAttempts)
        .set({ ...effects.attempt.patch, updatedAt: sql`now()` })
        .where(
          and(
            eq(checkoutAttempts.orderId, order.id),
            eq(checkoutAttempts.attemptNo, effects.attempt.attemptNo),
          ),
        );
      parts.push(sql`attempt_update as (${update.getSQL()})`);
    }
    if (effects.history) {
      const insert = tx.insert(orderEvents).values(historyRow(effects.history));
      parts.push(sql`history_insert as (${insert.getSQL()})`);
    }
    if (effects.stripeEvent) {
      const update = tx
        .update(stripeEvents)
        .set({ outcome: effects.stripeEvent.outcome, orderId: order.id, note: effects.stripeEvent.note })
        .where(eq(stripeEvents.id, effects.stripeEvent.id));
      parts.push(sql`event_update as (${update.getSQL()})`);
    }
    let main: SQL | null = null;
    if (effects.order) {
      main = tx
        .update(orders)
        .set({ ...effects.order, updatedAt: sql`now()`, version: sql`${orders.version} + 1` })
        .where(eq(orders.id, order.id))
        .getSQL();
    } else if (parts.length > 0) {
      main = sql`select 1`;
    }
    if (!main) return order;
    await tx.execute(parts.length > 0 ? sql`with ${sql.join(parts, sql`, `)} ${main}` : main);
    if (!effects.order) return order;
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

  async findAttemptBySession(conn: Conn, sessionId: string): Promise<CheckoutAttemptRow | null> {
    const [row] = await conn.select().from(checkoutAttempts).where(eq(checkoutAttempts.sessionId, sessionId));
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
  async insertStripeEvent(conn: Conn, row: typeof stripeEvents.$inferInsert): Promise<boolean> {
    const inserted = await conn
      .insert(stripeEvents)
      .values(row)
      .onConflictDoNothing({ target: stripeEvents.id })
      .returning({ id: stripeEvents.id });
    return inserted.length > 0;
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
  async insertDelivery(logDb: Db, row: typeof webhookDeliveries.$inferInsert): Promise<void> {
    await logDb.insert(webhookDeliveries).values(row);
  },

  /** The success page's read: the session's attempt, its order and how many attempts it has had, in one query. */
  async findBySession(conn: Conn, sessionId: string) {
    const [row] = await conn
      .select({
        order: orders,
        attempt: checkoutAttempts,
        attemptCount: sql<number>`(select count(*)::int from ${checkoutAttempts} x
          where x.order_id = ${orders.id} and x.status <> 'abandoned')`,
      })
      .from(checkoutAttempts)
      .innerJoin(orders, eq(orders.id, checkoutAttempts.orderId))
      .where(eq(checkoutAttempts.sessionId, sessionId));
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
