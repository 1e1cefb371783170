import { and, asc, eq, gt, inArray, isNotNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Conn } from '../../db/database.js';
import {
  checkoutAttempts,
  orders,
  products,
  type ProductRow,
  stockReservations,
  type StockReservationRow,
} from '../../db/schema.js';

/** Locks taken per client while its holds are counted and added to (two-key form: its own key space). */
const HOLDER_LOCK_CLASS = 7240;

export interface HoldLine {
  productId: string;
  quantity: number;
}

/** The SQL of stock: counters on `products`, one `stock_reservations` row per product held for an attempt. */
export const stockRepository = {
  /**
   * Serializes the checkouts of one client (on every instance) until the transaction ends, so its holds are
   * counted and added to one checkout at a time.
   */
  async lockHolder(conn: Conn, holder: string): Promise<void> {
    await conn.execute(
      sql`select pg_advisory_xact_lock(${sql.raw(String(HOLDER_LOCK_CLASS))}, hashtext(${holder}))`,
    );
  },

  /** Units the client holds now, over every open checkout but those of `exceptOrderId` (a retry's own). */
  async heldBy(conn: Conn, holder: string, exceptOrderId: string): Promise<number> {
    const [row] = await conn
      .select({ units: sql<string | number | null>`sum(${stockReservations.quantity})` })
      .from(stockReservations)
      .where(
        and(
          eq(stockReservations.holder, holder),
          eq(stockReservations.status, 'held'),
          ne(stockReservations.orderId, exceptOrderId),
        ),
      );
    return Number(row?.units ?? 0);
  },

  /**
   * Takes `quantity` units of a stock-limited product for a hold, if that many are free: the conditional update
   * is the whole concurrency story (a row lock on the product; the loser sees the winner's count). Null when
   * they are not.
   */
  async take(conn: Conn, line: HoldLine): Promise<boolean> {
    const rows = await conn
      .update(products)
      .set({ reserved: sql`${products.reserved} + ${line.quantity}` })
      .where(
        and(
          eq(products.id, line.productId),
          isNotNull(products.stock),
          sql`${products.stock} - ${products.reserved} >= ${line.quantity}`,
        ),
      )
      .returning({ id: products.id });
    return rows.length > 0;
  },

  async counters(conn: Conn, productId: string) {
    const [row] = await conn
      .select({ stock: products.stock, reserved: products.reserved })
      .from(products)
      .where(eq(products.id, productId));
    return row ?? null;
  },

  async insertHolds(
    conn: Conn,
    hold: { orderId: string; attemptNo: number; holder: string; expiresAt: Date },
    lines: readonly HoldLine[],
  ): Promise<void> {
    if (lines.length === 0) return;
    await conn.insert(stockReservations).values(
      lines.map((line) => ({
        orderId: hold.orderId,
        attemptNo: hold.attemptNo,
        productId: line.productId,
        quantity: line.quantity,
        holder: hold.holder,
        expiresAt: hold.expiresAt,
      })),
    );
  },

  products(conn: Conn): Promise<ProductRow[]> {
    return conn.select().from(products).orderBy(asc(products.position), asc(products.id));
  },

  async setStock(conn: Conn, productId: string, stock: number | null): Promise<ProductRow | null> {
    const [row] = await conn.update(products).set({ stock }).where(eq(products.id, productId)).returning();
    return row ?? null;
  },

  /** What checkouts hold now, soonest to expire first (the partial index on held rows). */
  held(conn: Conn, limit: number) {
    return conn
      .select({ hold: stockReservations, productTitle: products.title })
      .from(stockReservations)
      .innerJoin(products, eq(products.id, stockReservations.productId))
      .where(eq(stockReservations.status, 'held'))
      .orderBy(
        asc(stockReservations.expiresAt),
        asc(stockReservations.orderId),
        asc(stockReservations.attemptNo),
        asc(stockReservations.productId),
      )
      .limit(limit);
  },

  /**
   * Holds a release was missed for: still held past their expiry plus `marginSeconds`, whose attempt can no
   * longer be paid (expired, given up, its delayed payment failed, lost at Stripe, superseded by a newer attempt,
   * or gone). A session is never payable past its expiry, so only a delayed payment still settling keeps its hold.
   */
  async missedReleases(
    conn: Conn,
    marginSeconds: number,
    limit: number,
  ): Promise<{ orderId: string; attemptNo: number }[]> {
    const rows = await conn
      .selectDistinct({ orderId: stockReservations.orderId, attemptNo: stockReservations.attemptNo })
      .from(stockReservations)
      .leftJoin(
        checkoutAttempts,
        and(
          eq(checkoutAttempts.orderId, stockReservations.orderId),
          eq(checkoutAttempts.attemptNo, stockReservations.attemptNo),
        ),
      )
      .leftJoin(orders, eq(orders.id, stockReservations.orderId))
      .where(
        and(
          eq(stockReservations.status, 'held'),
          lt(stockReservations.expiresAt, sql`now() - make_interval(secs => ${marginSeconds})`),
          or(
            sql`${checkoutAttempts.attemptNo} is null`,
            inArray(checkoutAttempts.status, ['expired', 'abandoned']),
            and(eq(checkoutAttempts.status, 'complete'), eq(checkoutAttempts.outcome, 'failed')),
            eq(checkoutAttempts.watch, 'lost'),
            gt(orders.currentAttemptNo, stockReservations.attemptNo),
          ),
        ),
      )
      .limit(limit);
    return rows;
  },

  /** The held rows of one attempt (the owner's release). */
  heldOf(conn: Conn, orderId: string, attemptNo: number): Promise<StockReservationRow[]> {
    return conn
      .select()
      .from(stockReservations)
      .where(
        and(
          eq(stockReservations.orderId, orderId),
          eq(stockReservations.attemptNo, attemptNo),
          eq(stockReservations.status, 'held'),
        ),
      );
  },
};
