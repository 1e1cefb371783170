import { describe, expect, it } from 'vitest';
import { MAX_SESSION_SYNCS_IN_FLIGHT } from '../src/modules/payments/customer/session-sync.service.js';
import { ENGINES } from './support/databases.js';
import { eventually, startRelay } from './support/net.js';
import {
  PRODUCTS,
  type Stack,
  type StripeEventLike,
  orderReaches,
  signedHeaders,
  stacksForEachTest,
} from './support/stack.js';

const stack = stacksForEachTest();

const statusAtStripe = async (s: Stack, sessionId: string) =>
  (await s.stripe.checkout.sessions.retrieve(sessionId)).status;

describe.each(ENGINES)('checkout lifecycle through Stripe on %s', (engine) => {
  it('card success: the webhook marks the order paid with the payment details', async () => {
    const s = await stack(engine);
    const { orderId, orderToken, sessionId } = await s.api.order(
      [{ id: PRODUCTS[4]!.id, quantity: 3 }],
      'grace@example.com',
    );
    await s.control.pay(sessionId);
    const order = await orderReaches(s, orderId, 'paid');
    expect(order).toMatchObject({
      amount_received: PRODUCTS[4]!.unitAmount * 3,
      payment_intent_id: expect.stringMatching(/^pi_/),
    });

    const view = (await s.api.get(orderId, orderToken)).body.order;
    expect(view).toMatchObject({
      status: 'paid',
      total: PRODUCTS[4]!.unitAmount * 3,
      sessionCount: 1,
      payment: {
        amountReceived: PRODUCTS[4]!.unitAmount * 3,
        currency: 'usd',
        paymentIntentId: order.payment_intent_id,
      },
      actions: { retry: false, cancel: false },
    });
    expect(JSON.stringify(view)).not.toContain('grace@example.com');
    const history = await s.sql.history(orderId);
    expect(history.map((e) => [e.source, e.kind, e.to_status])).toEqual([
      ['customer', 'order_created', 'pending'],
      ['customer', 'checkout_session_created', null],
      ['webhook', 'checkout.session.completed', 'paid'],
    ]);
    expect((await s.sql.attempts(orderId))[0]).toMatchObject({ status: 'complete', payment_status: 'paid' });
  });

  it('decline, then retry with a new session, then success: two attempts, the first one expired', async () => {
    const s = await stack(engine);
    const { orderId, orderToken, sessionId } = await s.api.order();
    expect((await s.control.pay(sessionId, '4000000000000002')).outcome).toBe('declined');
    const failed = await orderReaches(s, orderId, 'failed');
    expect(failed.status_reason).toBe('generic_decline');
    expect((await s.api.get(orderId, orderToken)).body.order.actions).toEqual({ retry: true, cancel: true });

    const retried = await s.api.retry(orderId, orderToken);
    expect(retried.status).toBe(201);
    expect(retried.body.sessionId).not.toBe(sessionId);
    expect(await statusAtStripe(s, sessionId)).toBe('expired');
    expect(await s.sql.order(orderId)).toMatchObject({
      status: 'pending',
      current_attempt_no: 2,
      current_session_id: retried.body.sessionId,
    });

    await s.control.pay(retried.body.sessionId);
    await orderReaches(s, orderId, 'paid');
    expect((await s.sql.attempts(orderId)).map((a) => [a.attempt_no, a.status])).toEqual([
      [1, 'expired'],
      [2, 'complete'],
    ]);
    expect((await s.api.get(orderId, orderToken)).body.order.sessionCount).toBe(2);
    // The expiry of the superseded session arrives too, and changes nothing.
    await eventually(async () => {
      const expired = (await s.sql.history(orderId)).find((e) => e.kind === 'checkout.session.expired');
      return expired;
    });
    const history = await s.sql.history(orderId);
    const expired = history.find((e) => e.kind === 'checkout.session.expired');
    // Before the new attempt's reservation it moves the (then current) failed order to expired, which the
    // retry takes back to pending; after it, it is about a superseded attempt and changes nothing. When the watch
    // list read the expired session first, that read moved the order to expired and the webhook found it there.
    if (expired!.outcome === 'applied') {
      expect(expired).toMatchObject({ from_status: 'failed', to_status: 'expired' });
    } else if ((expired!.detail as { note?: string }).note === 'not_allowed_from_expired') {
      expect(history).toContainEqual(
        expect.objectContaining({ from_status: 'failed', to_status: 'expired', outcome: 'applied' }),
      );
    } else {
      expect(expired).toMatchObject({
        outcome: 'ignored',
        detail: expect.objectContaining({ note: 'superseded_attempt' }),
      });
    }
    expect((await s.sql.order(orderId)).status).toBe('paid');
  });

  it('delayed payment: processing, then paid when the bank confirms; or failed, then payable again', async () => {
    const s = await stack(engine);
    const good = await s.api.order();
    const bad = await s.api.order();
    expect((await s.control.payLater(good.sessionId, 'succeed_later')).outcome).toBe('processing');
    expect((await s.control.payLater(bad.sessionId, 'fail_later')).outcome).toBe('processing');
    await orderReaches(s, good.orderId, 'processing');
    await orderReaches(s, bad.orderId, 'processing');
    expect((await s.api.retry(good.orderId, good.orderToken)).body.error.code).toBe('payment_processing');
    expect((await s.api.cancel(good.orderId, good.orderToken)).status).toBe(409);

    await s.control.advanceClock(181);
    await orderReaches(s, good.orderId, 'paid');
    const failed = await orderReaches(s, bad.orderId, 'failed');
    // The bank's reason when Stripe gives one (payment_intent.payment_failed), else the async failure.
    expect(failed.status_reason).toMatch(/^(insufficient_funds|async_payment_failed)$/);
    const retried = await s.api.retry(bad.orderId, bad.orderToken);
    expect(retried.status).toBe(201);
    await s.control.pay(retried.body.sessionId);
    await orderReaches(s, bad.orderId, 'paid');
  });

  it('expiry: the session expires, the order says so, and a retry opens a new session', async () => {
    const s = await stack(engine);
    const { orderId, orderToken, sessionId } = await s.api.order();
    await s.control.advanceClock(61 * 60);
    const expired = await orderReaches(s, orderId, 'expired');
    expect(expired.status_reason).toBe('session_expired');
    expect((await s.api.bySession(sessionId)).body.order.status).toBe('expired');

    const retried = await s.api.retry(orderId, orderToken);
    expect(retried.status).toBe(201);
    expect(await s.sql.order(orderId)).toMatchObject({ status: 'pending', current_attempt_no: 2 });
    await s.control.pay(retried.body.sessionId);
    await orderReaches(s, orderId, 'paid');
  });

  it('cancel: the open session is expired and the order cancelled; a paid order cannot be cancelled or retried', async () => {
    const s = await stack(engine);
    const { orderId, orderToken, sessionId } = await s.api.order();
    const cancelled = await s.api.cancel(orderId, orderToken);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.order).toMatchObject({ status: 'cancelled', statusReason: 'customer_cancelled' });
    expect(await statusAtStripe(s, sessionId)).toBe('expired');
    // Cancelling twice is harmless.
    expect((await s.api.cancel(orderId, orderToken)).body.order.status).toBe('cancelled');
    // The customer changes their mind.
    const again = await s.api.retry(orderId, orderToken);
    expect(again.status).toBe(201);
    await s.control.pay(again.body.sessionId);
    await orderReaches(s, orderId, 'paid');

    const retryPaid = await s.api.retry(orderId, orderToken);
    expect(retryPaid.status).toBe(409);
    expect(retryPaid.body.error.code).toBe('order_already_paid');
    const cancelPaid = await s.api.cancel(orderId, orderToken);
    expect(cancelPaid.status).toBe(409);
    expect(cancelPaid.body.error.code).toBe('order_already_paid');
    expect((await s.sql.order(orderId)).status).toBe('paid');
  });

  it('a payment made just before a retry wins: the retry answers 409 and opens nothing', async () => {
    const s = await stack(engine);
    const { orderId, orderToken, sessionId } = await s.api.order();
    await s.control.chaos({ paused: true }); // the webhook has not arrived when the customer clicks retry
    await s.control.pay(sessionId);
    const retried = await s.api.retry(orderId, orderToken);
    expect(retried.status).toBe(409);
    expect(retried.body.error.code).toBe('order_already_paid');
    expect(await s.sql.order(orderId)).toMatchObject({ status: 'paid', current_attempt_no: 1 });
    await s.control.chaos({ paused: false });
  });
});

