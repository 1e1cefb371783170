import { ORDER_STATUSES, type Dashboard as DashboardData } from '@checkstand/contract';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorState } from '../../components/ErrorState';
import { formatMoney } from '../../money/format-money';
import { adminKeys, fetchDashboard, fetchWatchReport } from '../admin-api';
import { ADMIN_STATUS_LABELS, adminStatusTone, countOf, formatClock } from '../admin-format';
import { DisputesNeedingResponse } from '../components/DisputesNeedingResponse';
import { OrdersPerDayChart } from '../components/OrdersPerDayChart';
import { BackgroundRuns, WATCH_LIST_EXPLAINED, oldestCheckText } from '../components/WatchBits';
import { Fact } from '../components/order/OrderCard';

export const DASHBOARD_REFRESH_MS = 30_000;

/**
 * `/admin`: how the shop is doing: orders by status, money kept, what to ship, what needs a look (disputes to
 * answer, money at risk), orders per day.
 */
export function AdminDashboardPage() {
  const query = useQuery({
    queryKey: adminKeys.dashboard,
    queryFn: ({ signal }) => fetchDashboard(signal),
    staleTime: 0,
    refetchInterval: DASHBOARD_REFRESH_MS,
  });

  return (
    <div className="admin-container admin-page">
      <title>Dashboard · Checkstand admin</title>
      <div className="admin-page__head">
        <h1 className="admin-page__title" tabIndex={-1}>
          Dashboard
        </h1>
        {query.data && (
          <p className="admin-live">
            <span className="admin-live__dot" aria-hidden="true" />
            Updated {formatClock(new Date(query.dataUpdatedAt))}
          </p>
        )}
      </div>
      {query.isPending ? (
        <p className="admin-muted" aria-busy="true">
          Loading the figures…
        </p>
      ) : query.isError && !query.data ? (
        <ErrorState
          title="We couldn’t load the dashboard"
          error={query.error}
          retrying={query.isFetching}
          onRetry={() => void query.refetch()}
        />
      ) : (
        <Dashboard data={query.data} />
      )}
    </div>
  );
}

function Revenue({ amounts }: { amounts: Record<string, number> }) {
  const entries = Object.entries(amounts).filter(([, amount]) => amount !== 0);
  if (entries.length === 0) return <span className="admin-stat__value">{formatMoney(0, 'usd')}</span>;
  return (
    <>
      {entries.map(([currency, amount]) => (
        <span key={currency} className="admin-stat__value">
          {formatMoney(amount, currency)}
        </span>
      ))}
    </>
  );
}

/** Money held in open disputes, per currency; "None" when nothing is at risk. */
function AtRisk({ amounts }: { amounts: Record<string, number> }) {
  const entries = Object.entries(amounts).filter(([, amount]) => amount !== 0);
  return (
    <Link
      to="/admin/orders?flag=dispute_open"
      className={`admin-stat admin-stat--link${entries.length > 0 ? ' admin-stat--alert' : ''}`}
      data-testid="amount-at-risk"
    >
      <span className="admin-stat__label">At risk in open disputes</span>
      {entries.length === 0 ? (
        <span className="admin-stat__value">None</span>
      ) : (
        entries.map(([currency, amount]) => (
          <span key={currency} className="admin-stat__value">
            {formatMoney(amount, currency)}
          </span>
        ))
      )}
      <span className="admin-stat__hint">See the orders with a dispute open</span>
    </Link>
  );
}

