import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/api-client';
import { ErrorState } from '../../components/ErrorState';
import { adminKeys, fetchOrders, ordersCsvUrl } from '../admin-api';
import { countOf, formatClock } from '../admin-format';
import { OrderFiltersForm } from '../components/OrderFiltersForm';
import { OrdersTable } from '../components/OrdersTable';
import {
  NO_FILTERS,
  apiQueryFromFilters,
  filtersFromSearch,
  hasFilters,
  searchFromFilters,
  type OrderFilters,
} from '../order-filters';

export const ORDERS_PAGE_SIZE = 25;
/** The list refreshes itself this often (every page already loaded, so "Load more" is not undone). */
export const ORDERS_REFRESH_MS = 5_000;

/** `/admin/orders`: every order, newest first, filtered by what the URL says, live. */
export function AdminOrdersPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const apiQuery = useMemo(() => apiQueryFromFilters(filters), [filters]);

  const query = useInfiniteQuery({
    queryKey: adminKeys.orders(apiQuery),
    queryFn: ({ pageParam, signal }) =>
      fetchOrders(
        { ...apiQuery, ...(pageParam ? { cursor: pageParam } : {}), limit: ORDERS_PAGE_SIZE },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 0,
    refetchInterval: ORDERS_REFRESH_MS,
    // Changing a filter keeps the current rows on screen until the new ones arrive.
    placeholderData: keepPreviousData,
  });

  const applyFilters = (next: OrderFilters) => setParams(searchFromFilters(next));
  const orders = useMemo(() => query.data?.pages.flatMap((page) => page.orders) ?? [], [query.data]);
  const filtered = hasFilters(filters);

  return (
    <div className="admin-container admin-page">
      <title>Orders · Checkstand admin</title>
      <div className="admin-page__head">
        <h1 className="admin-page__title" tabIndex={-1}>
          Orders
        </h1>
        <a className="admin-button admin-button--secondary" href={ordersCsvUrl(apiQuery)} download>
          <DownloadIcon />
          Export CSV
        </a>
      </div>

      <OrderFiltersForm filters={filters} onChange={applyFilters} />

      {query.isPending ? (
        <p className="admin-muted admin-list-status" aria-busy="true">
          Loading orders…
        </p>
      ) : query.isError && !query.data ? (
        <ListError error={query.error} filtered={filtered} onClear={() => applyFilters(NO_FILTERS)}>
          <ErrorState
            title="We couldn’t load the orders"
            error={query.error}
            retrying={query.isFetching}
            onRetry={() => void query.refetch()}
          />
        </ListError>
      ) : (
        <>
          <div className="admin-list-status">
            <p role="status" aria-live="polite" aria-atomic="true">
              {orders.length === 0
                ? ''
                : `Showing ${countOf(orders.length, 'order')}${query.hasNextPage ? ', newest first; more below' : ''}.`}
            </p>
            <p className="admin-live" data-stale={query.isError || undefined}>
              {query.isError ? (
                <>Live updates paused: the server isn’t answering. Retrying…</>
              ) : (
                <>
                  <span className="admin-live__dot" aria-hidden="true" />
                  Live · updated {formatClock(new Date(query.dataUpdatedAt))}
                  {query.isPlaceholderData && ' · updating…'}
                </>
              )}
            </p>
          </div>
          {orders.length === 0 ? (
            <div className="admin-empty">
              <p className="admin-empty__title">
                {filtered ? 'No orders match these filters' : 'No orders yet'}
              </p>
              {filtered ? (
                <button
                  type="button"
                  className="admin-button admin-button--secondary"
                  onClick={() => applyFilters(NO_FILTERS)}
                >
                  Clear filters
                </button>
              ) : (
                <p className="admin-muted">Orders appear here as soon as a customer checks out.</p>
              )}
            </div>
          ) : (
            <OrdersTable orders={orders} />
          )}
          {query.hasNextPage && (
            <div className="admin-load-more">
              <button
                type="button"
                className="admin-button admin-button--secondary"
                aria-disabled={query.isFetchingNextPage}
                onClick={() => {
                  if (!query.isFetchingNextPage) void query.fetchNextPage();
                }}
              >
                {query.isFetchingNextPage ? 'Loading more…' : 'Load more orders'}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

/** A filter the server refused (a stale link): say so and offer a way out. */
function ListError({
  error,
  filtered,
  onClear,
  children,
}: {
  error: unknown;
  filtered: boolean;
  onClear: () => void;
  children: ReactNode;
}) {
  if (error instanceof ApiError && error.code === 'invalid_query') {
    return (
      <div className="admin-empty" role="alert">
        <p className="admin-empty__title">These filters can’t be used</p>
        <p className="admin-muted">{error.message}</p>
        {filtered && (
          <button type="button" className="admin-button admin-button--secondary" onClick={onClear}>
            Clear filters
          </button>
        )}
      </div>
    );
  }
  return <>{children}</>;
}

function DownloadIcon() {
  return (
    <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false" className="icon">
      <path
        d="M10 3.5v9M6 9l4 4 4-4M4 16.5h12"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
