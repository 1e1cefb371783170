import { createContext, use, useSyncExternalStore, type ReactNode } from 'react';
import type { OrderBook, OrderRecord } from './order-book';

const OrderBookContext = createContext<OrderBook | null>(null);

export function OrderBookProvider({ book, children }: { book: OrderBook; children: ReactNode }) {
  return <OrderBookContext value={book}>{children}</OrderBookContext>;
}

export function useOrderBook(): OrderBook {
  const book = use(OrderBookContext);
  if (!book) throw new Error('useOrderBook must be used inside <OrderBookProvider>');
  return book;
}

/** The orders this browser created, newest first; follows other tabs. */
export function useOrderRecords(): readonly OrderRecord[] {
  const book = useOrderBook();
  return useSyncExternalStore(book.subscribe, book.getSnapshot, book.getSnapshot);
}

/** This browser's record (and so the access token) of one order, if it created it. */
export function useOrderRecord(orderId: string | null | undefined): OrderRecord | undefined {
  const records = useOrderRecords();
  return orderId ? records.find((record) => record.orderId === orderId) : undefined;
}
