import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { type Conn, type Tx, queryRows } from '../../db/database.js';
import {
  type CheckoutAttemptRow,
  type OrderRow,
  type DisputeRow,
  type EarlyFraudWarningRow,
  type PaymentRow,
  type RefundRow,
  checkoutAttempts,
  disputes,
  earlyFraudWarnings,
  orders,
  payments,
  refunds,
} from '../../db/schema.js';
import { statements } from './order-statements.js';

/** Reads and locks of the order aggregate. Writes go through `order-writer.ts`. */
export const ordersRepository = {
  async findOrder(conn: Conn, orderId: string): Promise<OrderRow | null> {
    const [row] = await conn.select().from(orders).where(eq(orders.id, orderId));
    return row ?? null;
  },

  /** Locks the order row for the rest of the transaction (always before any of its child rows). */
  async lockOrder(tx: Tx, orderId: string): Promise<OrderRow | null> {
    const [row] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
    return row ?? null;
  },

  /** The order of a recorded session with the session's attempt, both locked, in one round trip. */
  async lockOrderBySession(tx: Tx, sessionId: string) {
    const [row] = await statements.lockOrderBySession.rows(tx, { sessionId });
    return row ?? null;
  },

  /** An order with one of its attempts, both locked (order first), in one round trip. */
  async lockOrderWithAttempt(
    tx: Tx,
    orderId: string,
    attemptNo: number,
  ): Promise<{ order: OrderRow; attempt: CheckoutAttemptRow } | null> {
    const [row] = await tx
      .select({ order: orders, attempt: checkoutAttempts })
      .from(orders)
      .innerJoin(
        checkoutAttempts,
        and(eq(checkoutAttempts.orderId, orders.id), eq(checkoutAttempts.attemptNo, attemptNo)),
      )
      .where(eq(orders.id, orderId))
      .for('update', { of: [orders, checkoutAttempts] });
    return row ?? null;
  },

  async findAttempt(conn: Conn, orderId: string, attemptNo: number): Promise<CheckoutAttemptRow | null> {
    const [row] = await conn
      .select()
      .from(checkoutAttempts)
      .where(and(eq(checkoutAttempts.orderId, orderId), eq(checkoutAttempts.attemptNo, attemptNo)));
    return row ?? null;
  },

  async listAttempts(conn: Conn, orderId: string): Promise<CheckoutAttemptRow[]> {
    return conn
      .select()
      .from(checkoutAttempts)
      .where(eq(checkoutAttempts.orderId, orderId))
      .orderBy(asc(checkoutAttempts.attemptNo));
  },

  async listPayments(conn: Conn, orderId: string): Promise<PaymentRow[]> {
    return conn
      .select()
      .from(payments)
      .where(eq(payments.orderId, orderId))
      .orderBy(asc(payments.receivedAt), asc(payments.paymentIntentId));
  },

  async listRefunds(conn: Conn, orderId: string): Promise<RefundRow[]> {
    return conn
      .select()
      .from(refunds)
      .where(eq(refunds.orderId, orderId))
      .orderBy(asc(refunds.createdAt), asc(refunds.id));
  },

  async listDisputes(conn: Conn, orderId: string): Promise<DisputeRow[]> {
    return conn
      .select()
      .from(disputes)
      .where(eq(disputes.orderId, orderId))
      .orderBy(asc(disputes.openedAt), asc(disputes.id));
  },

  async listFraudWarnings(conn: Conn, orderId: string): Promise<EarlyFraudWarningRow[]> {
    return conn
      .select()
      .from(earlyFraudWarnings)
      .where(eq(earlyFraudWarnings.orderId, orderId))
      .orderBy(asc(earlyFraudWarnings.raisedAt), asc(earlyFraudWarnings.id));
  },

  /**
   * Where a payment intent the store recorded belongs: the order (and attempt) it was recorded on, from the
   * attempt that read it off its session, or from the payment it made. Null for an intent the store never saw.
   */
  async findPaymentIntentOwner(
    conn: Conn,
    paymentIntentId: string,
  ): Promise<{ orderId: string; attemptNo: number | null } | null> {
    const [attempt] = await conn
      .select({ orderId: checkoutAttempts.orderId, attemptNo: checkoutAttempts.attemptNo })
      .from(checkoutAttempts)
      .where(eq(checkoutAttempts.paymentIntentId, paymentIntentId))
      .limit(1);
    if (attempt) return attempt;
    const [payment] = await conn
      .select({ orderId: payments.orderId, attemptNo: payments.attemptNo })
      .from(payments)
      .where(eq(payments.paymentIntentId, paymentIntentId));
    return payment ?? null;
  },

  /** The success page's read: the session's attempt, its order and its session count, in one query. */
  async findBySession(conn: Conn, sessionId: string) {
    const [row] = await statements.findBySession.rows(conn, { sessionId });
    return row ?? null;
  },

  /**
   * Claims the right to ask Stripe about a session now on behalf of a polling page: at most once per `seconds`,
   * across every instance sharing the database (the claim is one atomic update). A throttle mark, not a fact.
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

  /**
   * The watch list's next batch: watched attempts least recently checked first, each not checked for
   * `staleSeconds`. The partial index on `checked_at` makes this a walk of its first `limit` entries.
   */
  async nextToCheck(conn: Conn, staleSeconds: number, limit: number) {
    return conn
      .select({ orderId: checkoutAttempts.orderId, attemptNo: checkoutAttempts.attemptNo })
      .from(checkoutAttempts)
      .where(
        and(
          eq(checkoutAttempts.watch, 'watching'),
          lt(checkoutAttempts.checkedAt, sql`now() - make_interval(secs => ${staleSeconds})`),
        ),
      )
      .orderBy(asc(checkoutAttempts.checkedAt))
      .limit(limit);
  },

  /**
   * Records a look at Stripe for an attempt whose state did not change: `checked_at` moves to now (the walk
   * goes round), and a 404 counts towards `lost` (the watch stops after `lostAfter` of them in a row).
   * Returns the attempt's watch state afterwards.
   */
  async stampCheck(
    conn: Conn,
    orderId: string,
    attemptNo: number,
    result: { missing: boolean; lostAfter: number },
  ): Promise<{ watch: string; missingCount: number } | null> {
    const missingCount = result.missing ? sql`${checkoutAttempts.missingCount} + 1` : sql`0`;
    const [row] = await conn
      .update(checkoutAttempts)
      .set({
        checkedAt: sql`now()`,
        missingCount,
        watch: result.missing
          ? sql`case when ${checkoutAttempts.missingCount} + 1 >= ${result.lostAfter} and ${checkoutAttempts.watch} = 'watching' then 'lost' else ${checkoutAttempts.watch} end`
          : checkoutAttempts.watch,
      })
      .where(and(eq(checkoutAttempts.orderId, orderId), eq(checkoutAttempts.attemptNo, attemptNo)))
      .returning({ watch: checkoutAttempts.watch, missingCount: checkoutAttempts.missingCount });
    return row ?? null;
  },

  /** Stripe answered for a recorded session, with nothing new: the watch list's check is stamped. */
  async stampCheckBySession(conn: Conn, sessionId: string): Promise<void> {
    await conn
      .update(checkoutAttempts)
      .set({
        checkedAt: sql`now()`,
        missingCount: 0,
        watch: sql`case when ${checkoutAttempts.watch} = 'lost' then 'watching' else ${checkoutAttempts.watch} end`,
      })
      .where(eq(checkoutAttempts.sessionId, sessionId));
  },

  /** Size of the watch list, its least recent check, and the lost sessions. */
  async watchSummary(conn: Conn): Promise<{ size: number; oldestCheckAt: Date | null; lost: number }> {
    const [row] = await queryRows<{ size: number; oldest: string | null; lost: number }>(
      conn,
      sql`select
        (select count(*)::int from ${checkoutAttempts} where ${checkoutAttempts.watch} = 'watching') as size,
        (select min(${checkoutAttempts.checkedAt})::text from ${checkoutAttempts} where ${checkoutAttempts.watch} = 'watching') as oldest,
        (select count(*)::int from ${checkoutAttempts} where ${checkoutAttempts.watch} = 'lost') as lost`,
    );
    return {
      size: Number(row?.size ?? 0),
      oldestCheckAt: row?.oldest ? new Date(row.oldest) : null,
      lost: Number(row?.lost ?? 0),
    };
  },

  /** Sessions Stripe keeps answering 404 for, most recently checked first. */
  async lostSessions(conn: Conn, limit: number) {
    return conn
      .select({
        orderId: checkoutAttempts.orderId,
        attemptNo: checkoutAttempts.attemptNo,
        sessionId: checkoutAttempts.sessionId,
        checkedAt: checkoutAttempts.checkedAt,
        createdAt: checkoutAttempts.createdAt,
        orderStatus: orders.status,
      })
      .from(checkoutAttempts)
      .innerJoin(orders, eq(orders.id, checkoutAttempts.orderId))
      .where(eq(checkoutAttempts.watch, 'lost'))
      .orderBy(sql`${checkoutAttempts.checkedAt} desc`)
      .limit(limit);
  },

  /**
   * `pending` orders that wait on nothing: their current attempt has no session that could still be paid (it
   * expired, was given up, or Stripe lost it), so no news will ever come.
   */
  async waitingOnNothing(conn: Conn, limit: number): Promise<string[]> {
    const rows = await conn
      .select({ id: orders.id })
      .from(orders)
      .innerJoin(
        checkoutAttempts,
        and(eq(checkoutAttempts.orderId, orders.id), eq(checkoutAttempts.attemptNo, orders.currentAttemptNo)),
      )
      .where(
        and(
          eq(orders.status, 'pending'),
          or(inArray(checkoutAttempts.status, ['expired', 'abandoned']), eq(checkoutAttempts.watch, 'lost')),
        ),
      )
      .limit(limit);
    return rows.map((r) => r.id);
  },
};
