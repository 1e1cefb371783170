import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { CartStoreProvider } from '../cart/cart-context';
import type { CartStore } from '../cart/cart-store';
import { AnnouncerProvider } from '../components/Announcer';

interface AppProvidersProps {
  queryClient: QueryClient;
  cartStore: CartStore;
  children: ReactNode;
}

/** Everything the pages read from context; the tests build the same tree around a memory router. */
export function AppProviders({ queryClient, cartStore, children }: AppProvidersProps) {
  return (
    <QueryClientProvider client={queryClient}>
      <CartStoreProvider store={cartStore}>
        <AnnouncerProvider>{children}</AnnouncerProvider>
      </CartStoreProvider>
    </QueryClientProvider>
  );
}
