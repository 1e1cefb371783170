import { createContext, use, useSyncExternalStore, type ReactNode } from 'react';
import type { CartSnapshot, CartStore } from './cart-store';

const CartStoreContext = createContext<CartStore | null>(null);

export function CartStoreProvider({ store, children }: { store: CartStore; children: ReactNode }) {
  return <CartStoreContext value={store}>{children}</CartStoreContext>;
}

export function useCartStore(): CartStore {
  const store = use(CartStoreContext);
  if (!store) throw new Error('useCartStore must be used inside <CartStoreProvider>');
  return store;
}

/** The current cart; re-renders when it changes here or in another tab. */
export function useCart(): CartSnapshot {
  const store = useCartStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