describe('retry racing a payment of the old session', () => {
  it('never leaves two payments unflagged, whoever wins each race', async () => {
    const s = await stack(ENGINES.at(-1));
    const results: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const { orderId, orderToken, sessionId } = await s.api.order();
      // Stagger the payment so that both sides win some races.
      const delay = new Promise((r) => setTimeout(r, (i % 4) * 12));
      const [paid, retried] = await Promise.all([
        delay
          .then(() => s.control.pay(sessionId))
          .then(
            (r) => r.outcome,
            () => 'refused',
          ),
        s.api.retry(orderId, orderToken),
      ]);
      if (retried.status === 201) {
        // The retry won: the old session was expired before the customer could pay it.
        expect(paid).toBe('refused');
        expect(await statusAtStripe(s, sessionId)).toBe('expired');
        await s.control.pay(retried.body.sessionId);
        results.push('retry');
      } else {
        // The payment won: the retry saw it and opened nothing.
        expect(paid).toBe('succeeded');
        expect(retried.body.error.code).toBe('order_already_paid');
        results.push('payment');
      }
      const order = await orderReaches(s, orderId, 'paid');
      const sessions = await s.sql.attempts(orderId);
      const paidSessions = sessions.filter((a) => a.payment_status === 'paid');
      expect(paidSessions.length === 1 || order.flags.includes('duplicate_payment')).toBe(true);
    }
    expect(results).toHaveLength(8);
    console.info(
      `retry/payment races won: ${results.filter((r) => r === 'retry').length} by the retry, ${results.filter((r) => r === 'payment').length} by the payment`,
    );
  });

  it('flags a payment of a superseded session on an order already paid', async () => {
    const s = await stack();
    const { orderId, orderToken, sessionId } = await s.api.order();
    await s.control.chaos({ dropSessions: [sessionId] });
    await s.control.pay(sessionId, '4000000000000002');
    const retried = await s.api.retry(orderId, orderToken);
    await s.control.pay(retried.body.sessionId);
    await orderReaches(s, orderId, 'paid');

    // Stripe reports that the first session was paid too (another card, another intent).
    const template = (await s.control.events(retried.body.sessionId)).find(
      (e) => e.type === 'checkout.session.completed',
    )!;
    const ghost: StripeEventLike = structuredClone(template);
    ghost.id = 'evt_ghostpayment1';
    Object.assign(ghost.data.object, {
      id: sessionId,
      payment_intent: 'pi_ghost',
      metadata: { order_id: orderId, attempt_no: '1' },
    });
    const payload = JSON.stringify(ghost);
    expect((await s.api.webhook(payload, signedHeaders(s, payload))).status).toBe(200);
    const order = await s.sql.order(orderId);
    expect(order.flags).toContain('duplicate_payment');
    expect(order.status).toBe('paid');
    expect(order.payment_intent_id).not.toBe('pi_ghost');
  });
});

