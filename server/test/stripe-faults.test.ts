import type { FaultKind, FaultSpec } from '@checkstand/stripe-emulator';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { ADMIN_ENV, AdminClient } from './support/admin.js';
import { eventually } from './support/net.js';
import { type HttpResult, PRODUCTS, type Stack, orderReaches, stacksForEachTest } from './support/stack.js';

/**
 * Faults on demand (issue #19): the emulator makes the store's next Stripe calls fail as Stripe or the network
 * can (429 rate limited, 500, a timeout, a response lost after Stripe committed). Creating a checkout, retrying
 * after a declined payment and an admin refund each either succeed or answer a clear 502 that loses nothing;
 * once Stripe answers again, exactly one session exists per attempt and one refund per request, and the order's
 * state and history say what happened.
 */

// A short timeout, so that a held call fails in a second (the SDK then retries it with the same key).
const stack = stacksForEachTest({ env: { ...ADMIN_ENV, STRIPE_TIMEOUT_MS: '1000' } });

const PRODUCT = PRODUCTS[0]!;
const TOTAL = PRODUCT.unitAmount;
const DECLINED = '4000000000000002';
/** The store's SDK tries each call 3 times (`maxNetworkRetries: 2`). */
const STORE_TRIES = 3;

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

async function inject(s: Stack, spec: FaultSpec): Promise<void> {
  const res = await fetch(`${s.emulator.url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  expect(res.status).toBe(200);
}

async function pendingFaults(s: Stack): Promise<unknown[]> {
  const res = await fetch(`${s.emulator.url}/_emulator/faults`);
  return ((await res.json()) as { data: unknown[] }).data;
}

/**
 * Calls `attempt` until it succeeds (at most 6 times), as a customer or the owner pressing the button again;
 * every failure must be the store's clear "Stripe is unavailable" answer. Returns the success and the failures.
 */
async function untilSuccess<T>(
  attempt: () => Promise<HttpResult<T & ErrorBody>>,
): Promise<{ result: HttpResult<T & ErrorBody>; failures: number }> {
  for (let failures = 0; failures < 6; failures++) {
    const result = await attempt();
    if (result.status < 300) return { result, failures };
    expect(result.status).toBe(502);
    expect(result.body.error.code).toBe('payment_provider_unavailable');
  }
  throw new Error('the call never succeeded');
}

/** The Checkout Sessions the emulator holds for an order (every one it ever created). */
async function sessionsAtStripe(s: Stack, orderId: string): Promise<Stripe.Checkout.Session[]> {
  const all = await s.stripe.checkout.sessions.list({ limit: 100 });
  return all.data.filter((session) => session.client_reference_id === orderId);
}

/** How the SDK's retries absorb each fault when it hits one call, and when it outlasts them. */
const CASES: { kind: FaultKind; count: number; failuresSeen: number }[] = [
  // stripe-node does not retry a rate limit: each one reaches the store, which answers 502.
  { kind: 'rate_limit', count: 1, failuresSeen: 1 },
  { kind: 'rate_limit', count: 3, failuresSeen: 3 },
  // A 500, a timeout and a lost response are retried with the same idempotency key.
  { kind: 'server_error', count: 1, failuresSeen: 0 },
  { kind: 'server_error', count: STORE_TRIES, failuresSeen: 1 },
  { kind: 'timeout', count: 1, failuresSeen: 0 },
  { kind: 'timeout', count: STORE_TRIES, failuresSeen: 1 },
  { kind: 'lost_response', count: 1, failuresSeen: 0 },
  { kind: 'lost_response', count: STORE_TRIES, failuresSeen: 1 },
];

describe('the store under Stripe faults', () => {
  it.each(CASES)(
    '$kind ×$count: checkout, retry after a decline and a refund lose and duplicate nothing',
    async ({ kind, count, failuresSeen }) => {
      const s = await stack('pglite');
      const admin = new AdminClient(s.store.baseUrl);
      expect((await admin.login()).status).toBe(200);

      // 1. Create the checkout while session creation fails.
      await inject(s, { kind, count, match: { method: 'POST', path: '/v1/checkout/sessions' } });
      let orderId = '';
      let orderToken = '';
      const created = await untilSuccess<{ orderId?: string; orderToken?: string; sessionId: string }>(
        async () => {
          if (!orderId) {
            const res = await s.api.checkout({ items: [{ id: PRODUCT.id, quantity: 1 }] });
            if (res.status === 502) {
              // The order is kept and handed to the browser with the error, to retry it.
              ({ orderId, orderToken } = res.body.error.details as { orderId: string; orderToken: string });
            }
            return res;
          }
          return s.api.retry(orderId, orderToken);
        },
      );
      expect(created.failures).toBe(failuresSeen);
      orderId ||= created.result.body.orderId ?? '';
      orderToken ||= created.result.body.orderToken ?? '';
      const firstSession = created.result.body.sessionId;
      expect(await pendingFaults(s)).toEqual([]);
      expect((await sessionsAtStripe(s, orderId)).map((session) => session.id)).toEqual([firstSession]);
      expect(await s.sql.order(orderId)).toMatchObject({
        status: 'pending',
        current_attempt_no: 1,
        current_session_id: firstSession,
      });
      expect(await s.sql.attempts(orderId)).toEqual([
        expect.objectContaining({ attempt_no: 1, session_id: firstSession, status: 'open' }),
      ]);
      const failedRows = (await s.sql.history(orderId)).filter((e) => e.kind === 'checkout_session_failed');
      expect(failedRows).toHaveLength(failuresSeen);
      expect(failedRows.every((e) => e.outcome === 'failed' && e.detail.attemptNo === 1)).toBe(true);

      // 2. The card is declined; the customer retries while session creation fails again.
      expect((await s.control.pay(firstSession, DECLINED)).outcome).toBe('declined');
      await orderReaches(s, orderId, 'failed');
      await inject(s, { kind, count, match: { method: 'POST', path: '/v1/checkout/sessions' } });
      const retried = await untilSuccess<{ sessionId: string }>(() => s.api.retry(orderId, orderToken));
      expect(retried.failures).toBe(failuresSeen);
      const secondSession = retried.result.body.sessionId;
      expect(secondSession).not.toBe(firstSession);
      const atStripe = await sessionsAtStripe(s, orderId);
      expect(atStripe.map((session) => session.id).sort()).toEqual([firstSession, secondSession].sort());
      expect(atStripe.find((session) => session.id === firstSession)?.status).toBe('expired');
      expect(await s.sql.attempts(orderId)).toEqual([
        expect.objectContaining({ attempt_no: 1, session_id: firstSession }),
        expect.objectContaining({ attempt_no: 2, session_id: secondSession, status: 'open' }),
      ]);
      expect(await s.sql.order(orderId)).toMatchObject({
        status: 'pending',
        current_attempt_no: 2,
        current_session_id: secondSession,
      });
      expect((await s.control.pay(secondSession)).outcome).toBe('succeeded');
      const paid = await orderReaches(s, orderId, 'paid');
      expect(paid.amount_received).toBe(TOTAL);

      // 3. The owner refunds part of it while refund creation fails; asking again reuses the same key.
      await inject(s, { kind, count, match: { method: 'POST', path: '/v1/refunds' } });
      const refunded = await untilSuccess<{ refund: { id: string; amount: number } }>(
        () =>
          admin.call('POST', `/api/admin/orders/${orderId}/refund`, {
            amount: 500,
            idempotencyKey: 'partial-1',
          }) as Promise<HttpResult<{ refund: { id: string; amount: number } } & ErrorBody>>,
      );
      expect(refunded.failures).toBe(failuresSeen);
      expect(refunded.result.status).toBe(201);
      const refundsAtStripe = await s.stripe.refunds.list({ payment_intent: paid.payment_intent_id! });
      expect(refundsAtStripe.data.map((r) => [r.id, r.amount])).toEqual([
        [refunded.result.body.refund.id, 500],
      ]);
      const settled = await orderReaches(s, orderId, 'partially_refunded');
      expect(settled.amount_refunded).toBe(500);
      // Every webhook about it has arrived by now, and none counted the refund twice.
      await eventually(
        async () => {
          const [events, deliveries] = await Promise.all([s.control.allEvents(), s.control.deliveries()]);
          const delivered = new Set(deliveries.filter((d) => d.ok).map((d) => d.eventId));
          return events.every((event) => delivered.has(event.id)) ? true : undefined;
        },
        { what: 'every webhook delivered' },
      );
      expect(await s.sql.order(orderId)).toMatchObject({
        status: 'partially_refunded',
        amount_refunded: 500,
      });
      expect(await s.sql.count('refunds')).toBe(1);
      const history = await s.sql.history(orderId);
      expect(history.filter((e) => e.to_status === 'paid')).toHaveLength(1);
      expect(history.filter((e) => e.to_status === 'partially_refunded')).toHaveLength(1);
      expect(history.some((e) => e.kind === 'checkout_session_unwanted')).toBe(false);
    },
  );
});

describe('the store when expiring the superseded session fails', () => {
  it.each([
    { kind: 'rate_limit' as const, count: 1 },
    { kind: 'server_error' as const, count: STORE_TRIES },
    { kind: 'timeout' as const, count: STORE_TRIES },
    { kind: 'lost_response' as const, count: STORE_TRIES },
  ])(
    '$kind ×$count on the old session: the retry answers 502, then makes one new session',
    async ({ kind, count }) => {
      const s = await stack('pglite');
      const {
        orderId,
        orderToken,
        sessionId: firstSession,
      } = await s.api.order([{ id: PRODUCT.id, quantity: 1 }]);
      expect((await s.control.pay(firstSession, DECLINED)).outcome).toBe('declined');
      await orderReaches(s, orderId, 'failed');

      // The retry first expires the open session (POST …/expire, then GET it): that is what fails now.
      await inject(s, { kind, count, match: { path: '/v1/checkout/sessions/*' } });
      const retried = await untilSuccess<{ sessionId: string }>(() => s.api.retry(orderId, orderToken));
      expect(retried.failures).toBe(1);
      expect(await pendingFaults(s)).toEqual([]);
      const secondSession = retried.result.body.sessionId;
      const atStripe = await sessionsAtStripe(s, orderId);
      expect(atStripe.map((session) => [session.id, session.status]).sort()).toEqual(
        [
          [firstSession, 'expired'],
          [secondSession, 'open'],
        ].sort(),
      );
      expect(await s.sql.attempts(orderId)).toEqual([
        expect.objectContaining({ attempt_no: 1, session_id: firstSession }),
        expect.objectContaining({ attempt_no: 2, session_id: secondSession, status: 'open' }),
      ]);
      expect((await s.control.pay(secondSession)).outcome).toBe('succeeded');
      expect((await orderReaches(s, orderId, 'paid')).current_session_id).toBe(secondSession);
    },
  );
});

describe('a full refund whose every answer is lost', () => {
  it('exists once at Stripe and in the store; asking again cannot refund twice', async () => {
    const s = await stack('pglite');
    const admin = new AdminClient(s.store.baseUrl);
    expect((await admin.login()).status).toBe(200);
    const { orderId, sessionId } = await s.api.order([{ id: PRODUCT.id, quantity: 1 }]);
    expect((await s.control.pay(sessionId)).outcome).toBe('succeeded');
    const paid = await orderReaches(s, orderId, 'paid');

    await inject(s, { kind: 'lost_response', count: STORE_TRIES, match: { path: '/v1/refunds' } });
    const body = { amount: TOTAL, idempotencyKey: 'refund-all-1' };
    const first = await admin.call('POST', `/api/admin/orders/${orderId}/refund`, body);
    expect(first.status).toBe(502);
    // Stripe may have acted: the owner is not told that nothing happened, but where the outcome will show.
    const unavailable = (first.body as ErrorBody).error;
    expect(unavailable.code).toBe('payment_provider_unavailable');
    expect(unavailable.message).not.toMatch(/nothing was charged/i);
    expect(unavailable.message).toMatch(/order shows it/);
    // Stripe made it: its webhooks tell the store, which records it.
    const refunded = await orderReaches(s, orderId, 'refunded');
    expect(refunded.amount_refunded).toBe(TOTAL);

    // The owner presses again (same key): nothing is left to refund, so the store refuses before calling Stripe.
    const second = await admin.call('POST', `/api/admin/orders/${orderId}/refund`, body);
    expect(second.status).toBe(400);
    expect((second.body as ErrorBody).error).toMatchObject({
      code: 'refund_exceeds_remaining',
      details: { remaining: 0 },
    });
    const atStripe = await s.stripe.refunds.list({ payment_intent: paid.payment_intent_id! });
    expect(atStripe.data.map((r) => r.amount)).toEqual([TOTAL]);
    expect(await s.sql.count('refunds')).toBe(1);
    expect(await s.sql.order(orderId)).toMatchObject({ status: 'refunded', amount_refunded: TOTAL });
  });
});
