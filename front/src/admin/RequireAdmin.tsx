import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorState } from '../components/ErrorState';
import { LOGIN_PATH, loginPath, useAdminSession, type LoginState } from './admin-session';

/**
 * Guards every admin page but the login: nobody logged in (or a session that just ended) goes to the login
 * page, which brings them back to this very page, filters included.
 */
export function RequireAdmin() {
  const session = useAdminSession();
  const { pathname, search } = useLocation();

  if (session.isPending) {
    return (
      <div className="admin-container admin-page" aria-busy="true">
        <h1 className="admin-page__title" tabIndex={-1}>
          Loading…
        </h1>
      </div>
    );
  }
  if (session.isError) {
    return (
      <div className="admin-container admin-page">
        <ErrorState
          headingLevel={1}
          title="We couldn’t open the admin panel"
          error={session.error}
          retrying={session.isFetching}
          onRetry={() => void session.refetch()}
        />
      </div>
    );
  }
  const { user, ended } = session.data;
  if (!user) {
    if (ended === 'logged_out') {
      return <Navigate to={LOGIN_PATH} replace state={{ reason: 'logged_out' } satisfies LoginState} />;
    }
    return (
      <Navigate
        to={loginPath(`${pathname}${search}`)}
        replace
        state={(ended ? { reason: ended } : {}) satisfies LoginState}
      />
    );
  }
  return <Outlet />;
}
