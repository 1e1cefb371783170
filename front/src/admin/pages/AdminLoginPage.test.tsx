import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aDashboard, fakeAdminApi } from '../../test/admin-builders';
import { instantResponse, renderApp } from '../../test/render-app';

const WRONG = { error: { code: 'invalid_credentials', message: 'The email or password is incorrect.' } };

async function fillLogin(user: ReturnType<typeof renderApp>['user'], email: string, password: string) {
  await user.type(await screen.findByLabelText('Email'), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Log in' }));
}

describe('the admin login', () => {
  it('sends a logged-out visitor of any admin page to the login page, and back there after logging in', async () => {
    let sent: unknown = null;
    let loggedIn = false;
    const view = renderApp({
      path: '/admin/orders?status=paid',
      fetch: fakeAdminApi(
        {
          'GET /api/admin/me': () =>
            loggedIn
              ? instantResponse({ user: { email: 'owner@example.com' } })
              : instantResponse({ error: { code: 'unauthorized', message: 'Log in first.' } }, 401),
          'POST /api/admin/login': (request) => {
            sent = request.body;
            loggedIn = true;
            return instantResponse({ user: { email: 'owner@example.com' } });
          },
          'GET /api/admin/orders': () => instantResponse({ orders: [], nextCursor: null }),
        },
        { loggedIn: false },
      ),
    });

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Log in to the admin panel' }),
    ).toBeInTheDocument();
    expect(view.router.state.location.pathname).toBe('/admin/login');
    expect(view.router.state.location.search).toBe(
      `?next=${encodeURIComponent('/admin/orders?status=paid')}`,
    );
    // Nobody is logged in: no navigation, no "Log out".
    expect(screen.queryByRole('button', { name: 'Log out' })).not.toBeInTheDocument();

    await fillLogin(view.user, 'owner@example.com', 'correct horse');
    expect(await screen.findByRole('heading', { level: 1, name: 'Orders' })).toBeInTheDocument();
    expect(sent).toEqual({ email: 'owner@example.com', password: 'correct horse' });
    expect(view.router.state.location.pathname).toBe('/admin/orders');
    expect(view.router.state.location.search).toBe('?status=paid');
    expect(screen.getByText('owner@example.com')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Log out' })).toBeInTheDocument();
  });

  it('says when the email or password is wrong, and stays on the page', async () => {
    const view = renderApp({
      path: '/admin/login',
      fetch: fakeAdminApi(
        { 'POST /api/admin/login': () => instantResponse(WRONG, 401) },
        { loggedIn: false },
      ),
    });
    await fillLogin(view.user, 'owner@example.com', 'nope');

    const alert = await screen.findByText('The email or password is incorrect.');
    expect(alert.closest('[role="alert"]')).not.toBeNull();
    // A wrong password is not an ended session: no redirect, the form is still there.
    expect(view.router.state.location.pathname).toBe('/admin/login');
    expect(screen.getByLabelText('Password')).toHaveValue('nope');
  });

  it('asks for both fields before sending anything', async () => {
    const view = renderApp({ path: '/admin/login', fetch: fakeAdminApi({}, { loggedIn: false }) });
    await view.user.click(await screen.findByRole('button', { name: 'Log in' }));
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter your email.');
    expect(screen.getByLabelText('Email')).toHaveFocus();
    expect(view.fetchMock.mock.calls.some(([url]) => typeof url === 'string' && url.includes('/login'))).toBe(
      false,
    );
  });

  it('after too many attempts, says how long to wait and holds the button until then', async () => {
    const view = renderApp({
      path: '/admin/login',
      fetch: fakeAdminApi(
        {
          'POST /api/admin/login': () =>
            instantResponse(
              {
                error: {
                  code: 'too_many_attempts',
                  message: 'Too many failed logins. Try again in 840 seconds.',
                  details: { retryAfterSeconds: 840 },
                },
              },
              429,
            ),
        },
        { loggedIn: false },
      ),
    });
    await fillLogin(view.user, 'owner@example.com', 'guess');

    const form = screen.getByRole('button', { name: 'Log in' }).closest('form')!;
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'Too many failed attempts. Logging in is paused for this account: try again in 14 minutes.',
    );
    expect(screen.getByTestId('login-wait')).toHaveTextContent('You can try again in 14:00.');
    expect(screen.getByRole('button', { name: 'Log in' })).toHaveAttribute('aria-disabled', 'true');

    // Clicking again while locked sends nothing.
    const calls = view.fetchMock.mock.calls.length;
    await view.user.click(screen.getByRole('button', { name: 'Log in' }));
    expect(view.fetchMock.mock.calls.length).toBe(calls);
  });

  it('opens the dashboard for someone already logged in', async () => {
    const view = renderApp({
      path: '/admin/login',
      fetch: fakeAdminApi({
        'GET /api/admin/dashboard': () => instantResponse(aDashboard()),
      }),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument();
    expect(view.router.state.location.pathname).toBe('/admin');
  });

  it('never sends the admin to another site after login', async () => {
    const view = renderApp({
      path: '/admin/login?next=//evil.example/admin',
      fetch: fakeAdminApi({
        'GET /api/admin/dashboard': () => instantResponse(aDashboard()),
      }),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument();
    expect(view.router.state.location.pathname).toBe('/admin');
  });
});
