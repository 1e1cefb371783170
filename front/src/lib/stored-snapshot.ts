/** Where `storage` events arrive: the window. */
export type StorageEvents = Pick<Window, 'addEventListener' | 'removeEventListener'>;

/**
 * The plumbing shared by the browser's stores kept in `localStorage` (cart, order book): one key read
 * and written as raw JSON text, listeners for `useSyncExternalStore`, and other tabs' writes followed
 * through the `storage` event. The store itself parses the text and keeps its snapshot.
 */
export function storedKey(options: {
  key: string;
  storage: Storage | null;
  events: StorageEvents | null;
  /** Called with the key's text whenever another tab changed it; the store re-parses and emits. */
  onExternalChange: (raw: string | null) => void;
}) {
  const { key, storage, events, onExternalChange } = options;
  const listeners = new Set<() => void>();
  let lastRaw = read();

  function read(): string | null {
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  const sync = () => {
    const raw = read();
    if (raw === lastRaw) return;
    lastRaw = raw;
    onExternalChange(raw);
  };

  const onStorage = (event: StorageEvent) => {
    // `key` is null when another tab called `localStorage.clear()`.
    if (event.key !== null && event.key !== key) return;
    if (event.storageArea && storage && event.storageArea !== storage) return;
    sync();
  };

  return {
    /** The text as first read. */
    initial: lastRaw,
    /** Re-reads the key now (before a change, in case another tab wrote meanwhile). */
    sync,
    /** Writes the text; false when storage is full or refused (the caller keeps its state in memory). */
    write(raw: string): boolean {
      try {
        storage?.setItem(key, raw);
        lastRaw = raw;
        return true;
      } catch {
        return false;
      }
    },
    emit() {
      for (const listener of [...listeners]) listener();
    },
    // A function-typed property, not a method: React calls `subscribe` detached from the store.
    subscribe: (listener: () => void): (() => void) => {
      if (listeners.size === 0) {
        events?.addEventListener('storage', onStorage);
        // Another tab may have written while nobody was listening here.
        sync();
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) events?.removeEventListener('storage', onStorage);
      };
    },
  };
}
