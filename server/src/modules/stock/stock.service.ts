import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type AdminProduct,
  type InsufficientStockDetails,
  MAX_HELD_UNITS_PER_CHECKOUT,
  MAX_HELD_UNITS_PER_CLIENT,
  SCARCE_SESSION_MINUTES,
  StockUpdate,
} from '@checkstand/contract';
import type { Logger } from 'pino';
import { AppError, badRequest, notFound } from '../../common/errors.js';
import { DATABASE, LOGGER } from '../../common/tokens.js';
import type { Conn, Database } from '../../db/database.js';
import type { OrderItem, ProductRow } from '../../db/schema.js';
import { releaseHeld } from '../orders/stock-effects.js';
import { ordersRepository as orders } from '../orders/orders.repository.js';
import { type HoldLine, stockRepository as repo } from './stock.repository.js';

/** A hold whose release was missed is recovered this long after its expiry (Stripe's expiry events can lag). */
export const MISSED_RELEASE_MARGIN_SECONDS = 10 * 60;
/** Holds the reconciler recovers per pass, and the owner's list at most. */
const RECOVER_BATCH = 200;
const HOLDS_LIST_MAX = 1000;

/** The opaque key of a client's holds: a hash of the address the rate limits count it by (`clientOf`). */
export function holderOf(client: string): string {
  return createHash('sha256').update(`checkstand:hold:${client}`).digest('hex').slice(0, 32);
}

/** The cart's stock-limited lines (stock not null), in product-id order: what a checkout must hold. */
export function limitedLines(items: readonly OrderItem[], found: readonly ProductRow[]): HoldLine[] {
  const byId = new Map(found.map((p) => [p.id, p]));
  const units = new Map<string, number>();
  for (const item of items) {
    const product = byId.get(item.productId);
    if (!product || product.stock === null) continue;
    units.set(item.productId, (units.get(item.productId) ?? 0) + item.quantity);
  }
  return [...units.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([productId, quantity]) => ({ productId, quantity }));
}

export function holdLimitReached(
  scope: 'checkout' | 'client',
  limit: number,
  held: number,
  requested: number,
): AppError {
  return new AppError(
    409,
    'hold_limit_reached',
    scope === 'checkout'
      ? `One checkout may hold at most ${limit} units of limited-stock products.`
      : `Too many units of limited-stock products are held by your open checkouts (at most ${limit}); finish or cancel one first.`,
    { scope, limit, held, requested },
  );
}

/** What a checkout asks to hold, for whom and until when. */
export interface HoldRequest {
  orderId: string;
  attemptNo: number;
  /** `holderOf(client)`. */
  holder: string;
  expiresAt: Date;
  lines: readonly HoldLine[];
}

/**
 * Stock held while customers pay (docs/design.md, "Stock"): a checkout reserves the units of its stock-limited
 * lines atomically with its order (or its retry's attempt), within caps per checkout and per client; the one
 * writer releases or takes them as the attempt ends (`orders/stock-effects.ts`); the reconciler recovers a
 * missed release; the owner sets stock and sees and releases holds.
 */
