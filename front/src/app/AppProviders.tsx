import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { CartStoreProvider } from '../cart/cart-context';
import type { CartStore } from '../cart/cart-store';
import { AnnouncerProvider } from '../components/Announcer';
import type { OrderBook } from '../orders/order-book';
import { OrderBookProvider } from '../orders/order-book-context';

interface AppProvidersProps {
  queryClient: QueryClient;
  cartStore: CartStore;
  orderBook: OrderBook;
  children: ReactNode;
}

/** Everything the pages read from context; the tests build the same tree around a memory router. */
export function AppProviders({ queryClient, cartStore, orderBook, children }: AppProvidersProps) {
  return (
    <QueryClientProvider client={queryClient}>
      <CartStoreProvider store={cartStore}>
        <OrderBookProvider book={orderBook}>
          <AnnouncerProvider>{children}</AnnouncerProvider>
        </OrderBookProvider>
      </CartStoreProvider>
    </QueryClientProvider>
  );
}
