import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, NavLink, Outlet, ScrollRestoration } from 'react-router';
import { ApiError } from '../api/api-client';
import { useAnnounce } from '../components/Announcer';
import { useFocusHeadingOnNavigation } from '../components/Layout';
import { Logo } from '../components/Logo';
import { logout } from './admin-api';
import { setAdminSession, useAdminSession, useEndSessionOn401 } from './admin-session';
// The panel's stylesheets, in cascade order (one CSS file per part, bundled with the panel's chunk).
import './admin.css';
import './admin-tables.css';
import './admin-lists.css';
import './admin-dashboard.css';
import './admin-order.css';
import './admin-after-payment.css';
import './admin-shop.css';
import './admin-stock.css';

/**
 * The frame of every admin page: its own header (who is logged in, the panel's sections, "Log out"), distinct
 * from the shop's, the page in <main>, and the same keyboard and focus behaviour as the storefront.
 */
export function AdminShell() {
  const mainRef = useFocusHeadingOnNavigation();
  useEndSessionOn401();

  return (
    <div className="app admin">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AdminHeader />
      <main id="main" ref={mainRef} tabIndex={-1} className="admin-main">
        <Outlet />
      </main>
      <ScrollRestoration getKey={(location) => location.pathname} />
    </div>
  );
}

function AdminHeader() {
  const session = useAdminSession();
  const user = session.data?.user ?? null;

  return (
    <header className="admin-header">
      <div className="admin-container admin-header__inner">
        <Link to="/admin" className="admin-brand" aria-label="Checkstand admin">
          <Logo size={32} />
          <span className="admin-brand__name">Checkstand</span>
          <span className="admin-brand__tag">Admin</span>
        </Link>
        {user && (
          <>
            <nav aria-label="Admin" className="admin-nav">
              <ul className="admin-nav__list" role="list">
                <li>
                  <NavLink to="/admin" end className="admin-nav__link">
                    Dashboard
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/admin/orders" className="admin-nav__link">
                    Orders
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/admin/products" className="admin-nav__link">
                    Products
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/admin/shipping" className="admin-nav__link">
                    Shipping
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/admin/promotion-codes" className="admin-nav__link">
                    Promotion codes
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/admin/stripe-events" className="admin-nav__link">
                    Stripe events
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/admin/watch" className="admin-nav__link">
                    Watch list
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/admin/settings" className="admin-nav__link">
                    Settings
                  </NavLink>
                </li>
              </ul>
            </nav>
            <div className="admin-user">
              <span className="admin-user__email" title={user.email}>
                <span className="visually-hidden">Signed in as </span>
                {user.email}
              </span>
              <LogoutButton />
            </div>
          </>
        )}
      </div>
    </header>
  );
}

function LogoutButton() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const mutation = useMutation({
    mutationFn: logout,
    onSuccess: () => setAdminSession(queryClient, { user: null, ended: 'logged_out' }),
    onError: (error) => {
      // No session on the server any more: that is logged out too.
      if (error instanceof ApiError && error.status === 401) {
        setAdminSession(queryClient, { user: null, ended: 'logged_out' });
      } else {
        announce('We couldn’t log you out. Check your connection and try again.', 'error');
      }
    },
  });

  return (
    <button
      type="button"
      className="admin-button admin-button--ghost"
      aria-disabled={mutation.isPending}
      onClick={() => {
        if (!mutation.isPending) mutation.mutate();
      }}
    >
      {mutation.isPending ? 'Logging out…' : 'Log out'}
    </button>
  );
}
