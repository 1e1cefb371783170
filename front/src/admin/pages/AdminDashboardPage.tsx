import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ORDER_STATUSES } from '../../api/orders';
import { ErrorState } from '../../components/ErrorState';
import { formatMoney } from '../../money/format-money';
import { statusTone } from '../../orders/order-status';
import { adminKeys, fetchDashboard, type AdminDashboard } from '../admin-api';
import { ADMIN_STATUS_LABELS, countOf, formatClock } from '../admin-format';
import { OrdersPerDayChart } from '../components/OrdersPerDayChart';

export const DASHBOARD_REFRESH_MS = 30_000;

/** `/admin`: how the shop is doing: orders by status, money kept, what needs a look, orders per day. */
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

function Dashboard({ data }: { data: AdminDashboard }) {
  const totalOrders = ORDER_STATUSES.reduce((sum, status) => sum + data.byStatus[status], 0);
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
            to="/admin/orders?status=failed"
            className={`admin-stat admin-stat--link${data.failed > 0 ? ' admin-stat--alert' : ''}`}
            data-testid="failed-count"
          >
            <span className="admin-stat__label">Failed payments</span>
            <span className="admin-stat__value">{data.failed.toLocaleString('en-US')}</span>
            <span className="admin-stat__hint">See the failed orders</span>
          </Link>
          <Link
            to="/admin/orders?status=expired"
            className={`admin-stat admin-stat--link${data.expired > 0 ? ' admin-stat--warn' : ''}`}
            data-testid="expired-count"
          >
            <span className="admin-stat__label">Expired checkouts</span>
            <span className="admin-stat__value">{data.expired.toLocaleString('en-US')}</span>
            <span className="admin-stat__hint">See the expired orders</span>
          </Link>
        </div>
      </section>

      <section aria-labelledby="dash-status" className="admin-section">
        <h2 id="dash-status" className="admin-section__title">
          Orders by status <span className="admin-muted">· {countOf(totalOrders, 'order')} in all</span>
        </h2>
        <ul className="admin-status-grid" role="list">
          {ORDER_STATUSES.map((status) => (
            <li key={status}>
              <Link
                to={`/admin/orders?status=${status}`}
                className={`admin-status-tile admin-status-tile--${statusTone(status)}`}
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
