import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Conn } from '../../db/database.js';
import {
  type CheckoutAttemptRow,
  type OrderRow,
  orders,
  products,
  stockReservations,
} from '../../db/schema.js';
import type { WrittenChange } from './order-change.js';
import type { OrderStatus } from './order-state-machine.js';

/**
 * Stock held for an order's attempts, kept in step with the order (docs/design.md, "Stock"): an attempt that
 * ends unpaid releases its units; a payment takes them (or flags the order `oversold` when its hold had ended and
 * the stock is gone). Runs inside the one writer's transaction (the order is locked), and runs SQL only for the
 * changes that concern stock: an attempt that ends unpaid, a new attempt (a retry supersedes the older ones), the
 * order's first money, a full refund of an oversold order. Everything else (most webhooks) costs nothing here.
 * Returns the order as it now is.
 */
export async function stockEffects(conn: Conn, written: WrittenChange): Promise<OrderRow> {
  const { change } = written;
  let order = written.after;
  if (receivesFirstMoney(written.from, written.to)) {
    const paying = change.newPayment?.attemptNo ?? change.attempt?.row.attemptNo ?? order.currentAttemptNo;
    order = await takeForPayment(conn, order, paying);
  }
  if (change.attempt) {
    const { row, patch } = change.attempt;
    if (!endsUnpaid(row) && endsUnpaid({ ...row, ...patch })) {
      await releaseHeld(conn, order.id, { attemptNo: row.attemptNo });
    }
  }
  // A retry supersedes every older attempt: what they still hold goes back (the new one reserved its own).
  if (change.newAttempt) await releaseHeld(conn, order.id, { below: change.newAttempt.attemptNo });
  // An oversold order refunded in full needs no units any more.
  if (written.to === 'refunded' && written.from !== 'refunded' && order.flags.includes('oversold')) {
    order = await setFlags(
      conn,
      order,
      order.flags.filter((flag) => flag !== 'oversold'),
    );
  }
  return order;
}

const MONEY_STATUSES: readonly OrderStatus[] = ['paid', 'payment_mismatch', 'partially_refunded', 'refunded'];

/** Money arrived for an order that had none: its units are taken (a delayed payment keeps its hold until then). */
function receivesFirstMoney(from: OrderStatus, to: OrderStatus): boolean {
  return (to === 'paid' || to === 'payment_mismatch') && !MONEY_STATUSES.includes(from);
}

/** An attempt that can no longer be paid: expired, given up, or complete with its delayed payment failed. */
export function endsUnpaid(attempt: Pick<CheckoutAttemptRow, 'status' | 'outcome'>): boolean {
  return (
    attempt.status === 'expired' ||
    attempt.status === 'abandoned' ||
    (attempt.status === 'complete' && attempt.outcome === 'failed')
  );
}

/**
 * Releases the units an order's attempts hold: of one attempt, of the attempts below a number, or all of them.
 * One statement when nothing is held; then one update per product, in product-id order (no deadlocks). Returns
 * how many held lines it released. The caller holds the order's lock.
 */
export async function releaseHeld(
  conn: Conn,
  orderId: string,
  which: { attemptNo: number } | { below: number } | 'all',
): Promise<number> {
  const released = await conn
    .update(stockReservations)
    .set({ status: 'released', endedAt: sql`now()` })
    .where(
      and(
        eq(stockReservations.orderId, orderId),
        eq(stockReservations.status, 'held'),
        which === 'all'
          ? undefined
          : 'attemptNo' in which
            ? eq(stockReservations.attemptNo, which.attemptNo)
            : lt(stockReservations.attemptNo, which.below),
      ),
    )
    .returning({ productId: stockReservations.productId, quantity: stockReservations.quantity });
  if (released.length === 0) return 0;
  const perProduct = new Map<string, number>();
  for (const { productId, quantity } of released) {
    perProduct.set(productId, (perProduct.get(productId) ?? 0) + quantity);
  }
  for (const productId of [...perProduct.keys()].sort()) {
    await conn
      .update(products)
      .set({ reserved: sql`${products.reserved} - ${perProduct.get(productId)!}` })
      .where(eq(products.id, productId));
  }
  return released.length;
}

