import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/database.js';
import { ENGINES } from './support/databases.js';
import { eventually } from './support/net.js';
import { deliver, heldEvents, ofType } from './support/events.js';
import { orderReaches, signedHeaders, stacksForEachTest } from './support/stack.js';

const stack = stacksForEachTest();

describe('webhook signature checks', () => {
  it('refuses every unverifiable delivery with 400 and changes nothing', async () => {
    const s = await stack('pglite');
    const { orderId, sessionId } = await s.api.order();
    const completed = ofType(
      await heldEvents(s, sessionId, () => s.control.pay(sessionId)),
      'checkout.session.completed',
    );
    const payload = JSON.stringify(completed);
    const now = Math.floor(Date.now() / 1000);
    const historyBefore = await s.sql.history(orderId);

    const cases: [string, string | Buffer, Record<string, string>, string][] = [
      ['no signature header', payload, { 'content-type': 'application/json' }, 'missing_signature'],
      [
        'a signature made with another secret',
        payload,
        signedHeaders(s, payload, { secret: 'whsec_other' }),
        'invalid_signature',
      ],
      [
        'a body changed after signing',
        payload.replace('"paid"', '"PAID"'),
        signedHeaders(s, payload),
        'invalid_signature',
      ],
      [
        'a stale timestamp (301 s)',
        payload,
        signedHeaders(s, payload, { timestamp: now - 301 }),
        'invalid_signature',
      ],
      [
        'a timestamp in the future',
        payload,
        signedHeaders(s, payload, { timestamp: now + 3600 }),
        'invalid_signature',
      ],
      ['a garbage header', payload, { 'stripe-signature': 'v1=zz,t=abc' }, 'invalid_signature'],
      ['an empty body', '', signedHeaders(s, ''), 'invalid_payload'],
      ['a signed body that is not JSON', 'not json {', signedHeaders(s, 'not json {'), 'invalid_payload'],
      [
        'a signed JSON that is not an event',
        '{"hello":"world"}',
        signedHeaders(s, '{"hello":"world"}'),
        'invalid_event',
      ],
    ];
    for (const [name, body, headers, code] of cases) {
      const res = await s.api.webhook(body, headers);
      expect(res.status, name).toBe(400);
      expect((res.body as { error: { code: string } }).error.code, name).toBe(code);
    }

    expect(await s.sql.count('stripe_events')).toBe(0);
    expect(await s.sql.history(orderId)).toEqual(historyBefore);
    expect((await s.sql.order(orderId)).status).toBe('pending');
    const deliveries = await s.sql.deliveries();
    expect(deliveries).toHaveLength(cases.length);
    expect(deliveries.every((d) => d.result === 'rejected' && d.http_status === 400)).toBe(true);

    // The same event, properly signed, is then accepted.
    expect((await deliver(s, completed)).status).toBe(200);
    expect((await s.sql.order(orderId)).status).toBe('paid');
  });

  it('never accepts an event when no webhook secret is configured: 503, logged', async () => {
    const s = await stack('pglite', { STRIPE_WEBHOOK_SECRET: '' });
    const payload = JSON.stringify({ id: 'evt_1', type: 'checkout.session.completed', data: { object: {} } });
    const res = await s.api.webhook(payload, signedHeaders(s, payload));
    expect(res.status).toBe(503);
    expect((res.body as { error: { code: string } }).error.code).toBe('webhook_not_configured');
    expect(await s.sql.count('stripe_events')).toBe(0);
  });
});

