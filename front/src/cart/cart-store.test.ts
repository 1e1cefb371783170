import { describe, expect, it, vi } from 'vitest';
import { aCartProduct } from '../test/builders';
import { MemoryStorage } from '../test/memory-storage';
import { CART_STORAGE_KEY, createCartStore, parseStoredCart } from './cart-store';

function storageEvent(storage: Storage, key: string | null = CART_STORAGE_KEY): StorageEvent {
  // jsdom only accepts its own Storage as `storageArea`; the store matches on the key in that case.
  return new StorageEvent('storage', { key, storageArea: storage instanceof MemoryStorage ? null : storage });
}

describe('the cart store', () => {
  it('persists the cart so a new store on the same storage reads it back', () => {
    const storage = new MemoryStorage();
    const mug = aCartProduct({ title: 'Stoneware Mug', unitAmount: 2200 });
    const first = createCartStore({ storage });
    first.add(mug, 2);
    first.add(mug, 1);

    const second = createCartStore({ storage });
    expect(second.getSnapshot().lines).toEqual([{ ...mug, quantity: 3 }]);
    expect(JSON.parse(storage.getItem(CART_STORAGE_KEY) ?? 'null')).toEqual({
      version: 1,
      lines: [{ ...mug, quantity: 3 }],
    });
  });

  it('notifies subscribers and keeps the snapshot stable between changes', () => {
    const store = createCartStore({ storage: new MemoryStorage() });
    const listener = vi.fn();
    store.subscribe(listener);
    const before = store.getSnapshot();
    expect(store.getSnapshot()).toBe(before);

    const mug = aCartProduct();
    store.add(mug);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot()).not.toBe(before);

    store.setQuantity(mug.productId, 1); // unchanged
    expect(listener).toHaveBeenCalledTimes(1);
    store.setQuantity(mug.productId, 120);
    expect(store.getSnapshot().lines[0]?.quantity).toBe(99);
    store.remove(mug.productId);
    expect(store.getSnapshot().lines).toEqual([]);
    expect(listener).toHaveBeenCalledTimes(3);
  });

  it('does not persist a refused 51st product', () => {
    const storage = new MemoryStorage();
    const store = createCartStore({ storage });
    for (let i = 0; i < 50; i++) expect(store.add(aCartProduct()).ok).toBe(true);
    const stored = storage.getItem(CART_STORAGE_KEY);

    expect(store.add(aCartProduct())).toMatchObject({ ok: false, reason: 'too_many_lines' });
    expect(storage.getItem(CART_STORAGE_KEY)).toBe(stored);
    expect(store.getSnapshot().lines).toHaveLength(50);
  });

  it('starts empty from corrupt or foreign storage', () => {
    const line = { ...aCartProduct(), quantity: 1 };
    const unreadable = [
      '{not json',
      '"a string"',
      '[]',
      'null',
      '{"version":1}',
      JSON.stringify({ version: 2, lines: [line] }), // a future shape is not guessed at
      JSON.stringify({ lines: [line] }),
    ];
    for (const raw of unreadable) {
      const storage = new MemoryStorage();
      storage.setItem(CART_STORAGE_KEY, raw);
      expect(createCartStore({ storage }).getSnapshot().lines).toEqual([]);
    }
  });

  it('drops invalid lines and keeps the valid ones', () => {
    const good = { ...aCartProduct(), quantity: 2 };
    const raw = JSON.stringify({
      version: 1,
      lines: [
        good,
        { ...good, productId: '' },
        { ...aCartProduct(), unitAmount: 12.5, quantity: 1 },
        { ...aCartProduct(), unitAmount: '1200', quantity: 1 },
        { ...aCartProduct(), quantity: 1.5 },
        { ...aCartProduct(), currency: 'dollars', quantity: 1 },
        { ...aCartProduct(), quantity: 500, productId: 'prod_too_many' },
        { ...good, quantity: 9 }, // a duplicate of the first line
        42,
        null,
      ],
    });
    expect(parseStoredCart(raw).lines).toEqual([
      good,
      expect.objectContaining({ productId: 'prod_too_many', quantity: 99 }),
    ]);
  });

  it('keeps working in memory when storage refuses writes', () => {
    const storage = new MemoryStorage();
    storage.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    const store = createCartStore({ storage });
    const mug = aCartProduct();
    expect(store.add(mug).ok).toBe(true);
    expect(store.getSnapshot().lines).toHaveLength(1);
  });

  it('follows changes made in another tab through the storage event', () => {
    const storage = new MemoryStorage();
    const thisTab = new EventTarget();
    const here = createCartStore({ storage, events: thisTab });
    const there = createCartStore({ storage, events: new EventTarget() });
    const listener = vi.fn();
    const unsubscribe = here.subscribe(listener);

    const mug = aCartProduct();
    there.add(mug, 4);
    expect(here.getSnapshot().lines).toEqual([]); // nothing until the browser tells this tab

    thisTab.dispatchEvent(storageEvent(storage));
    expect(listener).toHaveBeenCalledTimes(1);
    expect(here.getSnapshot().lines).toEqual([{ ...mug, quantity: 4 }]);

    // An event for another key is ignored; a repeated event with no change does not re-render.
    thisTab.dispatchEvent(storageEvent(storage, 'something.else'));
    thisTab.dispatchEvent(storageEvent(storage));
    expect(listener).toHaveBeenCalledTimes(1);

    // `localStorage.clear()` in another tab arrives with a null key.
    storage.clear();
    thisTab.dispatchEvent(storageEvent(storage, null));
    expect(here.getSnapshot().lines).toEqual([]);
    expect(listener).toHaveBeenCalledTimes(2);

    unsubscribe();
    there.add(mug);
    thisTab.dispatchEvent(storageEvent(storage));
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('catches up with other tabs when it is subscribed to again', () => {
    const storage = new MemoryStorage();
    const here = createCartStore({ storage, events: new EventTarget() });
    createCartStore({ storage }).add(aCartProduct());
    here.subscribe(() => {})();
    expect(here.getSnapshot().lines).toHaveLength(1);
  });

  it('uses the window localStorage and its storage events', () => {
    window.localStorage.clear();
    const here = createCartStore({ storage: window.localStorage, events: window });
    const unsubscribe = here.subscribe(() => {});
    const other = createCartStore({ storage: window.localStorage });
    other.add(aCartProduct());
    window.dispatchEvent(storageEvent(window.localStorage));
    expect(here.getSnapshot().lines).toHaveLength(1);
    unsubscribe();
    window.localStorage.clear();
  });

  it('remembers price changes found in the catalog until the line is removed', () => {
    const store = createCartStore({ storage: new MemoryStorage() });
    const mug = aCartProduct({ unitAmount: 2000 });
    store.add(mug);
    store.refreshFromCatalog([{ ...mug, unitAmount: 2100 }]);
    store.refreshFromCatalog([{ ...mug, unitAmount: 2300 }]);
    expect(store.getSnapshot().lines[0]?.unitAmount).toBe(2300);
    expect(store.getSnapshot().priceChanges[mug.productId]?.previousUnitAmount).toBe(2000);

    const before = store.getSnapshot();
    store.refreshFromCatalog([{ ...mug, unitAmount: 2300 }]);
    expect(store.getSnapshot()).toBe(before);

    store.remove(mug.productId);
    expect(store.getSnapshot().priceChanges).toEqual({});
  });
});
