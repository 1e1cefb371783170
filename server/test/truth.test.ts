import { AdminOrderDetail, Readiness, UnmatchedEventsPage, WatchReport } from '@checkstand/contract';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/database.js';
import { Reconciler } from '../src/modules/payments/reconcile/reconciler.service.js';
import { ADMIN_ENV, AdminClient } from './support/admin.js';
import { ENGINES } from './support/databases.js';
import { deliver, heldEvents, ofType } from './support/events.js';
import { eventually, startRelay } from './support/net.js';
import { PRODUCTS, type Stack, orderReaches, stacksForEachTest } from './support/stack.js';

/**
 * The order's truth never drifts from Stripe's (issue "Never diverge from Stripe"): each test here is one way it
 * used to drift, reproduced against the real HTTP server, the emulator and the database.
 */
const stack = stacksForEachTest({ env: ADMIN_ENV });

const DECLINE = '4000000000000002';
const statusAtStripe = async (s: Stack, sessionId: string) =>
  (await s.stripe.checkout.sessions.retrieve(sessionId)).status;

/** Waits until every event Stripe made about the session was delivered and acknowledged. */
async function allDelivered(s: Stack, sessionId: string): Promise<void> {
  await eventually(
    async () => {
      const events = await s.control.events(sessionId);
      const deliveries = await s.control.deliveries({ session_id: sessionId });
      const done = events.every((e) => deliveries.some((d) => d.eventId === e.id && d.status === 200));
      return done && events.length > 0 ? true : undefined;
    },
    { what: `the deliveries of ${sessionId}` },
  );
}

async function loggedIn(s: Stack): Promise<AdminClient> {
  const admin = new AdminClient(s.store.baseUrl);
  expect((await admin.login()).status).toBe(200);
  return admin;
}

