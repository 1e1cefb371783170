import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { ErrorState } from '../../components/ErrorState';
import { adminKeys, fetchUnmatchedEvents } from '../admin-api';
import { countOf } from '../admin-format';
import { LiveStatus } from '../components/AdminBits';
import { UnmatchedEventsTable } from '../components/UnmatchedEventsTable';

/** The list refreshes itself this often (every page already loaded, so "Load more" is not undone). */
export const EVENTS_REFRESH_MS = 15_000;

/** `/admin/stripe-events`: Stripe events the store received that are provably about none of its orders. */
export function AdminStripeEventsPage() {
  const query = useInfiniteQuery({
    queryKey: adminKeys.unmatchedEvents,
    queryFn: ({ pageParam, signal }) => fetchUnmatchedEvents(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 0,
    refetchInterval: EVENTS_REFRESH_MS,
  });
  const events = useMemo(() => query.data?.pages.flatMap((page) => page.events) ?? [], [query.data]);

  return (
    <div className="admin-container admin-page">
      <title>Stripe events · Checkstand admin</title>
      <div className="admin-page__head">
        <h1 className="admin-page__title" tabIndex={-1}>
          Stripe events
        </h1>
      </div>
      <p className="admin-page__intro">
        Events Stripe sent about sessions or payments this store never created, such as a Payment Link whose
        payer typed an order number, or another integration copying its metadata. The store records them and
        shows them here, but they never changed an order: what they say about one is a claim, not a fact.
      </p>

      {query.isPending ? (
        <p className="admin-muted admin-list-status" aria-busy="true">
          Loading Stripe events…
        </p>
      ) : query.isError && !query.data ? (
        <ErrorState
          title="We couldn’t load the Stripe events"
          error={query.error}
          retrying={query.isFetching}
          onRetry={() => void query.refetch()}
        />
      ) : (
        <>
          <div className="admin-list-status">
            <p role="status" aria-live="polite" aria-atomic="true">
              {events.length === 0
                ? ''
                : `Showing ${countOf(events.length, 'event')}${query.hasNextPage ? ', newest first; more below' : ''}.`}
            </p>
            <LiveStatus updatedAt={query.dataUpdatedAt} stale={query.isError} />
          </div>
          {events.length === 0 ? (
            <div className="admin-empty">
              <p className="admin-empty__title">No unmatched Stripe events</p>
              <p className="admin-muted">
                Every event Stripe sent was about an order of this store. Any other shows up here.
              </p>
            </div>
          ) : (
            <UnmatchedEventsTable events={events} />
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
                {query.isFetchingNextPage ? 'Loading more…' : 'Load more events'}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
