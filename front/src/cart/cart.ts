import { MAX_CART_LINES, MAX_QUANTITY } from '@checkstand/contract';

/**
 * The cart as pure data and functions: no storage, no React. Every function returns a new cart.
 *
 * A line keeps a snapshot of the product as the shopper saw it (title, price, image), so the cart can be shown
 * without the catalog; the cart page refreshes snapshots from the live catalog. Amounts are integer minor units.
 */
export const MIN_QUANTITY = 1;

export interface CartProduct {
  productId: string;
  title: string;
  unitAmount: number;
  currency: string;
  imageUrl: string;
}

export interface CartLine extends CartProduct {
  quantity: number;
}

export interface Cart {
  readonly lines: readonly CartLine[];
}

export const EMPTY_CART: Cart = { lines: [] };

export type AddResult =
  | { ok: true; cart: Cart; quantity: number; clamped: boolean }
  | { ok: false; cart: Cart; reason: 'too_many_lines' };

/** Brings any number into 1..`MAX_QUANTITY`; what is not a number becomes the minimum. */
export function clampQuantity(quantity: number): number {
  if (!Number.isFinite(quantity)) return MIN_QUANTITY;
  return Math.min(MAX_QUANTITY, Math.max(MIN_QUANTITY, Math.trunc(quantity)));
}

export function findLine(cart: Cart, productId: string): CartLine | undefined {
  return cart.lines.find((line) => line.productId === productId);
}

/**
 * Adds `quantity` of a product. The same product twice becomes one line with the quantities summed (and the
 * snapshot refreshed); the sum is clamped to `MAX_QUANTITY`. A product beyond `MAX_CART_LINES` distinct ones is
 * refused, not silently dropped.
 */
export function addItem(cart: Cart, product: CartProduct, quantity = 1): AddResult {
  const existing = findLine(cart, product.productId);
  if (existing) {
    const wanted = existing.quantity + Math.trunc(quantity);
    const next = clampQuantity(wanted);
    const lines = cart.lines.map((line) =>
      line.productId === product.productId ? { ...snapshotOf(product), quantity: next } : line,
    );
    return { ok: true, cart: { lines }, quantity: next, clamped: next !== wanted };
  }
  if (cart.lines.length >= MAX_CART_LINES) return { ok: false, cart, reason: 'too_many_lines' };
  const next = clampQuantity(quantity);
  return {
    ok: true,
    cart: { lines: [...cart.lines, { ...snapshotOf(product), quantity: next }] },
    quantity: next,
    clamped: next !== Math.trunc(quantity),
  };
}

export function setQuantity(cart: Cart, productId: string, quantity: number): Cart {
  const next = clampQuantity(quantity);
  const line = findLine(cart, productId);
  if (!line || line.quantity === next) return cart;
  return { lines: cart.lines.map((l) => (l.productId === productId ? { ...l, quantity: next } : l)) };
}

export function removeLine(cart: Cart, productId: string): Cart {
  if (!findLine(cart, productId)) return cart;
  return { lines: cart.lines.filter((line) => line.productId !== productId) };
}

/**
 * Takes what an order bought out of the cart: each purchased quantity is subtracted from its line, and a line
 * bought in full is removed. Lines added after the checkout started (in another tab) stay.
 */
export function removePurchased(
  cart: Cart,
  purchased: readonly { productId: string; quantity: number }[],
): Cart {
  const bought = new Map<string, number>();
  for (const { productId, quantity } of purchased) {
    bought.set(productId, (bought.get(productId) ?? 0) + quantity);
  }
  if (!cart.lines.some((line) => bought.has(line.productId))) return cart;
  const lines: CartLine[] = [];
  for (const line of cart.lines) {
    const left = line.quantity - (bought.get(line.productId) ?? 0);
    if (left >= MIN_QUANTITY) lines.push(left === line.quantity ? line : { ...line, quantity: left });
  }
  return { lines };
}

export function lineTotal(line: CartLine): number {
  return line.unitAmount * line.quantity;
}

export function itemCount(lines: readonly CartLine[]): number {
  return lines.reduce((count, line) => count + line.quantity, 0);
}

export interface MoneyTotal {
  currency: string;
  amount: number;
}

/**
 * Totals per currency, in integer minor units. A shop normally sells in one currency, so this is one entry (or
 * none for an empty cart); amounts in different currencies are never added together.
 */
export function cartTotals(lines: readonly CartLine[]): MoneyTotal[] {
  const byCurrency = new Map<string, number>();
  for (const line of lines) {
    byCurrency.set(line.currency, (byCurrency.get(line.currency) ?? 0) + lineTotal(line));
  }
  return [...byCurrency].map(([currency, amount]) => ({ currency, amount }));
}

/** What changed in a line when it was refreshed from the catalog, for telling the shopper. */
export interface LineChange {
  productId: string;
  previousUnitAmount: number;
  previousCurrency: string;
}

/**
 * Refreshes line snapshots (title, price, image) from the live catalog. Products missing from the catalog are
 * kept as they are: the caller flags them as no longer sold and lets the shopper remove them.
 */
export function refreshFromCatalog(
  cart: Cart,
  catalog: readonly CartProduct[],
): { cart: Cart; priceChanges: LineChange[] } {
  const live = new Map(catalog.map((product) => [product.productId, product]));
  const priceChanges: LineChange[] = [];
  let changed = false;
  const lines = cart.lines.map((line) => {
    const product = live.get(line.productId);
    if (!product || sameSnapshot(line, product)) return line;
    changed = true;
    if (product.unitAmount !== line.unitAmount || product.currency !== line.currency) {
      priceChanges.push({
        productId: line.productId,
        previousUnitAmount: line.unitAmount,
        previousCurrency: line.currency,
      });
    }
    return { ...snapshotOf(product), quantity: line.quantity };
  });
  return { cart: changed ? { lines } : cart, priceChanges };
}

function snapshotOf(product: CartProduct): CartProduct {
  const { productId, title, unitAmount, currency, imageUrl } = product;
  return { productId, title, unitAmount, currency, imageUrl };
}

function sameSnapshot(line: CartLine, product: CartProduct): boolean {
  return (
    line.title === product.title &&
    line.unitAmount === product.unitAmount &&
    line.currency === product.currency &&
    line.imageUrl === product.imageUrl
  );
}