function Dashboard({ data }: { data: DashboardData }) {
  const totalOrders = ORDER_STATUSES.reduce((sum, status) => sum + data.byStatus[status], 0);
  const { failed, expired } = data.byStatus;
  return (
    <div className="admin-dashboard">
      <section aria-labelledby="dash-money" className="admin-section">
        <h2 id="dash-money" className="admin-section__title">
          Sales and problems
        </h2>
        <div className="admin-stats">
          <div className="admin-stat" data-testid="revenue-today">
            <span className="admin-stat__label">Revenue today</span>
            <Revenue amounts={data.revenue.today} />
            <span className="admin-stat__hint">Received minus refunded, since midnight UTC</span>
          </div>
          <div className="admin-stat" data-testid="revenue-7-days">
            <span className="admin-stat__label">Revenue, last 7 days</span>
            <Revenue amounts={data.revenue.last7Days} />
            <span className="admin-stat__hint">Today and the 6 days before</span>
          </div>
          <Link
            to="/admin/orders?ready=true"
            className={`admin-stat admin-stat--link${data.readyToShip > 0 ? ' admin-stat--ready' : ''}`}
            data-testid="ready-to-ship"
          >
            <span className="admin-stat__label">Ready to ship</span>
            <span className="admin-stat__value">{data.readyToShip.toLocaleString('en-US')}</span>
            <span className="admin-stat__hint">See the orders to ship</span>
          </Link>
          <AtRisk amounts={data.amountAtRisk} />
          <Link
            to="/admin/orders?status=failed"
            className={`admin-stat admin-stat--link${failed > 0 ? ' admin-stat--alert' : ''}`}
            data-testid="failed-count"
          >
            <span className="admin-stat__label">Failed payments</span>
            <span className="admin-stat__value">{failed.toLocaleString('en-US')}</span>
            <span className="admin-stat__hint">See the failed orders</span>
          </Link>
          <Link
            to="/admin/orders?status=expired"
            className={`admin-stat admin-stat--link${expired > 0 ? ' admin-stat--warn' : ''}`}
            data-testid="expired-count"
          >
            <span className="admin-stat__label">Expired checkouts</span>
            <span className="admin-stat__value">{expired.toLocaleString('en-US')}</span>
            <span className="admin-stat__hint">See the expired orders</span>
          </Link>
          <NeedsRefund count={data.needsRefund} />
          <Link
            to="/admin/stripe-events"
            className={`admin-stat admin-stat--link${data.unmatchedEvents > 0 ? ' admin-stat--warn' : ''}`}
            data-testid="unmatched-count"
          >
            <span className="admin-stat__label">Unmatched Stripe events (7 days)</span>
            <span className="admin-stat__value">{data.unmatchedEvents.toLocaleString('en-US')}</span>
            <span className="admin-stat__hint">See the Stripe events</span>
          </Link>
        </div>
      </section>

      <DisputesNeedingResponse disputes={data.disputesNeedingResponse} />

      <WatchSection data={data} />

      <section aria-labelledby="dash-status" className="admin-section">
        <h2 id="dash-status" className="admin-section__title">
          Orders by status <span className="admin-muted">· {countOf(totalOrders, 'order')} in all</span>
        </h2>
        <ul className="admin-status-grid" role="list">
          {ORDER_STATUSES.map((status) => (
            <li key={status}>
              <Link
                to={`/admin/orders?status=${status}`}
                className={`admin-status-tile admin-status-tile--${adminStatusTone(status)}`}
                data-testid={`count-${status}`}
              >
                <span className="admin-status-tile__count">
                  {data.byStatus[status].toLocaleString('en-US')}
                </span>
                <span className="admin-status-tile__label">{ADMIN_STATUS_LABELS[status]}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="dash-chart" className="admin-section">
        <h2 id="dash-chart" className="visually-hidden">
          Orders per day
        </h2>
        <div className="admin-card">
          <OrdersPerDayChart days={data.perDay} />
        </div>
      </section>
    </div>
  );
}

/**
 * Orders holding money to give back: a payment that does not match its order, or a duplicate payment. The list
 * filters by status, not by flag, so the link opens the mismatched ones (duplicates carry a flag in the list).
 */
function NeedsRefund({ count }: { count: number }) {
  if (count === 0) {
    return (
      <div className="admin-stat" data-testid="needs-refund">
        <span className="admin-stat__label">Needs a refund</span>
        <span className="admin-stat__value">0</span>
        <span className="admin-stat__hint">No money to give back</span>
      </div>
    );
  }
  return (
    <Link
      to="/admin/orders?status=payment_mismatch"
      className="admin-stat admin-stat--link admin-stat--alert"
      data-testid="needs-refund"
    >
      <span className="admin-stat__label">Needs a refund</span>
      <span className="admin-stat__value">{count.toLocaleString('en-US')}</span>
      <span className="admin-stat__hint">
        See the mismatched payments; duplicates are flagged in the list
      </span>
    </Link>
  );
}

/** The watch list at a glance, with the background passes (from the watch report, fetched alongside). */
function WatchSection({ data }: { data: DashboardData }) {
  const { watch } = data;
  const report = useQuery({
    queryKey: adminKeys.watch,
    queryFn: ({ signal }) => fetchWatchReport(signal),
    staleTime: 0,
    refetchInterval: DASHBOARD_REFRESH_MS,
  });
  return (
    <section aria-labelledby="dash-watch" className="admin-section">
      <h2 id="dash-watch" className="admin-section__title">
        Watch list
      </h2>
      <div className="admin-card admin-watch-card" data-testid="watch-card">
        <p className="admin-muted">{WATCH_LIST_EXPLAINED}</p>
        <div className="admin-watch-card__grid">
          <dl className="admin-facts">
            <Fact label="Sessions watched" testId="watch-size">
              {watch.size.toLocaleString('en-US')}
            </Fact>
            <Fact label="Oldest check" testId="watch-oldest">
              {oldestCheckText(watch)}
            </Fact>
            <Fact label="Lost sessions" testId="watch-lost">
              {watch.lost > 0 ? (
                <Link to="/admin/watch#lost-sessions" className="admin-danger-text">
                  {countOf(watch.lost, 'lost session')}
                </Link>
              ) : (
                'None'
              )}
            </Fact>
          </dl>
          {report.data ? (
            <BackgroundRuns report={report.data} />
          ) : report.isError ? (
            <p className="admin-muted" role="status">
              Couldn’t load when the background passes last ran.
            </p>
          ) : (
            <p className="admin-muted" aria-busy="true">
              Loading the background passes…
            </p>
          )}
        </div>
        <p>
          <Link to="/admin/watch" className="admin-card__link">
            Open the watch list
          </Link>
        </p>
      </div>
    </section>
  );
}