describe.each(ENGINES)('only provable facts change an order, on %s', (engine) => {
  it('a session the store never created pays nothing and expires nothing, whatever it claims', async () => {
    const s = await stack(engine);
    const victim = await s.api.order();
    const before = await s.sql.order(victim.orderId);
    const historyBefore = await s.sql.history(victim.orderId);
    const sticker = {
      quantity: 1,
      price_data: { currency: 'usd', unit_amount: 50, product_data: { name: 'Sticker' } },
    };
    // A Payment Link's session: its payer put the victim's order id in client_reference_id.
    const linked = await s.stripe.checkout.sessions.create({
      mode: 'payment',
      success_url: 'https://elsewhere.example/ok',
      line_items: [sticker],
      client_reference_id: victim.orderId,
    });
    // Another integration on the same account copies the store's metadata onto its session and intent.
    const claims = { order_id: victim.orderId, attempt_no: '1' };
    const copycat = await s.stripe.checkout.sessions.create({
      mode: 'payment',
      success_url: 'https://elsewhere.example/ok',
      line_items: [sticker],
      client_reference_id: victim.orderId,
      metadata: claims,
      payment_intent_data: { metadata: claims },
    });
    const abandoned = await s.stripe.checkout.sessions.create({
      mode: 'payment',
      success_url: 'https://elsewhere.example/ok',
      line_items: [sticker],
      client_reference_id: victim.orderId,
      metadata: claims,
    });
    expect((await s.control.pay(linked.id)).outcome).toBe('succeeded');
    expect((await s.control.pay(copycat.id, DECLINE)).outcome).toBe('declined');
    expect((await s.control.pay(copycat.id)).outcome).toBe('succeeded');
    await s.stripe.checkout.sessions.expire(abandoned.id);
    for (const session of [linked, copycat, abandoned]) await allDelivered(s, session.id);

    // Nothing about the victim changed: not its status, not its money, not its history.
    expect(await s.sql.order(victim.orderId)).toEqual(before);
    expect(await s.sql.history(victim.orderId)).toEqual(historyBefore);
    expect(await s.sql.count('payments')).toBe(0);
    const foreignEvents = [
      ...(await s.control.events(linked.id)),
      ...(await s.control.events(copycat.id)),
      ...(await s.control.events(abandoned.id)),
    ].filter(
      (e) => e.type.startsWith('checkout.session.') || e.type.startsWith('payment_intent.payment_failed'),
    );
    expect(foreignEvents.length).toBeGreaterThanOrEqual(4);
    for (const event of foreignEvents) {
      expect(await s.sql.stripeEvent(event.id)).toMatchObject({ outcome: 'unmatched', order_id: null });
    }

    // The owner sees them as what they are: events about payments the store never asked for.
    const admin = await loggedIn(s);
    const listed = await admin.expect(
      UnmatchedEventsPage,
      'GET',
      '/api/admin/stripe-events/unmatched?limit=100',
    );
    const copycatPaid = listed.events.find(
      (e) => e.type === 'checkout.session.completed' && e.objectId === copycat.id,
    );
    expect(copycatPaid).toMatchObject({ claimedOrderId: victim.orderId, amount: 50, currency: 'usd' });
    expect(copycatPaid?.note).toBe('foreign_session');
    expect(listed.events.find((e) => e.objectId === linked.id)?.note).toBe('unknown_session');

    // The store's own session still pays the order.
    await s.control.pay(victim.sessionId);
    await orderReaches(s, victim.orderId, 'paid');
  });

  it('a decline delivered after the session went processing never fails the order, however often it comes', async () => {
    const s = await stack(engine);
    const { orderId, orderToken, sessionId } = await s.api.order();
    const events = await heldEvents(s, sessionId, async () => {
      expect((await s.control.pay(sessionId, DECLINE)).outcome).toBe('declined');
      expect((await s.control.payLater(sessionId, 'succeed_later')).outcome).toBe('processing');
    });
    const decline = ofType(events, 'payment_intent.payment_failed');
    expect((await deliver(s, ofType(events, 'checkout.session.completed'))).status).toBe(200);
    expect((await s.sql.order(orderId)).status).toBe('processing');

    expect((await deliver(s, decline)).status).toBe(200);
    await s.control.chaos({ dropSessions: [] });
    await s.control.resend(decline.id);
    await eventually(async () =>
      (await s.control.deliveries({ session_id: sessionId })).some(
        (d) => d.eventId === decline.id && d.status === 200,
      )
        ? true
        : undefined,
    );
    expect(await s.sql.order(orderId)).toMatchObject({
      status: 'processing',
      status_reason: 'awaiting_payment',
    });
    // Nothing offers a second payment while the debit is pending.
    const view = (await s.api.get(orderId, orderToken)).body.order;
    expect(view.actions).toEqual({ retry: false, cancel: false });
    expect((await s.api.retry(orderId, orderToken)).body.error.code).toBe('payment_processing');

    await s.control.advanceClock(181);
    await orderReaches(s, orderId, 'paid');
  });

  it('a cancel while a retry is creating its session leaves no session anyone can pay', async () => {
    const relay = await startRelay((method, path) => method === 'POST' && path === '/v1/checkout/sessions');
    try {
      const s = await stack(engine, { STRIPE_API_BASE: relay.url });
      relay.state.target = s.emulator.url;
      const { orderId, orderToken, sessionId } = await s.api.order();
      await s.control.pay(sessionId, DECLINE);
      await orderReaches(s, orderId, 'failed');

      relay.state.delayMs = 1_500; // Stripe takes its time creating the retry's session…
      const retrying = s.api.retry(orderId, orderToken);
      await eventually(async () => ((await s.sql.attempts(orderId)).length === 2 ? true : undefined));
      // …and the customer cancels meanwhile.
      const cancelled = await s.api.cancel(orderId, orderToken);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.order.status).toBe('cancelled');
      const retried = await retrying;
      expect(retried.status).toBe(409);

      const [first, second] = await s.sql.attempts(orderId);
      expect(second?.session_id).toMatch(/^cs_/);
      expect(await statusAtStripe(s, first!.session_id!)).toBe('expired');
      expect(await statusAtStripe(s, second!.session_id!)).toBe('expired');
      expect((await s.sql.order(orderId)).status).toBe('cancelled');
    } finally {
      await relay.close();
    }
  });

  it('no crowd of abandoned checkouts, pending debits or lost sessions starves a paid order of the watch list', async () => {
    const BATCH = 20;
    const s = await stack(engine, {
      RECONCILE_BATCH_SIZE: String(BATCH),
      RECONCILE_STALE_SECONDS: '0',
      // The watch list alone: the events sweep would find this payment in one pass.
      RECONCILE_SWEEP_EVENTS: 'false',
    });
    const abandoned = [];
    for (let i = 0; i < 100; i += 1) abandoned.push(await s.api.order());
    const debits = [];
    for (let i = 0; i < 3; i += 1) {
      const order = await s.api.order();
      await s.control.payLater(order.sessionId, 'succeed_later');
      debits.push(order);
    }
    const lost = [];
    for (let i = 0; i < 2; i += 1) {
      const order = await s.api.order();
      // Sessions Stripe does not know (another account's, or purged): it answers 404.
      await s.db.database.db.execute(
        sql`update checkout_attempts set session_id = ${`cs_test_gone_${i}`} where order_id = ${order.orderId}`,
      );
      lost.push(order);
    }
    for (const order of debits) await orderReaches(s, order.orderId, 'processing');
    const paid = await s.api.order();
    await s.control.chaos({ dropSessions: [paid.sessionId] });
    await s.control.pay(paid.sessionId);

    const reconciler = s.store.app.get(Reconciler);
    const watched = 100 + debits.length + lost.length + 1;
    let passes = 0;
    while ((await s.sql.order(paid.orderId)).status !== 'paid') {
      passes += 1;
      expect(passes, 'passes before the paid order was found').toBeLessThanOrEqual(
        Math.ceil(watched / BATCH),
      );
      await reconciler.runOnce();
    }
    // A few more passes: the lost sessions are read three times, then marked lost and left alone.
    for (let i = 0; i < 3 * Math.ceil(watched / BATCH); i += 1) await reconciler.runOnce();
    for (const order of lost) {
      const [attempt] = await queryRows<{ watch: string; missing_count: number }>(
        s.db.database.db,
        sql`select watch, missing_count from checkout_attempts where order_id = ${order.orderId}`,
      );
      expect(attempt).toMatchObject({ watch: 'lost', missing_count: 3 });
      // The order waited on a session nobody can pay: it is expired, ready for a retry.
      expect(await s.sql.order(order.orderId)).toMatchObject({
        status: 'expired',
        status_reason: 'session_lost',
      });
      expect((await s.sql.history(order.orderId)).map((h) => h.kind)).toContain('checkout_session_lost');
    }
    const admin = await loggedIn(s);
    const report = await admin.expect(WatchReport, 'GET', '/api/admin/watch');
    expect(report.summary.lost).toBe(2);
    expect(report.lostSessions.map((l) => l.orderId).sort()).toEqual(lost.map((o) => o.orderId).sort());
    expect(report.reconcile.lastRunAt).not.toBeNull();
    const ready = Readiness.parse(await fetch(`${s.store.baseUrl}/readyz`).then((r) => r.json()));
    // Still watched: the abandoned checkouts (open until they expire) and the pending debits.
    expect(ready.watch).toMatchObject({ size: 100 + debits.length, lost: 2 });
    expect(ready.watch.oldestCheckAgeSeconds).not.toBeNull();
  });
});