describe('customer access', () => {
  it('needs the order token: a wrong or missing one looks like an unknown order', async () => {
    const s = await stack();
    const { orderId, orderToken, sessionId } = await s.api.order();
    expect((await s.api.get(orderId, orderToken)).status).toBe(200);
    for (const token of [undefined, '', 'otk_wrong', orderToken.slice(0, -1), `${orderToken}x`]) {
      const res = await s.api.get(orderId, token);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('order_not_found');
      expect((await s.api.retry(orderId, token ?? '')).status).toBe(404);
      expect((await s.api.cancel(orderId, token ?? '')).status).toBe(404);
    }
    expect((await s.api.get('ord_01AAAAAAAAAAAAAAAAAAAAAAAA', orderToken)).body.error.code).toBe(
      'order_not_found',
    );
    expect((await s.api.get('../../etc/passwd', orderToken)).status).toBe(404);
    expect((await s.api.bySession('cs_test_unknown')).status).toBe(404);
    expect((await s.api.bySession('not a session')).status).toBe(404);
    expect((await s.sql.order(orderId)).status).toBe('pending');
    expect((await s.api.bySession(sessionId)).body.order.id).toBe(orderId);
  });
});

describe('success page sync', () => {
  it('reaches paid from the session itself when the webhook is held back, and the late webhook changes nothing', async () => {
    const s = await stack();
    const { orderId, sessionId } = await s.api.order();
    await s.control.chaos({ paused: true });
    await s.control.pay(sessionId);
    const view = (await s.api.bySession(sessionId)).body.order;
    expect(view.status).toBe('paid');
    expect(view.payment?.amountReceived).toBe(view.total);

    await s.control.chaos({ paused: false });
    await eventually(async () =>
      (await s.sql.history(orderId)).find((e) => e.kind === 'checkout.session.completed'),
    );
    const history = await s.sql.history(orderId);
    expect(history.filter((e) => e.to_status === 'paid')).toEqual([
      expect.objectContaining({ source: 'customer', kind: 'session_synced' }),
    ]);
    expect(history.find((e) => e.kind === 'checkout.session.completed')).toMatchObject({
      outcome: 'ignored',
    });
  });
});

