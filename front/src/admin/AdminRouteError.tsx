import { Link, useRouteError } from 'react-router';

/** A page of the panel threw while rendering: say so inside the panel's frame, with a way to go on. */
export function AdminRouteError() {
  const error = useRouteError();
  if (import.meta.env.DEV) console.error(error);

  return (
    <div className="admin-container admin-page admin-empty">
      <title>Something went wrong · Checkstand admin</title>
      <h1 className="admin-page__title" tabIndex={-1}>
        Something went wrong
      </h1>
      <p className="admin-muted">
        This page hit a problem it couldn’t recover from. Reloading usually helps.
      </p>
      <div className="button-row">
        <button
          type="button"
          className="admin-button admin-button--primary"
          onClick={() => window.location.reload()}
        >
          Reload the page
        </button>
        <Link to="/admin" className="admin-button admin-button--secondary">
          Go to the dashboard
        </Link>
      </div>
    </div>
  );
}
