import { Link, useRouteError } from 'react-router';

/** Shown when a page throws while rendering: a way out instead of a blank screen. */
export function RouteErrorPage() {
  const error = useRouteError();
  if (import.meta.env.DEV) console.error(error);

  return (
    <div className="container page empty-state">
      <title>Something went wrong · Checkstand</title>
      <h1 className="empty-state__title" tabIndex={-1}>
        Something went wrong
      </h1>
      <p className="empty-state__text">
        This page hit a problem it couldn’t recover from. Reloading usually helps; your cart is safe either
        way.
      </p>
      <div className="button-row">
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
        <Link to="/" className="button button--secondary">
          Back to the shop
        </Link>
      </div>
    </div>
  );
}