describe.each(ENGINES)('webhook processing on %s', (engine) => {
  it('records unknown event types and events for no order of ours, and acknowledges them', async () => {
    const s = await stack(engine);
    const unknownType = {
      id: 'evt_unknowntype1',
      object: 'event',
      type: 'customer.created',
      created: 1_700_000_000,
      api_version: '2024-06-20',
      data: { object: { id: 'cus_1', object: 'customer' } },
    };
    const res = await deliver(s, unknownType);
    expect(res).toEqual({ status: 200, body: { received: true } });
    expect(await s.sql.stripeEvent('evt_unknowntype1')).toMatchObject({
      outcome: 'ignored',
      note: 'unhandled_type',
    });

    const { sessionId } = await s.api.order();
    const completed = ofType(
      await heldEvents(s, sessionId, () => s.control.pay(sessionId)),
      'checkout.session.completed',
    );
    const foreign = structuredClone(completed);
    foreign.id = 'evt_foreignsession1';
    Object.assign(foreign.data.object, {
      id: 'cs_test_someoneelse',
      metadata: {},
      client_reference_id: null,
    });
    expect((await deliver(s, foreign)).status).toBe(200);
    expect(await s.sql.stripeEvent('evt_foreignsession1')).toMatchObject({
      outcome: 'unmatched',
      order_id: null,
    });

    const vanished = structuredClone(completed);
    vanished.id = 'evt_unknownorder1';
    Object.assign(vanished.data.object, {
      id: 'cs_test_vanished',
      metadata: { order_id: 'ord_01AAAAAAAAAAAAAAAAAAAAAAAA', attempt_no: '1' },
      client_reference_id: 'ord_01AAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect((await deliver(s, vanished)).status).toBe(200);
    expect(await s.sql.stripeEvent('evt_unknownorder1')).toMatchObject({
      outcome: 'unmatched',
      note: 'unknown_session',
    });
  });

  it('applies the same event delivered 20 times concurrently exactly once', async () => {
    const s = await stack(engine);
    const { orderId, sessionId } = await s.api.order();
    const completed = ofType(
      await heldEvents(s, sessionId, () => s.control.pay(sessionId)),
      'checkout.session.completed',
    );
    const replies = await Promise.all(Array.from({ length: 20 }, () => deliver(s, completed)));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(replies.filter((r) => r.body.duplicate !== true)).toHaveLength(1);
    expect(replies.filter((r) => r.body.duplicate === true)).toHaveLength(19);

    const history = await s.sql.history(orderId);
    expect(history.filter((e) => e.stripe_event_id === completed.id)).toEqual([
      expect.objectContaining({ from_status: 'pending', to_status: 'paid', outcome: 'applied' }),
    ]);
    const [row] = await queryRows<{ n: number }>(
      s.db.database.db,
      sql`select count(*)::int as n from stripe_events where id = ${completed.id}`,
    );
    expect(Number(row?.n)).toBe(1);
    const deliveries = await s.sql.deliveries();
    expect(deliveries.filter((d) => d.result === 'accepted')).toHaveLength(1);
    expect(deliveries.filter((d) => d.result === 'duplicate')).toHaveLength(19);
  });

  it('ends paid when a decline is delivered after the success of the same session', async () => {
    const s = await stack(engine);
    const { orderId, sessionId } = await s.api.order();
    const events = await heldEvents(s, sessionId, async () => {
      expect((await s.control.pay(sessionId, '4000000000000002')).outcome).toBe('declined');
      expect((await s.control.pay(sessionId)).outcome).toBe('succeeded');
    });
    const failed = ofType(events, 'payment_intent.payment_failed');
    const completed = ofType(events, 'checkout.session.completed');
    expect(events.indexOf(failed)).toBeLessThan(events.indexOf(completed));

    expect((await deliver(s, completed)).status).toBe(200);
    expect((await deliver(s, failed)).status).toBe(200);
    const order = await s.sql.order(orderId);
    expect(order).toMatchObject({ status: 'paid', status_reason: null });
    expect((await s.sql.history(orderId)).find((e) => e.stripe_event_id === failed.id)).toMatchObject({
      outcome: 'ignored',
      to_status: null,
      // The decline is older than the payment that completed the session: it cannot undo it.
      detail: expect.objectContaining({ note: 'stale_fact' }),
    });
  });

  it('goes failed then paid when the events come in order (the customer retried in the same session)', async () => {
    const s = await stack(engine);
    const { orderId, sessionId } = await s.api.order();
    const events = await heldEvents(s, sessionId, async () => {
      await s.control.pay(sessionId, '4000000000009995');
      await s.control.pay(sessionId);
    });
    await deliver(s, ofType(events, 'payment_intent.payment_failed'));
    expect(await s.sql.order(orderId)).toMatchObject({
      status: 'failed',
      status_reason: 'insufficient_funds',
    });
    await deliver(s, ofType(events, 'checkout.session.completed'));
    expect(await s.sql.order(orderId)).toMatchObject({ status: 'paid', status_reason: null });
  });

  it('never regresses a paid order on a late "expired" and reaches paid when async success precedes completion', async () => {
    const s = await stack(engine);
    const { orderId, sessionId } = await s.api.order();
    const completed = ofType(
      await heldEvents(s, sessionId, () => s.control.pay(sessionId)),
      'checkout.session.completed',
    );
    await deliver(s, completed);
    const expired = structuredClone(completed);
    expired.id = 'evt_lateexpired1';
    expired.type = 'checkout.session.expired';
    Object.assign(expired.data.object, { status: 'expired', payment_status: 'unpaid' });
    expect((await deliver(s, expired)).status).toBe(200);
    expect((await s.sql.order(orderId)).status).toBe('paid');

    const second = await s.api.order();
    const events = await heldEvents(s, second.sessionId, async () => {
      await s.control.payLater(second.sessionId, 'succeed_later');
      await s.control.advanceClock(200);
    });
    const asyncSucceeded = ofType(events, 'checkout.session.async_payment_succeeded');
    const completedUnpaid = ofType(events, 'checkout.session.completed');
    await deliver(s, asyncSucceeded);
    await deliver(s, completedUnpaid);
    expect(await s.sql.order(second.orderId)).toMatchObject({ status: 'paid' });
    expect(
      (await s.sql.history(second.orderId)).find((e) => e.stripe_event_id === completedUnpaid.id),
    ).toMatchObject({
      outcome: 'ignored',
    });
  });

  it('answers 500 when the database fails mid-event, and applies the redelivery once it recovers', async () => {
    const s = await stack(engine);
    const { orderId, sessionId } = await s.api.order();
    await s.db.database.db.execute(sql`alter table order_events rename to order_events_away`);
    await s.control.pay(sessionId);
    const failures = await eventually(
      async () => {
        const rows = (await s.sql.deliveries()).filter((d) => d.result === 'error' && d.http_status === 500);
        return rows.length > 0 ? rows : undefined;
      },
      { what: 'a failed delivery' },
    );
    expect(failures[0]).toMatchObject({ signature_ok: true });
    // Rolled back, so not deduplicated away (events that touch no order were recorded meanwhile).
    const completedId = (await s.control.events(sessionId)).find(
      (e) => e.type === 'checkout.session.completed',
    )!.id;
    expect(await s.sql.stripeEvent(completedId)).toBeNull();
    expect((await s.sql.order(orderId)).status).toBe('pending');

    await s.db.database.db.execute(sql`alter table order_events_away rename to order_events`);
    await orderReaches(s, orderId, 'paid');
    const paidBy = (await s.sql.history(orderId)).filter((e) => e.to_status === 'paid');
    expect(paidBy).toEqual([
      expect.objectContaining({ source: 'webhook', kind: 'checkout.session.completed' }),
    ]);
  });

  it('records as unmatched an event naming an attempt the store never reserved (no session is created before its reservation)', async () => {
    const s = await stack(engine);
    const { orderId, sessionId } = await s.api.order();
    const completed = ofType(
      await heldEvents(s, sessionId, () => s.control.pay(sessionId)),
      'checkout.session.completed',
    );
    const early = structuredClone(completed);
    early.id = 'evt_attemptnotyet1';
    Object.assign(early.data.object, {
      id: 'cs_test_future',
      metadata: { order_id: orderId, attempt_no: '7' },
    });
    const res = await deliver(s, early);
    expect(res.status).toBe(200);
    expect(await s.sql.stripeEvent('evt_attemptnotyet1')).toMatchObject({
      outcome: 'unmatched',
      order_id: null,
      note: 'unknown_session',
    });
    expect((await s.sql.order(orderId)).status).toBe('pending');
  });
});