/**
 * The order received its first money: each stock-limited product of it is taken from its hold (the paying
 * attempt's, else another attempt's still held), and any other hold of the order is released. A product whose
 * hold had already ended is taken from what is free; when not enough is, what is there is taken and the order is
 * flagged `oversold`: the owner restocks (then ships with an override) or refunds. Stock never goes negative.
 */
async function takeForPayment(conn: Conn, order: OrderRow, payingAttemptNo: number): Promise<OrderRow> {
  const rows = await conn
    .select({
      attemptNo: stockReservations.attemptNo,
      productId: stockReservations.productId,
      quantity: stockReservations.quantity,
      status: stockReservations.status,
    })
    .from(stockReservations)
    .where(eq(stockReservations.orderId, order.id));
  // Nothing was ever held (unlimited products), or the units were taken already.
  if (rows.length === 0 || rows.some((row) => row.status === 'committed')) return order;

  const productIds = [...new Set(rows.map((row) => row.productId))].sort();
  // Locked in product-id order, like every writer of these rows.
  const current = await conn
    .select({ id: products.id, stock: products.stock, reserved: products.reserved })
    .from(products)
    .where(inArray(products.id, productIds))
    .orderBy(asc(products.id))
    .for('update');
  let oversold = false;
  for (const product of current) {
    const mine = rows.filter((row) => row.productId === product.id);
    const held = mine
      .filter((row) => row.status === 'held')
      .sort(
        (a, b) =>
          Number(b.attemptNo === payingAttemptNo) - Number(a.attemptNo === payingAttemptNo) ||
          b.attemptNo - a.attemptNo,
      );
    const chosen = held[0];
    const others = held.slice(1);
    const releasedElsewhere = others.reduce((sum, row) => sum + row.quantity, 0);
    let stock = product.stock;
    let reserved = product.reserved - releasedElsewhere;
    let committed: { attemptNo: number };
    if (chosen) {
      reserved -= chosen.quantity;
      if (stock !== null) {
        if (stock < chosen.quantity) oversold = true;
        stock = Math.max(0, stock - chosen.quantity);
      }
      committed = chosen;
    } else {
      // The hold had ended (expired, released by the owner) before the money arrived.
      const row =
        mine.find((r) => r.attemptNo === payingAttemptNo) ??
        mine.sort((a, b) => b.attemptNo - a.attemptNo)[0]!;
      if (stock !== null) {
        const free = Math.max(0, stock - reserved);
        if (free < row.quantity) oversold = true;
        stock -= Math.min(free, row.quantity);
      }
      committed = row;
    }
    await conn
      .update(products)
      .set({ stock, reserved: Math.max(0, reserved) })
      .where(eq(products.id, product.id));
    await conn
      .update(stockReservations)
      .set({ status: 'committed', endedAt: sql`now()` })
      .where(
        and(
          eq(stockReservations.orderId, order.id),
          eq(stockReservations.attemptNo, committed.attemptNo),
          eq(stockReservations.productId, product.id),
        ),
      );
    if (others.length > 0) {
      await conn
        .update(stockReservations)
        .set({ status: 'released', endedAt: sql`now()` })
        .where(
          and(
            eq(stockReservations.orderId, order.id),
            eq(stockReservations.productId, product.id),
            eq(stockReservations.status, 'held'),
          ),
        );
    }
  }
  if (!oversold || order.flags.includes('oversold')) return order;
  return setFlags(conn, order, [...order.flags, 'oversold']);
}

async function setFlags(conn: Conn, order: OrderRow, flags: string[]): Promise<OrderRow> {
  const [row] = await conn
    .update(orders)
    .set({ flags, updatedAt: sql`now()`, version: sql`${orders.version} + 1` })
    .where(eq(orders.id, order.id))
    .returning();
  return row ?? { ...order, flags };
}