@Injectable()
export class StockService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** A session of a cart that holds stock lives as short as Stripe allows; others the store's default. */
  sessionMinutes(lines: readonly HoldLine[], defaultMinutes: number): number {
    return lines.length > 0 ? Math.min(defaultMinutes, SCARCE_SESSION_MINUTES) : defaultMinutes;
  }

  /** Refuses (409 `hold_limit_reached`) a cart one checkout may not hold, before anything is written. */
  checkCheckoutCap(lines: readonly HoldLine[]): void {
    const units = lines.reduce((sum, line) => sum + line.quantity, 0);
    if (units > MAX_HELD_UNITS_PER_CHECKOUT) {
      throw holdLimitReached('checkout', MAX_HELD_UNITS_PER_CHECKOUT, 0, units);
    }
  }

  /**
   * Reserves the lines for an attempt inside the caller's transaction (the one writing the order or the retry's
   * attempt): within the client's cap (its checkouts serialized by an advisory lock), one conditional counter
   * update per product in product-id order. Throws 409 `hold_limit_reached` or `insufficient_stock` (with what is
   * available), and the caller's transaction rolls back: nothing is written.
   */
  async reserve(tx: Conn, request: HoldRequest): Promise<void> {
    if (request.lines.length === 0) return;
    this.checkCheckoutCap(request.lines);
    const units = request.lines.reduce((sum, line) => sum + line.quantity, 0);
    // The client's lock first, product rows after (every writer locks products last: no deadlocks).
    await repo.lockHolder(tx, request.holder);
    // A retry's older attempts are superseded: what they still hold goes back first (the order is locked).
    if (request.attemptNo > 1) await releaseHeld(tx, request.orderId, { below: request.attemptNo });
    const held = await repo.heldBy(tx, request.holder, request.orderId);
    if (held + units > MAX_HELD_UNITS_PER_CLIENT) {
      throw holdLimitReached('client', MAX_HELD_UNITS_PER_CLIENT, held, units);
    }
    const short: InsufficientStockDetails['products'] = [];
    const taken: HoldLine[] = [];
    for (const line of request.lines) {
      if (await repo.take(tx, line)) {
        taken.push(line);
        continue;
      }
      const counters = await repo.counters(tx, line.productId);
      // Made unlimited meanwhile: nothing to hold.
      if (!counters || counters.stock === null) continue;
      short.push({
        productId: line.productId,
        requested: line.quantity,
        available: Math.max(0, counters.stock - counters.reserved),
      });
    }
    if (short.length > 0) {
      const details: InsufficientStockDetails = { products: short };
      throw new AppError(
        409,
        'insufficient_stock',
        short.length === 1
          ? `Only ${short[0]!.available} of ${short[0]!.productId} available.`
          : 'Some products are not available in the quantities asked.',
        details,
      );
    }
    await repo.insertHolds(tx, request, taken);
  }

  /** Every product (sold or not) with its stock and what checkouts hold, as the owner's list shows it. */
  async products(): Promise<AdminProduct[]> {
    return (await repo.products(this.database.db)).map(adminProductView);
  }

  /** `PATCH /api/admin/products/:productId`: the units on hand (null: unlimited). */
  async setStock(productId: string, body: unknown): Promise<AdminProduct> {
    const parsed = StockUpdate.safeParse(body);
    if (!parsed.success) {
      throw badRequest(
        'invalid_stock',
        'Send { "stock": n } with a whole number of units from 0, or null for unlimited.',
      );
    }
    const row = await repo.setStock(this.database.db, productId, parsed.data.stock);
    if (!row) throw notFound('product_not_found', 'No such product.');
    return adminProductView(row);
  }

  /** What checkouts hold now, soonest to expire first. */
  holds() {
    return repo.held(this.database.db, HOLDS_LIST_MAX);
  }

  /**
   * The owner ends a hold early (a checkout hoarding units): its units go back, under the order's lock. A payment
   * that still arrives in that session takes what is free then, or flags the order `oversold`.
   */
  async release(orderId: string, attemptNo: number): Promise<number> {
    const released = await this.database.db.transaction(async (tx) => {
      if (!(await orders.lockOrder(tx, orderId))) return 0;
      return releaseHeld(tx, orderId, { attemptNo });
    });
    if (released === 0) throw notFound('hold_not_found', 'That checkout holds no stock.');
    this.logger.info({ orderId, attemptNo, released }, 'stock hold released by the owner');
    return released;
  }

  /** The reconciler's recovery: holds still held past their expiry whose attempt can no longer be paid. */
  async recoverMissedReleases(): Promise<number> {
    const db = this.database.db;
    const missed = await repo.missedReleases(db, MISSED_RELEASE_MARGIN_SECONDS, RECOVER_BATCH);
    let released = 0;
    for (const { orderId, attemptNo } of missed) {
      released += await db.transaction(async (tx) => {
        await orders.lockOrder(tx, orderId);
        return releaseHeld(tx, orderId, { attemptNo });
      });
    }
    if (released > 0) this.logger.warn({ released }, 'released stock holds whose release was missed');
    return released;
  }
}

export function adminProductView(row: ProductRow): AdminProduct {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    unitAmount: row.unitAmount,
    currency: row.currency,
    imageUrl: row.imageUrl,
    digital: row.digital,
    available: row.stock === null ? null : Math.max(0, row.stock - row.reserved),
    stock: row.stock,
    reserved: row.reserved,
    active: row.active,
  };
}
