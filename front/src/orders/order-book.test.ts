import { describe, expect, it, vi } from 'vitest';
import { MemoryStorage } from '../test/memory-storage';
import {
  MAX_REMEMBERED_ORDERS,
  ORDER_BOOK_STORAGE_KEY,
  createOrderBook,
  parseStoredOrders,
} from './order-book';

const NOW = () => new Date('2026-11-26T10:00:00.000Z');

describe('the order book', () => {
  it('remembers orders newest first and persists them', () => {
    const storage = new MemoryStorage();
    const book = createOrderBook({ storage, now: NOW });
    book.remember('ord_1', 'otk_1');
    book.remember('ord_2', 'otk_2');
    book.remember('ord_1', 'otk_1'); // the same order again changes nothing

    const again = createOrderBook({ storage });
    expect(again.getSnapshot().map((record) => record.orderId)).toEqual(['ord_2', 'ord_1']);
    expect(again.get('ord_1')).toEqual({
      orderId: 'ord_1',
      orderToken: 'otk_1',
      createdAt: '2026-11-26T10:00:00.000Z',
      cartSettled: false,
    });
  });

  it('marks the cart settled once per order and tells subscribers', () => {
    const book = createOrderBook({ storage: new MemoryStorage(), now: NOW });
    book.remember('ord_1', 'otk_1');
    const listener = vi.fn();
    book.subscribe(listener);
    book.markCartSettled('ord_1');
    book.markCartSettled('ord_1');
    book.markCartSettled('ord_unknown');
    expect(book.get('ord_1')?.cartSettled).toBe(true);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('forgets the oldest orders past the limit', () => {
    const book = createOrderBook({ storage: new MemoryStorage(), now: NOW });
    for (let i = 0; i <= MAX_REMEMBERED_ORDERS; i++) book.remember(`ord_${i}`, `otk_${i}`);
    expect(book.getSnapshot()).toHaveLength(MAX_REMEMBERED_ORDERS);
    expect(book.get('ord_0')).toBeUndefined();
  });

  it('sees orders another tab created', () => {
    const storage = new MemoryStorage();
    const events = new EventTarget();
    const here = createOrderBook({ storage, events });
    const unsubscribe = here.subscribe(() => {});
    createOrderBook({ storage, now: NOW }).remember('ord_there', 'otk');
    events.dispatchEvent(new StorageEvent('storage', { key: ORDER_BOOK_STORAGE_KEY }));
    expect(here.get('ord_there')?.orderToken).toBe('otk');
    unsubscribe();
  });

  it('keeps working in memory when storage refuses writes', () => {
    const storage = new MemoryStorage();
    storage.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    const book = createOrderBook({ storage, now: NOW });
    book.remember('ord_1', 'otk_1');
    expect(book.get('ord_1')?.orderToken).toBe('otk_1');
  });

  it('reads nothing from corrupt storage and drops invalid entries alone', () => {
    for (const raw of ['{', 'null', '[]', '{"version":2,"orders":[]}'])
      expect(parseStoredOrders(raw)).toEqual([]);
    const good = {
      orderId: 'ord_1',
      orderToken: 'otk',
      createdAt: '2026-11-26T10:00:00.000Z',
      cartSettled: true,
    };
    expect(
      parseStoredOrders(
        JSON.stringify({
          version: 1,
          orders: [good, { ...good, orderId: '' }, { ...good, orderId: 'ord_2', orderToken: 3 }, good, 'x'],
        }),
      ),
    ).toEqual([good]);
  });
});