describe.each(ENGINES)('lost events of any kind are recovered, on %s', (engine) => {
  it('sweeps Stripe’s event list: a payment and a refund made in the dashboard, their webhooks both lost', async () => {
    const s = await stack(engine);
    const { orderId, sessionId } = await s.api.order();
    await s.control.chaos({ dropSessions: [sessionId] });
    await s.control.pay(sessionId);
    const reconciler = s.store.app.get(Reconciler);
    const first = await reconciler.runOnce();
    expect(first?.sweep?.recovered).toBeGreaterThanOrEqual(1);
    const order = await s.sql.order(orderId);
    expect(order.status).toBe('paid');
    const paidRow = (await s.sql.history(orderId)).find((h) => h.to_status === 'paid');
    expect(paidRow).toMatchObject({ source: 'sweep', kind: 'checkout.session.completed' });

    // The owner refunds part of it in Stripe's dashboard; that webhook is lost too.
    await s.stripe.refunds.create({ payment_intent: order.payment_intent_id!, amount: 700 });
    await reconciler.runOnce();
    expect(await s.sql.order(orderId)).toMatchObject({ status: 'partially_refunded', amount_refunded: 700 });

    // A webhook that arrives after the sweep recorded its event changes nothing.
    const completed = ofType(await s.control.events(sessionId), 'checkout.session.completed');
    const late = await deliver(s, completed);
    expect(late.body).toEqual({ received: true, duplicate: true });
    const rows = await queryRows<{ channel: string; n: number }>(
      s.db.database.db,
      sql`select channel, count(*)::int as n from stripe_events group by channel`,
    );
    expect(rows).toEqual([{ channel: 'sweep', n: expect.any(Number) }]);
    // The next pass reads from its cursor on: nothing new to recover.
    expect((await reconciler.runOnce())?.sweep?.recovered).toBe(0);
  });
});