describe('success pages polled by a crowd', () => {
  const sessionReads = (method: string, path: string) =>
    method === 'GET' && path.startsWith('/v1/checkout/sessions/');

  it('read a pending session from Stripe once per interval, however many polls come', async () => {
    const relay = await startRelay(sessionReads);
    try {
      const s = await stack('pglite', { STRIPE_API_BASE: relay.url });
      relay.state.target = s.emulator.url;
      const { sessionId } = await s.api.order();
      const crowd = await Promise.all(Array.from({ length: 30 }, () => s.api.bySession(sessionId)));
      for (let i = 0; i < 5; i += 1) crowd.push(await s.api.bySession(sessionId));
      expect(crowd.map((r) => r.body.order?.status)).toEqual(Array(35).fill('pending'));
      expect(relay.state.watched).toBe(1);
    } finally {
      await relay.close();
    }
  });

  it(`keep at most ${MAX_SESSION_SYNCS_IN_FLIGHT} Stripe reads in flight and answer the other polls from the database`, async () => {
    const relay = await startRelay(sessionReads);
    try {
      const s = await stack('pglite', { STRIPE_API_BASE: relay.url });
      relay.state.target = s.emulator.url;
      const orders = await Promise.all(Array.from({ length: 20 }, () => s.api.order()));
      relay.state.delayMs = 500; // a slow Stripe: every read is still in flight when the crowd arrives
      const first = await Promise.all(orders.map((o) => s.api.bySession(o.sessionId)));
      expect(first.map((r) => r.body.order?.status)).toEqual(Array(20).fill('pending'));
      expect(relay.state.maxInFlight).toBe(MAX_SESSION_SYNCS_IN_FLIGHT);
      expect(relay.state.watched).toBe(MAX_SESSION_SYNCS_IN_FLIGHT);

      // The next round reads the sessions that were skipped, not the ones read a moment ago.
      const second = await Promise.all(orders.map((o) => s.api.bySession(o.sessionId)));
      expect(second.every((r) => r.status === 200)).toBe(true);
      expect(relay.state.watched).toBe(2 * MAX_SESSION_SYNCS_IN_FLIGHT);
      expect(relay.state.maxInFlight).toBe(MAX_SESSION_SYNCS_IN_FLIGHT);

      // A payment is still seen by the page: the webhook held back, the read brings it.
      relay.state.delayMs = 0;
      await s.control.chaos({ paused: true });
      const last = orders.at(-1)!;
      await s.control.pay(last.sessionId);
      const paid = await eventually(
        async () => {
          const view = (await s.api.bySession(last.sessionId)).body.order;
          return view?.status === 'paid' ? view : undefined;
        },
        { timeoutMs: 12_000, intervalMs: 500, what: 'the success page to see the payment' },
      );
      expect(paid.payment?.amountReceived).toBe(paid.total);
    } finally {
      await relay.close();
    }
  }, 180_000);
});

describe('a decline, then a payment in the same session while webhooks are late', () => {
  it('reaches paid from the success page, and from the reconciler', async () => {
    const s = await stack('pglite', { RECONCILE_INTERVAL_SECONDS: '1', RECONCILE_STALE_SECONDS: '0' });
    const byPage = await s.api.order();
    const byReconciler = await s.api.order();
    for (const { orderId, sessionId } of [byPage, byReconciler]) {
      await s.control.pay(sessionId, '4000000000000002');
      await orderReaches(s, orderId, 'failed');
    }
    await s.control.chaos({ paused: true });
    await s.control.pay(byPage.sessionId);
    await s.control.pay(byReconciler.sessionId);
    const view = await eventually(async () => {
      const order = (await s.api.bySession(byPage.sessionId)).body.order;
      return order.status === 'paid' ? order : undefined;
    });
    expect(view.payment?.amountReceived).toBe(view.total);
    await orderReaches(s, byReconciler.orderId, 'paid');
    const last = (await s.sql.history(byReconciler.orderId)).at(-1);
    expect(last).toMatchObject({ from_status: 'failed', to_status: 'paid' });
    await s.control.chaos({ paused: false });
  });
});
