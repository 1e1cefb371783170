import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, NETWORK_ERROR_MESSAGE } from '../api/api-client';
import type { PublicOrder } from '@checkstand/contract';
import { cancelOrder, orderQueryKey, retryCheckoutSession } from '../api/orders';
import { browserNavigation } from '../app/browser-navigation';
import { useAnnounce } from './Announcer';

interface OrderActionsProps {
  order: PublicOrder;
  /** This browser's access token for the order; without it only "Back to cart" is offered. */
  token: string | undefined;
  /** The order changed (cancelled): the page shows the new one. */
  onChanged: (order: PublicOrder) => void;
  /** The server says the order moved on (paid, processing…): the page should fetch it again. */
  onStale: () => void;
  showBackToCart?: boolean;
}

/**
 * "Try payment again" (a new Checkout Session for the same order, then Stripe's page), "Back to cart" and
 * "Cancel order". Which ones appear follows `order.actions`, so the page never re-implements the state machine.
 */
export function OrderActions({ order, token, onChanged, onStale, showBackToCart = true }: OrderActionsProps) {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const [busy, setBusy] = useState<'retry' | 'cancel' | 'redirecting' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);

  // Back from Stripe through the back button: the page may be restored with "Redirecting…" still showing.
  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent) => {
      if (!event.persisted) return;
      inFlight.current = false;
      setBusy(null);
    };
    window.addEventListener('pageshow', onPageShow);
    return () => window.removeEventListener('pageshow', onPageShow);
  }, []);

  const canRetry = Boolean(token) && order.actions.retry;
  const canCancel = Boolean(token) && order.actions.cancel;

  const run = async (action: 'retry' | 'cancel') => {
    if (inFlight.current || !token) return;
    inFlight.current = true;
    setBusy(action);
    setError(null);
    try {
      if (action === 'retry') {
        const { url } = await retryCheckoutSession(order.id, token);
        setBusy('redirecting');
        browserNavigation.assign(url);
        return;
      }
      const cancelled = await cancelOrder(order.id, token);
      queryClient.setQueryData(orderQueryKey(order.id), cancelled);
      inFlight.current = false;
      setBusy(null);
      announce('Your order is cancelled. Nothing was charged.');
      onChanged(cancelled);
      // The "Cancel order" button is gone with the change: start keyboard users again at the page's heading.
      setTimeout(focusPageHeading, 0);
    } catch (caught) {
      inFlight.current = false;
      setBusy(null);
      const { message, stale } = actionError(caught, action);
      setError(message);
      if (stale) onStale();
    }
  };

  if (!canRetry && !canCancel && !showBackToCart) return null;

  return (
    <div className="order-actions">
      <div className="order-actions__buttons">
        {canRetry && (
          <button
            type="button"
            className="button button--large"
            aria-disabled={busy !== null}
            onClick={() => void run('retry')}
          >
            {busy === 'retry' || busy === 'redirecting' ? (
              <>
                <span className="spinner" aria-hidden="true" />
                {busy === 'retry' ? 'Opening the payment page…' : 'Redirecting to payment…'}
              </>
            ) : (
              'Try payment again'
            )}
          </button>
        )}
        {showBackToCart && (
          <Link to="/cart" className="button button--secondary button--large">
            Back to cart
          </Link>
        )}
        {canCancel && (
          <button
            type="button"
            className="link-button order-actions__cancel"
            aria-disabled={busy !== null}
            onClick={() => void run('cancel')}
          >
            {busy === 'cancel' ? 'Cancelling…' : 'Cancel order'}
          </button>
        )}
      </div>
      <div role="alert" className="order-actions__error">
        {error && <p className="form-error">{error}</p>}
      </div>
    </div>
  );
}

function actionError(error: unknown, action: 'retry' | 'cancel'): { message: string; stale: boolean } {
  if (!(error instanceof ApiError)) {
    return { message: 'Something went wrong on our side. Please try again.', stale: false };
  }
  switch (error.code) {
    case 'order_already_paid':
      return { message: 'This order has just been paid, so there is nothing more to pay.', stale: true };
    case 'payment_under_review':
      return {
        message: 'A payment for this order is under review; the shop will contact you about it.',
        stale: true,
      };
    case 'payment_processing':
      return {
        message: 'A payment for this order is being processed. Please wait for its result.',
        stale: true,
      };
    case 'order_not_retryable':
      return {
        message: 'This order can’t be paid again. Your cart is kept, so you can check out from it.',
        stale: true,
      };
    case 'order_not_cancellable':
      return { message: 'This order can no longer be cancelled.', stale: true };
    case 'retry_in_progress':
      return {
        message: 'Another payment attempt was just started for this order. Please try again in a moment.',
        stale: true,
      };
    case 'payment_provider_unavailable':
      return {
        message:
          action === 'retry'
            ? 'The payment service isn’t responding right now, so nothing was charged. Please try again in a moment.'
            : 'The payment service isn’t responding right now, so the order couldn’t be cancelled yet. Please try again in a moment.',
        stale: false,
      };
    case 'order_not_found':
      return { message: 'We couldn’t open this order from this browser.', stale: false };
    case 'network_error':
      return { message: NETWORK_ERROR_MESSAGE, stale: false };
  }
  return { message: error.message, stale: false };
}

function focusPageHeading(): void {
  const heading = document.querySelector<HTMLElement>('main h1');
  if (!heading) return;
  if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
  heading.focus();
}
