import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import type { Product } from '../api/products';
import { AppProviders } from '../app/AppProviders';
import { routes } from '../app/routes';
import type { CartLine } from '../cart/cart';
import { CART_STORAGE_KEY, createCartStore } from '../cart/cart-store';
import { MemoryStorage } from './memory-storage';

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Storage holding a cart, as an earlier visit would have left it. */
export function storageWithCart(lines: CartLine[]): MemoryStorage {
  const storage = new MemoryStorage();
  storage.setItem(CART_STORAGE_KEY, JSON.stringify({ version: 1, lines }));
  return storage;
}

interface RenderAppOptions {
  path?: string;
  /** What `GET /api/products` answers; ignored when `fetch` is given. */
  products?: Product[];
  fetch?: (input: RequestInfo | URL) => Promise<Response>;
  storage?: Storage;
}

/** The whole storefront at `path`, on a memory router, with `fetch` mocked and a cart in fresh storage. */
export function renderApp({
  path = '/',
  products = [],
  fetch,
  storage = new MemoryStorage(),
}: RenderAppOptions = {}) {
  const fetchMock = vi.fn(fetch ?? (() => Promise.resolve(jsonResponse(products))));
  vi.stubGlobal('fetch', fetchMock);

  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const cartStore = createCartStore({ storage });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const user = userEvent.setup();

  const view = render(
    <AppProviders queryClient={queryClient} cartStore={cartStore}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...view, user, router, cartStore, storage, fetchMock };
}
