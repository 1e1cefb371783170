import { type SQL, and, asc, desc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { type Conn, queryRows } from '../../db/database.js';
import { unionAll } from 'drizzle-orm/pg-core';
import {
  checkoutAttempts,
  disputes,
  orderEvents,
  orders,
  outboxMessages,
  products,
  stockReservations,
  stripeEvents,
  webhookDeliveries,
} from '../../db/schema.js';
import { BLOCKING_FLAGS, type OrderFlag } from '@checkstand/contract';
import type { OrderStatus } from '../orders/order-state-machine.js';
import { sessionCountSql } from '../orders/order-statements.js';

export interface OrderFilters {
  statuses: OrderStatus[];
  from: Date | null;
  to: Date | null;
  q: string | null;
  /** true: ready to ship; false: money in, not shipped, and something blocks it. */
  ready: boolean | null;
  flag: OrderFlag | null;
}

/**
 * The contract's `notReadyBecause` as SQL, spelled exactly like the partial index `orders_ready_to_ship_idx`
 * so PostgreSQL walks it. A test checks the two rules agree.
 */
export const readyToShipSql = sql`${orders.status} in ('paid','partially_refunded') and ${orders.fulfilmentStatus} = 'unfulfilled' and not (${orders.flags} && array[${sql.raw(BLOCKING_FLAGS.map((f) => `'${f}'`).join(','))}])`;

/** Money in, nothing shipped, and something stands in the way (a mismatch, a dispute, a warning, a duplicate). */
const blockedSql = sql`${orders.status} in ('paid','partially_refunded','payment_mismatch') and ${orders.fulfilmentStatus} = 'unfulfilled' and (${orders.status} = 'payment_mismatch' or ${orders.flags} && array[${sql.raw(BLOCKING_FLAGS.map((f) => `'${f}'`).join(','))}])`;

export interface Cursor {
  /** created_at with microseconds, as PostgreSQL printed it: a JS Date would lose them. */
  createdAt: string;
  id: string;
}

const likePrefix = (value: string) => `${value.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The search box: an order id, a session id, a payment intent, or (the start of) an email. */
function searchCondition(q: string): SQL {
  if (/^ord_/.test(q)) return eq(orders.id, q);
  if (/^cs_/.test(q)) {
    return inArray(
      orders.id,
      sql`(select ${checkoutAttempts.orderId} from ${checkoutAttempts} where ${checkoutAttempts.sessionId} = ${q})`,
    );
  }
  if (/^pi_/.test(q)) {
    return or(
      eq(orders.paymentIntentId, q),
      inArray(
        orders.id,
        sql`(select ${checkoutAttempts.orderId} from ${checkoutAttempts} where ${checkoutAttempts.paymentIntentId} = ${q})`,
      ),
    )!;
  }
  return sql`lower(${orders.customerEmail}) like ${likePrefix(q)}`;
}

export function filterConditions(filters: OrderFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.statuses.length > 0) conditions.push(inArray(orders.status, filters.statuses));
  if (filters.from) conditions.push(gte(orders.createdAt, filters.from));
  if (filters.to) conditions.push(lt(orders.createdAt, filters.to));
  if (filters.q) conditions.push(searchCondition(filters.q));
  if (filters.ready !== null) conditions.push(filters.ready ? readyToShipSql : blockedSql);
  if (filters.flag) conditions.push(sql`${filters.flag} = any(${orders.flags})`);
  return conditions;
}

const listColumns = {
  id: orders.id,
  createdAt: orders.createdAt,
  updatedAt: orders.updatedAt,
  cursorTs: sql<string>`to_char(${orders.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
    'cursor_ts',
  ),
  status: orders.status,
  statusReason: orders.statusReason,
  customerEmail: orders.customerEmail,
  totalAmount: orders.totalAmount,
  currency: orders.currency,
  currentSessionId: orders.currentSessionId,
  paymentIntentId: orders.paymentIntentId,
  amountReceived: orders.amountReceived,
  amountRefunded: orders.amountRefunded,
  paidAt: orders.paidAt,
  flags: orders.flags,
  fulfilmentStatus: orders.fulfilmentStatus,
  charges: orders.charges,
  shippingCountry: orders.shippingCountry,
  sessionCount: sessionCountSql,
};

const NEWEST_FIRST = [sql`${orders.createdAt} desc nulls last`, sql`${orders.id} desc nulls last`];

export type OrderListRow = Awaited<ReturnType<typeof adminOrdersRepository.list>>[number];

export const adminOrdersRepository = {
  /**
   * Newest first, keyset-paginated on (created_at, id): constant cost whatever the page. The order is
   * spelled like the indexes (`desc nulls last`) so PostgreSQL walks them instead of sorting; with
   * several statuses each one's index range is walked on its own and the heads merged, since it cannot
   * walk several ranges of one index in order.
   */
  list(conn: Conn, filters: OrderFilters, cursor: Cursor | null, limit: number) {
    const branch = (statuses: OrderStatus[]) => {
      const conditions = filterConditions({ ...filters, statuses });
      if (cursor) {
        conditions.push(
          sql`(${orders.createdAt}, ${orders.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id})`,
        );
      }
      return conn
        .select(listColumns)
        .from(orders)
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(...NEWEST_FIRST)
        .limit(limit);
    };
    if (filters.statuses.length <= 1) return branch(filters.statuses);
    const [first, second, ...rest] = filters.statuses.map((status) => branch([status]));
    return unionAll(first!, second!, ...rest)
      .orderBy(sql`created_at desc, id desc`)
      .limit(limit);
  },

  attempts(conn: Conn, orderId: string) {
    return conn
      .select()
      .from(checkoutAttempts)
      .where(eq(checkoutAttempts.orderId, orderId))
      .orderBy(asc(checkoutAttempts.attemptNo));
  },

  /** Stock held or taken for the order, per attempt and product. */
  holds(conn: Conn, orderId: string) {
    return conn
      .select({ hold: stockReservations, productTitle: products.title })
      .from(stockReservations)
      .innerJoin(products, eq(products.id, stockReservations.productId))
      .where(eq(stockReservations.orderId, orderId))
      .orderBy(asc(stockReservations.attemptNo), asc(stockReservations.productId));
  },

  /** The order's e-mails, oldest first. */
  messages(conn: Conn, orderId: string) {
    return conn
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.orderId, orderId))
      .orderBy(asc(outboxMessages.createdAt), asc(outboxMessages.id));
  },

  /** The history with the Stripe event each row came from (its raw JSON, for the timeline). */
  history(conn: Conn, orderId: string) {
    return conn
      .select({
        id: orderEvents.id,
        at: orderEvents.at,
        source: orderEvents.source,
        kind: orderEvents.kind,
        fromStatus: orderEvents.fromStatus,
        toStatus: orderEvents.toStatus,
        outcome: orderEvents.outcome,
        stripeEventId: orderEvents.stripeEventId,
        detail: orderEvents.detail,
        eventPayload: stripeEvents.payload,
        eventCreated: stripeEvents.created,
      })
      .from(orderEvents)
      .leftJoin(stripeEvents, eq(stripeEvents.id, orderEvents.stripeEventId))
      .where(eq(orderEvents.orderId, orderId))
      .orderBy(asc(orderEvents.id));
  },

  /** Deliveries about the order: those placed on it, and those (duplicates, rejected) of its events. */
  deliveries(conn: Conn, orderId: string) {
    return conn
      .select()
      .from(webhookDeliveries)
      .where(
        or(
          eq(webhookDeliveries.orderId, orderId),
          inArray(
            webhookDeliveries.eventId,
            sql`(select ${stripeEvents.id} from ${stripeEvents} where ${stripeEvents.orderId} = ${orderId})`,
          ),
        ),
      )
      .orderBy(asc(webhookDeliveries.id))
      .limit(500);
  },

  /** Events that matched no order, newest first, keyset-paginated on (received_at, id). */
  unmatchedEvents(conn: Conn, cursor: { receivedAt: string; id: string } | null, limit: number) {
    const conditions: SQL[] = [eq(stripeEvents.outcome, 'unmatched')];
    if (cursor) {
      conditions.push(
        sql`(${stripeEvents.receivedAt}, ${stripeEvents.id}) < (${cursor.receivedAt}::timestamptz, ${cursor.id})`,
      );
    }
    return conn
      .select({
        id: stripeEvents.id,
        type: stripeEvents.type,
        created: stripeEvents.created,
        receivedAt: stripeEvents.receivedAt,
        cursorTs: sql<string>`to_char(${stripeEvents.receivedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
        channel: stripeEvents.channel,
        outcome: stripeEvents.outcome,
        note: stripeEvents.note,
        objectId: stripeEvents.objectId,
        payload: stripeEvents.payload,
      })
      .from(stripeEvents)
      .where(and(...conditions))
      .orderBy(desc(stripeEvents.receivedAt), desc(stripeEvents.id))
      .limit(limit);
  },

  async countUnmatchedSince(conn: Conn, since: Date): Promise<number> {
    const [row] = await conn
      .select({ n: sql<number>`count(*)::int` })
      .from(stripeEvents)
      .where(and(eq(stripeEvents.outcome, 'unmatched'), gte(stripeEvents.receivedAt, since)));
    return Number(row?.n ?? 0);
  },

  /** Orders holding money to give back: an extra payment not refunded yet, or a payment that did not match. */
  async countNeedsRefund(conn: Conn): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      conn,
      sql`select count(*)::int as n from ${orders}
          where ${orders.status} = 'payment_mismatch' or 'duplicate_payment' = any(${orders.flags})`,
    );
    return Number(row?.n ?? 0);
  },

  async countsByStatus(conn: Conn): Promise<Record<string, number>> {
    const rows = await conn
      .select({ status: orders.status, n: sql<number>`count(*)::int` })
      .from(orders)
      .groupBy(orders.status);
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  },

  /** Money kept (received minus refunded minus lost to disputes) of orders paid since `since`, per currency. */
  async revenueSince(conn: Conn, since: Date): Promise<Record<string, number>> {
    const rows = await queryRows<{ currency: string; amount: string }>(
      conn,
      sql`select o.currency, coalesce(sum(o.amount_received - o.amount_refunded - coalesce((
            select sum(d.amount) from ${disputes} d
            where d.order_id = o.id and d.status = 'lost' and d.currency = o.currency), 0)), 0)::bigint::text as amount
          from orders o
          where o.status in ('paid', 'partially_refunded', 'refunded') and o.paid_at >= ${since}
          group by o.currency`,
    );
    return Object.fromEntries(rows.map((r) => [r.currency, Number(r.amount)]));
  },

  /** Orders created per UTC day and status since `since`. */
  perDay(conn: Conn, since: Date) {
    return queryRows<{ day: string; status: string; n: number }>(
      conn,
      sql`select to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD') as day, status,
                 count(*)::int as n
          from orders where created_at >= ${since}
          group by 1, 2 order by 1`,
    );
  },

  async countReadyToShip(conn: Conn): Promise<number> {
    const [row] = await conn
      .select({ n: sql<number>`count(*)::int` })
      .from(orders)
      .where(readyToShipSql);
    return Number(row?.n ?? 0);
  },

  /** Disputes waiting for the owner's evidence, the soonest due first (the partial index's order). */
  disputesNeedingResponse(conn: Conn, limit: number) {
    return conn
      .select({
        disputeId: disputes.id,
        orderId: disputes.orderId,
        status: disputes.status,
        reason: disputes.reason,
        amount: disputes.amount,
        currency: disputes.currency,
        evidenceDueBy: disputes.evidenceDueBy,
      })
      .from(disputes)
      .where(inArray(disputes.status, ['warning_needs_response', 'needs_response']))
      .orderBy(sql`${disputes.evidenceDueBy} asc nulls last`, asc(disputes.id))
      .limit(limit);
  },

  /** Money in open disputes, per currency. */
  async amountAtRisk(conn: Conn): Promise<Record<string, number>> {
    const rows = await queryRows<{ currency: string; amount: string }>(
      conn,
      sql`select currency, sum(amount)::bigint::text as amount from ${disputes}
          where status in ('warning_needs_response','warning_under_review','needs_response','under_review')
          group by currency`,
    );
    return Object.fromEntries(rows.map((r) => [r.currency, Number(r.amount)]));
  },
};
