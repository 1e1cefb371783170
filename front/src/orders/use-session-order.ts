import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/api-client';
import { hasReceivedMoney, type PublicOrder } from '@checkstand/contract';
import { fetchOrderBySession } from '../api/orders';
import { isCardDecline } from './order-status';

/** Polling backs off from 1 s, doubling, to a 5 s ceiling: quick when the webhook is quick, gentle after. */
export const FIRST_POLL_DELAY_MS = 1_000;
export const MAX_POLL_DELAY_MS = 5_000;
/** After this long without an answer the page says confirmation will follow (and keeps checking). */
export const SLOW_CONFIRMATION_MS = 120_000;
/** Past this the page stops asking on its own and offers a button instead. */
export const MAX_POLLING_MS = 10 * 60_000;

/** The wait before poll number `polls + 1` (0-based): 1 s, 2 s, 4 s, 5 s, 5 s… */
export function pollDelay(polls: number): number {
  return Math.min(MAX_POLL_DELAY_MS, FIRST_POLL_DELAY_MS * 2 ** polls);
}

/**
 * Whether an order seen on the success page can still change on its own. A card decline counts as not final
 * until the slow mark: Stripe only sends the customer to the success URL after a successful (or submitted)
 * payment, so a decline recorded earlier in the same session is usually about to be superseded by the payment.
 */
export function isSettledOnSuccessPage(order: PublicOrder, slow: boolean): boolean {
  // Money arrived (matching or under review): nothing more will change on its own soon.
  if (hasReceivedMoney(order.status)) return true;
  switch (order.status) {
    case 'pending':
    case 'processing':
      return false;
    case 'failed':
      return !isCardDecline(order) || slow;
    default:
      return true;
  }
}

export interface SessionOrderState {
  order: PublicOrder | null;
  /** The last request's error; cleared by the next success. */
  error: unknown;
  /** Pending for longer than `SLOW_CONFIRMATION_MS`. */
  slow: boolean;
  /** A request is scheduled or running. */
  polling: boolean;
}

const INITIAL: SessionOrderState = { order: null, error: null, slow: false, polling: true };

/** Errors that asking again will not fix: an unknown session, or a request the server refused. */
function isFinalError(error: unknown): boolean {
  return error instanceof ApiError && !error.retryable;
}

/**
 * The order of a Checkout Session, asked for until it settles. Each answer comes from the server, which reads
 * the session back from Stripe while the order waits, so this converges even when webhooks are late.
 */
export function useSessionOrder(sessionId: string | null): SessionOrderState & { checkAgain: () => void } {
  const [state, setState] = useState<SessionOrderState>(INITIAL);
  // Bumped by "Check again": restarts the loop (and its backoff and time limits).
  const [run, setRun] = useState(0);

  useEffect(() => {
    if (!sessionId) return;
    const controller = new AbortController();
    const startedAt = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let polls = 0;
    let lastOrder: PublicOrder | null = null;

    const poll = async () => {
      let order: PublicOrder | null = null;
      let error: unknown = null;
      try {
        order = await fetchOrderBySession(sessionId, controller.signal);
      } catch (caught) {
        error = caught;
      }
      if (controller.signal.aborted) return;
      lastOrder = order ?? lastOrder;
      const elapsed = Date.now() - startedAt;
      const slow = elapsed >= SLOW_CONFIRMATION_MS;
      const done =
        isFinalError(error) ||
        (lastOrder !== null && isSettledOnSuccessPage(lastOrder, slow)) ||
        elapsed >= MAX_POLLING_MS;
      setState({ order: lastOrder, error, slow, polling: !done });
      if (!done) {
        timer = setTimeout(() => void poll(), pollDelay(polls));
        polls += 1;
      }
    };

    // "About two minutes" on the clock, not at whichever poll comes after.
    const slowTimer = setTimeout(() => {
      // A decline still standing now is the answer: stop asking.
      const settled = lastOrder !== null && isSettledOnSuccessPage(lastOrder, true);
      if (settled) {
        controller.abort();
        clearTimeout(timer);
      }
      setState((current) => (current.polling ? { ...current, slow: true, polling: !settled } : current));
    }, SLOW_CONFIRMATION_MS);

    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
      clearTimeout(slowTimer);
    };
  }, [sessionId, run]);

  const checkAgain = useCallback(() => {
    setState((current) => ({ ...current, error: null, slow: false, polling: true }));
    setRun((n) => n + 1);
  }, []);

  return { ...state, checkAgain };
}