describe.each(ENGINES)('every payment is recorded and can be settled, on %s', (engine) => {
  it('an extra payment is refunded by itself; the flag clears when all of it is back, from the admin or the dashboard', async () => {
    const s = await stack(engine);
    const { orderId, sessionId } = await s.api.order();
    await s.control.pay(sessionId);
    const paid = await orderReaches(s, orderId, 'paid');
    // Stripe reports that the session was paid a second time, by another intent (real, so it can be refunded).
    const extra = await s.stripe.paymentIntents.create({
      amount: paid.total_amount,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const template = ofType(await s.control.events(sessionId), 'checkout.session.completed');
    const ghost = structuredClone(template);
    ghost.id = 'evt_secondpayment1';
    Object.assign(ghost.data.object, { payment_intent: extra.id });
    expect((await deliver(s, ghost)).status).toBe(200);
    expect(await s.sql.order(orderId)).toMatchObject({ status: 'paid', flags: ['duplicate_payment'] });

    const admin = await loggedIn(s);
    let detail = await admin.expect(AdminOrderDetail, 'GET', `/api/admin/orders/${orderId}`);
    expect(detail.payments.map((p) => [p.paymentIntentId, p.role, p.refundable])).toEqual([
      [paid.payment_intent_id, 'primary', paid.total_amount],
      [extra.id, 'extra', paid.total_amount],
    ]);
    expect(detail.money).toMatchObject({ expected: paid.total_amount, received: 2 * paid.total_amount });

    // Part of the extra payment from the admin: the order stays paid, the flag stays.
    const partial = await admin.call('POST', `/api/admin/orders/${orderId}/refund`, {
      amount: 1000,
      idempotencyKey: 'extra-part-1',
      paymentIntentId: extra.id,
    });
    expect(partial.status).toBe(201);
    await eventually(async () => {
      detail = await admin.expect(AdminOrderDetail, 'GET', `/api/admin/orders/${orderId}`);
      return detail.payments[1]?.amountRefunded === 1000 ? true : undefined;
    });
    expect(detail.order).toMatchObject({ status: 'paid', flags: ['duplicate_payment'] });
    expect(detail.refunds).toMatchObject([
      { paymentIntentId: extra.id, amount: 1000, requestedBy: ADMIN_ENV.ADMIN_EMAIL },
    ]);

    // The rest of it in Stripe's dashboard: the flag clears, the order is still paid, its own money untouched.
    await s.stripe.refunds.create({ payment_intent: extra.id });
    await eventually(async () => ((await s.sql.order(orderId)).flags.length === 0 ? true : undefined));
    expect(await s.sql.order(orderId)).toMatchObject({ status: 'paid', amount_refunded: 0 });
  });

  it('money that does not match is never paid: payment_mismatch, refundable from the admin', async () => {
    const s = await stack(engine);
    const { orderId, orderToken, sessionId } = await s.api.order([{ id: PRODUCTS[0]!.id, quantity: 1 }]);
    const events = await heldEvents(s, sessionId, () => s.control.pay(sessionId));
    const completed = ofType(events, 'checkout.session.completed');
    // What Stripe would report if the session's total were not the order's (a bug, or a changed price).
    const short = structuredClone(completed);
    short.id = 'evt_shortpayment1';
    Object.assign(short.data.object, { amount_total: 50 });
    expect((await deliver(s, short)).status).toBe(200);
    expect(await s.sql.order(orderId)).toMatchObject({
      status: 'payment_mismatch',
      status_reason: 'amount_mismatch',
      amount_received: 50,
    });
    // The customer is told it is under review, and cannot pay again or cancel.
    const view = (await s.api.get(orderId, orderToken)).body.order;
    expect(view).toMatchObject({ status: 'payment_mismatch', actions: { retry: false, cancel: false } });
    expect((await s.api.retry(orderId, orderToken)).body.error.code).toBe('payment_under_review');
    expect((await s.api.cancel(orderId, orderToken)).body.error.code).toBe('payment_under_review');
    const admin = await loggedIn(s);
    const detail = await admin.expect(AdminOrderDetail, 'GET', `/api/admin/orders/${orderId}`);
    expect(detail.payments[0]).toMatchObject({ role: 'primary', matchesOrder: false });
    const dashboard = await admin.call('GET', '/api/admin/dashboard');
    expect((dashboard.body as { needsRefund: number }).needsRefund).toBe(1);
  });
});

describe.each(ENGINES)('no order waits on nothing, on %s', (engine) => {
  it('a pending order whose session is gone is expired, ready for a retry, within one pass', async () => {
    const s = await stack(engine, { RECONCILE_STALE_SECONDS: '3600' });
    const { orderId, orderToken } = await s.api.order();
    // The current attempt was given up (its creation failed for good) while the order still said pending.
    await s.db.database.db.execute(
      sql`update checkout_attempts set status = 'abandoned', watch = 'done' where order_id = ${orderId}`,
    );
    await s.store.app.get(Reconciler).runOnce();
    expect(await s.sql.order(orderId)).toMatchObject({
      status: 'expired',
      status_reason: 'checkout_not_created',
    });
    expect((await s.sql.history(orderId)).at(-1)).toMatchObject({
      source: 'reconcile',
      kind: 'no_open_session',
    });
    expect((await s.api.retry(orderId, orderToken)).status).toBe(201);
  });
});
