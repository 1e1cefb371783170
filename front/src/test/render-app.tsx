import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { vi } from 'vitest';
import type { Product, PublicStoreInfo } from '@checkstand/contract';
import { AppProviders } from '../app/AppProviders';
import { routes } from '../app/routes';
import type { CartLine } from '../cart/cart';
import { CART_STORAGE_KEY, createCartStore } from '../cart/cart-store';
import { ORDER_BOOK_STORAGE_KEY, createOrderBook, type OrderRecord } from '../orders/order-book';
import { aStoreInfo } from './builders';
import { MemoryStorage } from './memory-storage';

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/**
 * A JSON response whose body is read in a microtask, without the stream machinery of a real `Response`: for
 * tests on fake timers, where every await must settle inside `vi.advanceTimersByTimeAsync`.
 */
export function instantResponse(body: unknown, status = 200): Response {
  return Object.assign(new Response(null, { status }), { json: () => Promise.resolve(body) });
}

export interface FakeRequest {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

type FakeRoute = (request: FakeRequest) => Response;

/**
 * A `fetch` for the store's API: routes are keyed `"METHOD /api/path"` (query string ignored). An unknown
 * route answers the API's 404 shape, so a test sees what it forgot rather than hang.
 */
export function fakeApi(routes: Record<string, FakeRoute>) {
  return (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? 'GET';
    const path = url.split('?')[0] ?? url;
    const route = routes[`${method} ${path}`];
    if (!route) {
      return Promise.resolve(
        instantResponse({ error: { code: 'not_found', message: `No fake for ${method} ${path}` } }, 404),
      );
    }
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    return Promise.resolve(route({ method, path, headers: new Headers(init?.headers), body }));
  };
}

/** Storage holding a cart, as an earlier visit would have left it. */
export function storageWithCart(lines: CartLine[]): MemoryStorage {
  const storage = new MemoryStorage();
  storage.setItem(CART_STORAGE_KEY, JSON.stringify({ version: 1, lines }));
  return storage;
}

/** Adds orders to storage as if this browser had created them (the token is what opens them). */
export function rememberOrders(storage: Storage, records: Partial<OrderRecord>[]): Storage {
  const orders = records.map((record, index) => ({
    orderId: `ord_test${index}`,
    orderToken: `otk_test${index}`,
    createdAt: '2026-11-26T10:00:00.000Z',
    cartSettled: false,
    ...record,
  }));
  storage.setItem(ORDER_BOOK_STORAGE_KEY, JSON.stringify({ version: 1, orders }));
  return storage;
}

interface RenderAppOptions {
  path?: string;
  /** What `GET /api/products` answers; ignored when `fetch` is given. */
  products?: Product[];
  /** What `GET /api/store` answers (`aStoreInfo()` unless given); ignored when `fetch` is given. */
  store?: PublicStoreInfo;
  fetch?: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  storage?: Storage;
  /** For tests on fake timers: how user-event lets time pass between its steps. */
  advanceTimers?: (ms: number) => unknown;
}

/** The whole storefront at `path`, on a memory router, with `fetch` mocked and a cart in fresh storage. */
export function renderApp({
  path = '/',
  products = [],
  store = aStoreInfo(),
  fetch,
  storage = new MemoryStorage(),
  advanceTimers,
}: RenderAppOptions = {}) {
  const fetchMock = vi.fn(
    fetch ??
      ((input: RequestInfo | URL) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        return Promise.resolve(jsonResponse(url.startsWith('/api/store') ? store : products));
      }),
  );
  vi.stubGlobal('fetch', fetchMock);

  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const cartStore = createCartStore({ storage });
  const orderBook = createOrderBook({ storage });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const user = userEvent.setup(advanceTimers ? { advanceTimers } : {});

  const view = render(
    <AppProviders queryClient={queryClient} cartStore={cartStore} orderBook={orderBook}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...view, user, router, cartStore, orderBook, storage, fetchMock };
}
