/**
 * The cart's source of truth in the browser: an external store over `localStorage`, read by React through
 * `useSyncExternalStore`. Other tabs write the same key; the `storage` event (fired only in the *other* tabs,
 * https://html.spec.whatwg.org/multipage/webstorage.html#the-storage-event) brings their changes here.
 */
import { MAX_CART_LINES } from '@checkstand/contract';
import {
  EMPTY_CART,
  addItem,
  clampQuantity,
  refreshFromCatalog,
  removeLine,
  removePurchased,
  setQuantity,
  type AddResult,
  type Cart,
  type CartLine,
  type CartProduct,
  type LineChange,
} from './cart';
import { type StorageEvents, storedKey } from '../lib/stored-snapshot';

/** Bump the version (and the key) when the stored shape changes; older data is then ignored, never misread. */
export const CART_STORAGE_KEY = 'checkstand.cart.v1';
const STORAGE_VERSION = 1;

export interface CartSnapshot {
  readonly lines: readonly CartLine[];
  /** Prices that changed since the shopper added the product, found by catalog refreshes in this tab. */
  readonly priceChanges: Readonly<Record<string, LineChange>>;
}

// Function-typed properties, not methods: React calls `getSnapshot`/`subscribe` detached from the store.
export interface CartStore {
  getSnapshot: () => CartSnapshot;
  subscribe: (listener: () => void) => () => void;
  add(product: CartProduct, quantity?: number): AddResult;
  setQuantity(productId: string, quantity: number): void;
  remove(productId: string): void;
  clear(): void;
  /** Takes an order's items out of the cart, once the order is paid. */
  removePurchased(purchased: readonly { productId: string; quantity: number }[]): void;
  refreshFromCatalog(catalog: readonly CartProduct[]): void;
}

export interface CartStoreOptions {
  /** `null` when the browser refuses storage (privacy modes): the cart then lives in memory for this tab. */
  storage: Storage | null;
  /** Where `storage` events arrive: the window. */
  events?: StorageEvents | null;
  key?: string;
}

export function createCartStore({
  storage,
  events = null,
  key = CART_STORAGE_KEY,
}: CartStoreOptions): CartStore {
  const stored = storedKey({
    key,
    storage,
    events,
    onExternalChange(raw) {
      const cart = parseStoredCart(raw);
      snapshot = { lines: cart.lines, priceChanges: keepChanges(snapshot.priceChanges, cart) };
      stored.emit();
    },
  });
  let snapshot: CartSnapshot = { lines: parseStoredCart(stored.initial).lines, priceChanges: {} };

  const commit = (
    cart: Cart,
    priceChanges: Record<string, LineChange> = keepChanges(snapshot.priceChanges, cart),
  ) => {
    if (cart.lines === snapshot.lines && priceChanges === snapshot.priceChanges) return;
    snapshot = { lines: cart.lines, priceChanges };
    // Quota exceeded or storage disabled: the cart stays in memory rather than lose the shopper's action.
    stored.write(JSON.stringify({ version: STORAGE_VERSION, lines: cart.lines }));
    stored.emit();
  };

  return {
    getSnapshot: () => snapshot,
    subscribe: stored.subscribe,
    add(product, quantity = 1) {
      const result = addItem(snapshot, product, quantity);
      if (result.ok) commit(result.cart);
      return result;
    },
    setQuantity(productId, quantity) {
      commit(setQuantity(snapshot, productId, quantity));
    },
    remove(productId) {
      commit(removeLine(snapshot, productId));
    },
    clear() {
      commit(EMPTY_CART);
    },
    removePurchased(purchased) {
      commit(removePurchased(snapshot, purchased));
    },
    refreshFromCatalog(catalog) {
      const { cart, priceChanges } = refreshFromCatalog(snapshot, catalog);
      if (cart.lines === snapshot.lines) return;
      const merged = { ...keepChanges(snapshot.priceChanges, cart) };
      for (const change of priceChanges) {
        // Keep the price the shopper first saw if it changes twice.
        merged[change.productId] ??= change;
      }
      commit(cart, merged);
    },
  };
}

function keepChanges(changes: Readonly<Record<string, LineChange>>, cart: Cart): Record<string, LineChange> {
  const ids = Object.keys(changes);
  if (ids.length === 0) return changes;
  const present = new Set(cart.lines.map((line) => line.productId));
  if (ids.every((id) => present.has(id))) return changes;
  return Object.fromEntries(Object.entries(changes).filter(([id]) => present.has(id)));
}

/**
 * Reads what a (possibly older, possibly tampered-with) tab wrote. Anything unreadable gives an empty cart;
 * an invalid line is dropped on its own so one bad entry does not cost the shopper the whole cart.
 */
export function parseStoredCart(raw: string | null): Cart {
  if (raw === null) return EMPTY_CART;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return EMPTY_CART;
  }
  if (!isRecord(data) || data.version !== STORAGE_VERSION || !Array.isArray(data.lines)) return EMPTY_CART;
  const lines: CartLine[] = [];
  const seen = new Set<string>();
  for (const entry of data.lines as unknown[]) {
    const line = parseLine(entry);
    if (!line || seen.has(line.productId)) continue;
    seen.add(line.productId);
    lines.push(line);
    if (lines.length === MAX_CART_LINES) break;
  }
  return lines.length === 0 ? EMPTY_CART : { lines };
}

function parseLine(entry: unknown): CartLine | null {
  if (!isRecord(entry)) return null;
  const { productId, title, unitAmount, currency, imageUrl, quantity } = entry;
  if (typeof productId !== 'string' || productId.length === 0) return null;
  if (typeof title !== 'string' || title.length === 0) return null;
  if (typeof unitAmount !== 'number' || !Number.isSafeInteger(unitAmount) || unitAmount < 0) return null;
  if (typeof currency !== 'string' || !/^[a-z]{3}$/i.test(currency)) return null;
  if (typeof imageUrl !== 'string') return null;
  if (typeof quantity !== 'number' || !Number.isInteger(quantity)) return null;
  return {
    productId,
    title,
    unitAmount,
    currency: currency.toLowerCase(),
    imageUrl,
    quantity: clampQuantity(quantity),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
