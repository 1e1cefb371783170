import { startEmulator } from '@checkstand/stripe-emulator';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { WatchList } from '../src/modules/payments/reconcile/watch-list.service.js';
import { ENGINES } from './support/databases.js';
import { orderReaches, stacksForEachTest } from './support/stack.js';

// The watch list alone (the events sweep, which would find these first, has its own tests in truth.test.ts).
const FAST = {
  RECONCILE_INTERVAL_SECONDS: '1',
  RECONCILE_STALE_SECONDS: '0',
  RECONCILE_SWEEP_EVENTS: 'false',
};
const stack = stacksForEachTest({ env: FAST });

describe.each(ENGINES)('reconciliation on %s', (engine) => {
  it('repairs orders whose webhooks were all lost: paid, processing then paid, expired', async () => {
    const s = await stack(engine);
    const paid = await s.api.order();
    const delayed = await s.api.order();
    const abandoned = await s.api.order();
    await s.control.chaos({ dropSessions: [paid.sessionId, delayed.sessionId, abandoned.sessionId] });

    await s.control.pay(paid.sessionId);
    await s.control.payLater(delayed.sessionId, 'succeed_later');
    await orderReaches(s, paid.orderId, 'paid', 10_000);
    await orderReaches(s, delayed.orderId, 'processing', 10_000);
    await s.control.advanceClock(61 * 60); // the bank confirms; the untouched session expires
    await orderReaches(s, delayed.orderId, 'paid', 10_000);
    await orderReaches(s, abandoned.orderId, 'expired', 10_000);

    for (const { orderId } of [paid, delayed, abandoned]) {
      const history = await s.sql.history(orderId);
      expect(history.filter((e) => e.source === 'webhook')).toEqual([]);
      expect(history.at(-1)).toMatchObject({
        source: 'reconcile',
        kind: 'session_reconciled',
        outcome: 'applied',
      });
    }
    // Nothing was delivered for these sessions: the emulator dropped every attempt.
    const delivered = await s.control.deliveries({ session_id: paid.sessionId });
    expect(delivered.every((d) => d.status === null)).toBe(true);
  });
});

describe('reconciliation of a checkout whose session creation never came back', () => {
  it('replays the creation with the same idempotency key, or gives the attempt up when it is too late', async () => {
    const s = await stack('pglite', { RECONCILE_INTERVAL_SECONDS: '3600' });
    const port = Number(new URL(s.emulator.url).port);
    await s.emulator.close();
    const first = await s.api.checkout({ items: [{ id: 'prod_pour_over_dripper', quantity: 1 }] });
    const second = await s.api.checkout({ items: [{ id: 'prod_pour_over_dripper', quantity: 2 }] });
    expect([first.status, second.status]).toEqual([502, 502]);
    const firstId = (first.body.error.details as { orderId: string }).orderId;
    const secondId = (second.body.error.details as { orderId: string }).orderId;
    const emulator = await startEmulator({ port, logger: () => undefined });
    try {
      const db = s.db.database.db;
      // Both were reserved long enough ago to be looked at; the second one's expiry is too close for Stripe.
      await db.execute(sql`update checkout_attempts set created_at = now() - interval '5 minutes'`);
      await db.execute(
        sql`update checkout_attempts set expires_at = now() + interval '1 minute' where order_id = ${secondId}`,
      );
      const watch = s.store.app.get(WatchList);
      await watch.check(firstId, 1);
      await watch.check(secondId, 1);

      const [created] = await s.sql.attempts(firstId);
      expect(created).toMatchObject({ status: 'open', session_id: expect.stringMatching(/^cs_test_/) });
      expect(await s.sql.order(firstId)).toMatchObject({
        status: 'pending',
        current_session_id: created!.session_id,
      });

      expect((await s.sql.attempts(secondId))[0]).toMatchObject({ status: 'abandoned', session_id: null });
      expect(await s.sql.order(secondId)).toMatchObject({
        status: 'expired',
        status_reason: 'checkout_not_created',
      });
    } finally {
      await emulator.close();
    }
  });
});
