/**
 * The orders this browser created, with the access token each came with (returned once, at creation): what
 * lets the cancel page, the order page and "Recent orders" read an order and act on it. Kept in `localStorage`
 * like the cart, read by React through `useSyncExternalStore`, and followed across tabs by the `storage` event.
 */

import { type StorageEvents, storedKey } from '../lib/stored-snapshot';

export const ORDER_BOOK_STORAGE_KEY = 'checkstand.orders.v1';
const STORAGE_VERSION = 1;
/** Enough for "recent"; the oldest entries are forgotten first. */
export const MAX_REMEMBERED_ORDERS = 20;

export interface OrderRecord {
  orderId: string;
  /** Opens the order on the API (`X-Order-Token`); only its hash is stored on the server. */
  orderToken: string;
  /** When this browser created the order (ISO). */
  createdAt: string;
  /**
   * Whether the purchased items were taken out of the cart. Set once, when the order is first seen paid, so
   * a later visit to the same receipt never touches a cart filled since.
   */
  cartSettled: boolean;
}

export interface OrderBook {
  getSnapshot: () => readonly OrderRecord[];
  subscribe: (listener: () => void) => () => void;
  get(orderId: string): OrderRecord | undefined;
  remember(orderId: string, orderToken: string): void;
  markCartSettled(orderId: string): void;
}

export interface OrderBookOptions {
  storage: Storage | null;
  events?: StorageEvents | null;
  now?: () => Date;
}

export function createOrderBook({
  storage,
  events = null,
  now = () => new Date(),
}: OrderBookOptions): OrderBook {
  const stored = storedKey({
    key: ORDER_BOOK_STORAGE_KEY,
    storage,
    events,
    onExternalChange(raw) {
      records = parseStoredOrders(raw);
      stored.emit();
    },
  });
  let records = parseStoredOrders(stored.initial);

  const commit = (next: readonly OrderRecord[]) => {
    records = next;
    // Storage full or refused: the records stay for this tab rather than lose the token now.
    stored.write(JSON.stringify({ version: STORAGE_VERSION, orders: next }));
    stored.emit();
  };

  return {
    getSnapshot: () => records,
    subscribe: stored.subscribe,
    get(orderId) {
      return records.find((record) => record.orderId === orderId);
    },
    remember(orderId, orderToken) {
      stored.sync();
      const existing = records.find((record) => record.orderId === orderId);
      if (existing?.orderToken === orderToken) return;
      const record: OrderRecord = existing
        ? { ...existing, orderToken }
        : { orderId, orderToken, createdAt: now().toISOString(), cartSettled: false };
      commit([record, ...records.filter((r) => r.orderId !== orderId)].slice(0, MAX_REMEMBERED_ORDERS));
    },
    markCartSettled(orderId) {
      stored.sync();
      if (!records.some((record) => record.orderId === orderId && !record.cartSettled)) return;
      commit(records.map((r) => (r.orderId === orderId ? { ...r, cartSettled: true } : r)));
    },
  };
}

/** Reads what this or an older tab wrote; unreadable data gives no records, a bad entry is dropped alone. */
export function parseStoredOrders(raw: string | null): readonly OrderRecord[] {
  if (raw === null) return [];
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!isRecord(data) || data.version !== STORAGE_VERSION || !Array.isArray(data.orders)) return [];
  const seen = new Set<string>();
  const records: OrderRecord[] = [];
  for (const entry of data.orders as unknown[]) {
    if (!isRecord(entry)) continue;
    const { orderId, orderToken, createdAt, cartSettled } = entry;
    if (typeof orderId !== 'string' || !orderId || seen.has(orderId)) continue;
    if (typeof orderToken !== 'string' || !orderToken) continue;
    if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) continue;
    seen.add(orderId);
    records.push({ orderId, orderToken, createdAt, cartSettled: cartSettled === true });
    if (records.length === MAX_REMEMBERED_ORDERS) break;
  }
  return records;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
