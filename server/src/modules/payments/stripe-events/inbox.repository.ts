import { and, eq, inArray, sql } from 'drizzle-orm';
import { Compiled, placeholder, placeholders } from '../../../db/compiled.js';
import type { Conn, Db, Tx } from '../../../db/database.js';
import {
  type CheckoutAttemptRow,
  type OrderRow,
  checkoutAttempts,
  orders,
  stripeEvents,
} from '../../../db/schema.js';
import { DELIVERY_KEYS } from '../../orders/order-statements.js';
import type { DeliveryRow } from '../../orders/order-change.js';
import { webhookDeliveries } from '../../../db/schema.js';

const STRIPE_EVENT_KEYS = [
  'id',
  'type',
  'apiVersion',
  'created',
  'objectId',
  'payload',
  'outcome',
  'channel',
] as const;

/** A Stripe event as the inbox records it (its outcome and order are written with its effects). */
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

const statements = {
  insertStripeEvent: new Compiled<Record<string, unknown>, { id: string }>('cs_insert_stripe_event', (conn) =>
    stripeEventInsert(conn),
  ),

  /**
   * The dedupe and the lock of the event's order in one round trip. The lock subquery waits on
   * `exists (select 1 from ins)`, a one-time filter evaluated before it scans: the event row is always claimed
   * before the order is locked (as in two statements, so two instances handling copies of one event cannot
   * deadlock), and a duplicate locks nothing.
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
        .where(and(eq(checkoutAttempts.sessionId, placeholder('sessionId')), sql`exists (select 1 from ins)`))
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
};

/** The Stripe events inbox: one row per event id, written in the same transaction as its effects. */
export const inboxRepository = {
  /** The dedupe: true when this event id is new, false when it was already recorded. */
  async insertStripeEvent(conn: Conn, row: NewStripeEvent): Promise<boolean> {
    const inserted = await statements.insertStripeEvent.rows(conn, stripeEventValues(row));
    return inserted.length > 0;
  },

  /**
   * `insertStripeEvent`, and for a new event about a Checkout Session, its order locked with the session's
   * attempt (null when no order has that session recorded), in one round trip.
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

  async setOutcome(
    conn: Conn,
    eventId: string,
    outcome: 'applied' | 'ignored' | 'unmatched',
    note: string | null,
  ): Promise<void> {
    await conn.update(stripeEvents).set({ outcome, note }).where(eq(stripeEvents.id, eventId));
  },

  /** Which of these event ids are already recorded (the sweep skips them). */
  async knownIds(conn: Conn, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await conn
      .select({ id: stripeEvents.id })
      .from(stripeEvents)
      .where(inArray(stripeEvents.id, [...ids]));
    return new Set(rows.map((r) => r.id));
  },

  /** A delivery log row, written through `Database.logDb` (a log, not a fact: no fsync wait). */
  async insertDelivery(logDb: Db, row: DeliveryRow): Promise<void> {
    const values: Record<string, unknown> = {};
    for (const key of DELIVERY_KEYS) values[key] = row[key] ?? null;
    await statements.insertDelivery.rows(logDb, values);
  },
};
