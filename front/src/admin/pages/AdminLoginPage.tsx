import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../api/api-client';
import { LockIcon } from '../../components/Icons';
import { login, type AdminUser } from '../admin-api';
import {
  forgetAdminData,
  safeNext,
  setAdminSession,
  useAdminSession,
  type LoginState,
} from '../admin-session';

/** "45 seconds", "1 minute", "15 minutes": how long a rate-limited login has to wait, rounded up. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** "4:05": the countdown under the button. */
function formatCountdown(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function retryAfterSeconds(error: ApiError): number {
  const wait = error.details?.retryAfterSeconds;
  return typeof wait === 'number' && Number.isFinite(wait) && wait > 0 ? Math.ceil(wait) : 60;
}

function loginErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong on our side. Please try again.';
  switch (error.code) {
    case 'invalid_credentials':
      return 'The email or password is incorrect.';
    case 'invalid_credentials_format':
      return 'Enter the email and password of your admin account.';
    case 'too_many_attempts':
      return `Too many failed attempts. Logging in is paused for this account: try again in ${formatWait(retryAfterSeconds(error))}.`;
    case 'network_error':
      return NETWORK_ERROR_MESSAGE;
  }
  return error.message;
}

interface FieldErrors {
  email?: string;
  password?: string;
}

/** `/admin/login`: the one admin page open to everyone. Comes back to `?next=` afterwards. */
export function AdminLoginPage() {
  const queryClient = useQueryClient();
  const session = useAdminSession();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const reason = (useLocation().state as LoginState | null)?.reason;

  // Whatever an earlier session fetched is not shown to the next one; why it ended has been said (the
  // navigation's state carries it), so the next admin page opened sends its own address here again.
  const ended = session.data?.ended;
  useEffect(() => {
    forgetAdminData(queryClient);
    if (ended) setAdminSession(queryClient, { user: null });
  }, [queryClient, ended]);

  if (session.data?.user) return <Navigate to={next} replace />;

  return (
    <div className="admin-login">
      <title>Log in · Checkstand admin</title>
      <div className="admin-login__card">
        <span className="admin-login__icon">
          <LockIcon size={26} />
        </span>
        <h1 className="admin-login__title" tabIndex={-1}>
          Log in to the admin panel
        </h1>
        {reason === 'expired' && (
          <p className="admin-notice admin-notice--info" role="status">
            Your session has ended. Log in again to continue where you were.
          </p>
        )}
        {reason === 'logged_out' && (
          <p className="admin-notice admin-notice--info" role="status">
            You are logged out.
          </p>
        )}
        <LoginForm onLoggedIn={(user) => setAdminSession(queryClient, { user })} />
      </div>
    </div>
  );
}

function LoginForm({ onLoggedIn }: { onLoggedIn: (user: AdminUser) => void }) {
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [lock, setLock] = useState<{ until: number; now: number } | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const mutation = useMutation({
    mutationFn: login,
    onSuccess: onLoggedIn,
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'too_many_attempts') {
        const now = Date.now();
        setLock({ until: now + retryAfterSeconds(error) * 1000, now });
      }
    },
  });

  // Ticks the countdown; once the wait is over the form works again and the message about it goes.
  const until = lock?.until ?? null;
  const { reset } = mutation;
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => {
      const now = Date.now();
      if (now >= until) {
        setLock(null);
        reset();
      } else {
        setLock({ until, now });
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [until, reset]);
  const secondsLeft = lock ? Math.max(0, Math.ceil((lock.until - lock.now) / 1000)) : 0;
  const locked = lock !== null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mutation.isPending || locked) return;
    const errors: FieldErrors = {};
    if (!email.trim()) errors.email = 'Enter your email.';
    if (!password) errors.password = 'Enter your password.';
    setFieldErrors(errors);
    if (errors.email) return emailRef.current?.focus();
    if (errors.password) return passwordRef.current?.focus();
    mutation.mutate({ email: email.trim(), password });
  };

  const busy = mutation.isPending;
  return (
    <form className="admin-form" noValidate onSubmit={submit}>
      <div className="admin-field">
        <label htmlFor={`${id}-email`} className="admin-field__label">
          Email
        </label>
        <input
          ref={emailRef}
          id={`${id}-email`}
          className="admin-input"
          type="email"
          name="email"
          autoComplete="username"
          spellCheck={false}
          value={email}
          aria-invalid={fieldErrors.email ? true : undefined}
          aria-describedby={fieldErrors.email ? `${id}-email-error` : undefined}
          onChange={(event) => setEmail(event.target.value)}
        />
        {fieldErrors.email && (
          <p id={`${id}-email-error`} className="admin-field__error">
            {fieldErrors.email}
          </p>
        )}
      </div>
      <div className="admin-field">
        <label htmlFor={`${id}-password`} className="admin-field__label">
          Password
        </label>
        <input
          ref={passwordRef}
          id={`${id}-password`}
          className="admin-input"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          aria-invalid={fieldErrors.password ? true : undefined}
          aria-describedby={fieldErrors.password ? `${id}-password-error` : undefined}
          onChange={(event) => setPassword(event.target.value)}
        />
        {fieldErrors.password && (
          <p id={`${id}-password-error`} className="admin-field__error">
            {fieldErrors.password}
          </p>
        )}
      </div>
      <div role="alert" className="admin-form__alert">
        {mutation.isError && <p className="form-error">{loginErrorMessage(mutation.error)}</p>}
      </div>
      <button
        type="submit"
        className="admin-button admin-button--primary admin-button--block"
        aria-disabled={busy || locked}
      >
        {busy && <span className="spinner" aria-hidden="true" />}
        Log in
      </button>
      {locked && (
        <p className="admin-login__wait" data-testid="login-wait">
          You can try again in <time>{formatCountdown(secondsLeft)}</time>.
        </p>
      )}
    </form>
  );
}
