import type { LostSession, WatchReport } from '@checkstand/contract';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorState } from '../../components/ErrorState';
import { adminKeys, fetchWatchReport } from '../admin-api';
import { AdminStatusBadge, DateTime, IdValue, LiveStatus } from '../components/AdminBits';
import { BackgroundRuns, WATCH_LIST_EXPLAINED, oldestCheckText } from '../components/WatchBits';
import { Fact, OrderCard } from '../components/order/OrderCard';

export const WATCH_REFRESH_MS = 15_000;

/** `/admin/watch`: the watch list's size and staleness, the sessions Stripe lost, the background passes. */
export function AdminWatchPage() {
  const query = useQuery({
    queryKey: adminKeys.watch,
    queryFn: ({ signal }) => fetchWatchReport(signal),
    staleTime: 0,
    refetchInterval: WATCH_REFRESH_MS,
  });

  return (
    <div className="admin-container admin-page">
      <title>Watch list · Checkstand admin</title>
      <div className="admin-page__head">
        <h1 className="admin-page__title" tabIndex={-1}>
          Watch list
        </h1>
        {query.data && <LiveStatus updatedAt={query.dataUpdatedAt} stale={query.isError} />}
      </div>
      <p className="admin-page__intro">{WATCH_LIST_EXPLAINED}</p>
      {query.isPending ? (
        <p className="admin-muted" aria-busy="true">
          Loading the watch list…
        </p>
      ) : query.isError && !query.data ? (
        <ErrorState
          title="We couldn’t load the watch list"
          error={query.error}
          retrying={query.isFetching}
          onRetry={() => void query.refetch()}
        />
      ) : (
        <WatchReportView report={query.data} />
      )}
    </div>
  );
}

function WatchReportView({ report }: { report: WatchReport }) {
  const { summary } = report;
  return (
    <>
      <div className="admin-detail-grid">
        <OrderCard id="watch-summary" title="Now">
          <dl className="admin-facts">
            <Fact label="Sessions watched" testId="watch-size">
              {summary.size.toLocaleString('en-US')}
            </Fact>
            <Fact label="Oldest check" testId="watch-oldest">
              {oldestCheckText(summary)}
              {summary.oldestCheckAt && (
                <span className="admin-table__sub">
                  <DateTime iso={summary.oldestCheckAt} />
                </span>
              )}
            </Fact>
            <Fact label="Lost sessions" testId="watch-lost">
              {summary.lost.toLocaleString('en-US')}
            </Fact>
          </dl>
        </OrderCard>
        <OrderCard id="watch-runs" title="Background passes">
          <BackgroundRuns report={report} />
        </OrderCard>
      </div>
      <OrderCard id="lost-sessions" title="Lost sessions">
        <p className="admin-muted admin-card__intro">
          Stripe keeps answering that it doesn’t know these sessions, so the store stopped reading them and
          their orders no longer wait on them. Look them up in Stripe’s dashboard if a customer says they
          paid.
        </p>
        <LostSessionsTable sessions={report.lostSessions} />
      </OrderCard>
    </>
  );
}

function LostSessionsTable({ sessions }: { sessions: LostSession[] }) {
  if (sessions.length === 0) return <p className="admin-muted">No lost sessions.</p>;
  return (
    <div className="admin-table-scroll" role="region" aria-labelledby="lost-sessions" tabIndex={0}>
      <table className="admin-table">
        <caption className="visually-hidden">Sessions Stripe doesn’t know, by order</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Attempt</th>
            <th scope="col">Session</th>
            <th scope="col">Order status</th>
            <th scope="col">Last checked</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <tr key={`${session.orderId}:${session.attemptNo}`} data-testid="lost-session-row">
              <th scope="row">
                <Link
                  to={`/admin/orders/${encodeURIComponent(session.orderId)}`}
                  className="admin-order-link"
                >
                  {session.orderId}
                </Link>
              </th>
              <td>{session.attemptNo}</td>
              <td>
                <IdValue id={session.sessionId} what="session ID" />
              </td>
              <td>
                <AdminStatusBadge status={session.orderStatus} />
              </td>
              <td className="admin-table__nowrap">
                <DateTime iso={session.checkedAt} />
              </td>
              <td className="admin-table__nowrap">
                <DateTime iso={session.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
