import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { adminKeys, fetchMe, isSessionError, type AdminUser } from './admin-api';

export const LOGIN_PATH = '/admin/login';

/**
 * What the panel knows about its session (the cookie itself is httpOnly). `ended` says why there is no user
 * any more, so the login page can tell "your session ended" from "you logged out".
 */
export interface AdminSession {
  user: AdminUser | null;
  ended?: 'expired' | 'logged_out';
}

/** Where a page sends someone who is not logged in, to come back after logging in. */
export function loginPath(next: string | null): string {
  return next && next !== LOGIN_PATH && next !== '/admin'
    ? `${LOGIN_PATH}?next=${encodeURIComponent(next)}`
    : LOGIN_PATH;
}

/** The page to open after login: only a page of the panel (never another site: `?next=//evil.example`). */
export function safeNext(next: string | null): string {
  if (!next || next.startsWith(LOGIN_PATH)) return '/admin';
  return /^\/admin(?:[/?#]|$)/.test(next) ? next : '/admin';
}

/** Why the login page is shown, passed in the navigation's state. */
export interface LoginState {
  reason?: 'expired' | 'logged_out';
}

/** Who is logged in. Asked again when the tab regains focus, so a lapsed session shows up early. */
export function useAdminSession() {
  return useQuery({
    queryKey: adminKeys.me,
    queryFn: async ({ signal }): Promise<AdminSession> => ({ user: await fetchMe(signal) }),
    staleTime: 30_000,
  });
}

export function setAdminSession(queryClient: QueryClient, session: AdminSession): void {
  queryClient.setQueryData(adminKeys.me, session);
}

/** Forgets what the panel fetched (orders, dashboard), keeping only what it knows about the session. */
export function forgetAdminData(queryClient: QueryClient): void {
  queryClient.removeQueries({
    predicate: (query) => query.queryKey[0] === 'admin' && query.queryKey[1] !== 'me',
  });
}

function isAdminKey(key: readonly unknown[] | undefined): boolean {
  return key?.[0] === 'admin';
}

/**
 * Any admin call answered 401 (idle for 8 h, logged out in another tab, password changed) ends the session
 * here too; the guard around the pages then opens the login page, which comes back afterwards. Watches the
 * query and mutation caches, so every request made through TanStack Query under the `admin` key is covered.
 */
export function useEndSessionOn401(): void {
  const queryClient = useQueryClient();

  useEffect(() => {
    const end = () => {
      const current = queryClient.getQueryData<AdminSession>(adminKeys.me);
      if (current?.user) setAdminSession(queryClient, { user: null, ended: 'expired' });
    };
    const unsubscribeQueries = queryClient.getQueryCache().subscribe((event) => {
      if (
        event.type === 'updated' &&
        event.action.type === 'error' &&
        isAdminKey(event.query.queryKey as readonly unknown[]) &&
        isSessionError(event.action.error)
      ) {
        end();
      }
    });
    const unsubscribeMutations = queryClient.getMutationCache().subscribe((event) => {
      if (
        event.type === 'updated' &&
        event.action.type === 'error' &&
        isAdminKey(event.mutation.options.mutationKey) &&
        isSessionError(event.action.error)
      ) {
        end();
      }
    });
    return () => {
      unsubscribeQueries();
      unsubscribeMutations();
    };
  }, [queryClient]);
}
