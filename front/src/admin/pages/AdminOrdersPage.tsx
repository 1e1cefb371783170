import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { ApiError } from '../../api/api-client';
import { ORDER_STATUSES, type AdminOrderSummary, type OrderStatus } from '@checkstand/contract';
import { ErrorState } from '../../components/ErrorState';
import { formatMoney } from '../../money/format-money';
import { adminKeys, fetchOrders, ordersCsvUrl } from '../admin-api';
import { ADMIN_STATUS_LABELS, countOf, formatClock } from '../admin-format';
import { AdminStatusBadge, FlagBadges, IdValue, StackedDateTime } from '../components/AdminBits';
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

/** What the detail page's "All orders" link goes back to: the list with the filters it was opened from. */
export interface FromListState {
  listSearch?: string;
}

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

function OrdersTable({ orders }: { orders: AdminOrderSummary[] }) {
  const { search } = useLocation();
  return (
    <div className="admin-table-scroll admin-orders" role="region" aria-label="Orders" tabIndex={0}>
      <table className="admin-table admin-table--orders">
        <caption className="visually-hidden">Orders, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Created</th>
            <th scope="col">Customer</th>
            <th scope="col">Status</th>
            <th scope="col" className="admin-table__num">
              Total
            </th>
            <th scope="col">Session</th>
            <th scope="col">Payment intent</th>
            <th scope="col">Flags</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <tr key={order.id} data-testid="order-row" data-order-id={order.id}>
              <th scope="row" className="admin-orders__id">
                <Link
                  to={`/admin/orders/${encodeURIComponent(order.id)}`}
                  state={{ listSearch: search } satisfies FromListState}
                  className="admin-order-link"
                >
                  {order.id}
                </Link>
              </th>
              <td className="admin-orders__created" data-label="Created">
                <StackedDateTime iso={order.createdAt} />
              </td>
              <td className="admin-orders__email" data-label="Customer">
                {order.customerEmail ? (
                  <Email address={order.customerEmail} />
                ) : (
                  <span className="admin-muted">—</span>
                )}
              </td>
              <td className="admin-orders__status">
                <AdminStatusBadge status={order.status} />
              </td>
              <td className="admin-table__num admin-orders__total">
                {formatMoney(order.total, order.currency)}
                {order.amountRefunded > 0 && (
                  <span className="admin-table__sub">
                    −{formatMoney(order.amountRefunded, order.currency)} refunded
                  </span>
                )}
              </td>
              <td className="admin-orders__session" data-label="Session">
                <IdValue id={order.sessionId} what="session ID" />
              </td>
              <td className="admin-orders__intent" data-label="Payment intent">
                <IdValue id={order.paymentIntentId} what="payment intent" />
              </td>
              <td
                className="admin-orders__flags"
                data-label="Flags"
                data-empty={order.flags.length === 0 || undefined}
              >
                <FlagBadges flags={order.flags} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An email that may break before its "@" rather than anywhere. */
function Email({ address }: { address: string }) {
  const at = address.lastIndexOf('@');
  if (at <= 0) return <>{address}</>;
  return (
    <>
      {address.slice(0, at)}
      <wbr />
      {address.slice(at)}
    </>
  );
}

interface OrderFiltersFormProps {
  filters: OrderFilters;
  onChange: (filters: OrderFilters) => void;
}

/**
 * Statuses and dates apply as soon as they change; the search applies on Enter or "Search", so typing does
 * not fire a request (and a history entry) per key.
 */
function OrderFiltersForm({ filters, onChange }: OrderFiltersFormProps) {
  const id = useId();
  const [draft, setDraft] = useState(filters.q);
  // Back/forward or "Clear filters" changed the URL: the box shows what is applied.
  const [appliedQ, setAppliedQ] = useState(filters.q);
  if (appliedQ !== filters.q) {
    setAppliedQ(filters.q);
    setDraft(filters.q);
  }

  const toggle = (status: OrderStatus, on: boolean) => {
    const statuses = on ? [...filters.statuses, status] : filters.statuses.filter((s) => s !== status);
    onChange({ ...filters, statuses });
  };
  const search = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...filters, q: draft.trim() });
  };

  return (
    <section className="admin-filters" aria-label="Filters">
      <form role="search" className="admin-search" onSubmit={search}>
        <label htmlFor={`${id}-q`} className="admin-field__label">
          Search orders
        </label>
        <div className="admin-search__row">
          <input
            id={`${id}-q`}
            className="admin-input"
            type="search"
            value={draft}
            placeholder="Order ID, session (cs_…), payment intent (pi_…) or email"
            aria-describedby={`${id}-q-hint`}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="admin-button admin-button--primary">
            Search
          </button>
        </div>
        <p id={`${id}-q-hint`} className="visually-hidden">
          An order ID, a Checkout Session ID, a payment intent ID, or the start of an email address.
        </p>
      </form>

      <fieldset className="admin-statuses">
        <legend className="admin-field__label">Status</legend>
        <div className="admin-statuses__list">
          {ORDER_STATUSES.map((status) => (
            <label key={status} className="admin-check">
              <input
                type="checkbox"
                checked={filters.statuses.includes(status)}
                onChange={(event) => toggle(status, event.target.checked)}
              />
              <span>{ADMIN_STATUS_LABELS[status]}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="admin-dates">
        <div className="admin-field">
          <label htmlFor={`${id}-from`} className="admin-field__label">
            From
          </label>
          <input
            id={`${id}-from`}
            className="admin-input"
            type="date"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(event) => onChange({ ...filters, from: event.target.value })}
          />
        </div>
        <div className="admin-field">
          <label htmlFor={`${id}-to`} className="admin-field__label">
            To
          </label>
          <input
            id={`${id}-to`}
            className="admin-input"
            type="date"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(event) => onChange({ ...filters, to: event.target.value })}
          />
        </div>
        {hasFilters(filters) && (
          <button
            type="button"
            className="admin-button admin-button--ghost"
            onClick={() => onChange(NO_FILTERS)}
          >
            Clear filters
          </button>
        )}
      </div>
    </section>
  );
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
