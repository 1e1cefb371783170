import { Link } from 'react-router';

/** Any other `/admin/…` address, inside the panel's frame. */
export function AdminNotFoundPage() {
  return (
    <div className="admin-container admin-page admin-empty">
      <title>Not found · Checkstand admin</title>
      <h1 className="admin-page__title" tabIndex={-1}>
        There is no such admin page
      </h1>
      <p className="admin-muted">The link may be old or mistyped.</p>
      <div className="button-row">
        <Link to="/admin" className="admin-button admin-button--secondary">
          Go to the dashboard
        </Link>
        <Link to="/admin/orders" className="admin-button admin-button--secondary">
          See all orders
        </Link>
      </div>
    </div>
  );
}
