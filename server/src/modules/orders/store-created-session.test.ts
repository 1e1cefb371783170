import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENGINES,
  type TestDatabase,
  closeTemplate,
  readyDatabase,
  warmTemplate,
} from '../../../test/support/databases.js';
import { createPendingOrder } from '../../../test/support/orders.js';
import { queryRows } from '../../db/database.js';
import { recordCreatedSession } from './order-writer.js';

beforeAll(warmTemplate, 60_000);
afterAll(closeTemplate);

const EXPIRES = new Date('2030-01-01T00:00:00Z');

async function withOrder(
  engine: (typeof ENGINES)[number],
  fn: (t: TestDatabase, orderId: string) => Promise<void>,
): Promise<void> {
  const t = await readyDatabase(engine);
  const orderId = `ord_store_session_${engine}`;
  try {
    await createPendingOrder(t.database.db, orderId, { expiresAt: EXPIRES });
    await fn(t, orderId);
  } finally {
    await t.dispose();
  }
}

async function state(t: TestDatabase, orderId: string) {
  const [order] = await queryRows<{ status: string; current_session_id: string | null; version: number }>(
    t.database.db,
    sql`select status, current_session_id, version from orders where id = ${orderId}`,
  );
  const [attempt] = await queryRows<{ status: string; session_id: string | null; url: string | null }>(
    t.database.db,
    sql`select status, session_id, url from checkout_attempts where order_id = ${orderId} and attempt_no = 1`,
  );
  const history = await queryRows<{ kind: string }>(
    t.database.db,
    sql`select kind from order_events where order_id = ${orderId} order by id`,
  );
  return { order, attempt, kinds: history.map((h) => h.kind) };
}

/** What the webhook does when Stripe's event about the session arrives before our create call returned. */
const webhookFirst = (orderId: string) => [
  sql`update checkout_attempts set session_id = 'cs_test_first', status = 'complete'
      where order_id = ${orderId} and attempt_no = 1`,
  sql`update orders set status = 'paid', current_session_id = 'cs_test_first', version = version + 1
      where id = ${orderId}`,
  sql`insert into order_events (order_id, source, kind, from_status, to_status, outcome)
      values (${orderId}, 'webhook', 'checkout.session.completed', 'pending', 'paid', 'applied')`,
];

const session = (orderId: string, id: string, attemptNo = 1) => ({
  orderId,
  attemptNo,
  sessionId: id,
  url: `https://pay.example/${id}`,
  expiresAt: EXPIRES,
  source: 'customer' as const,
});

/** The webhook's decision stands; the store only added the URL. */
const AFTER_WEBHOOK_FIRST = {
  order: { status: 'paid', current_session_id: 'cs_test_first', version: 2 },
  attempt: { status: 'complete', session_id: 'cs_test_first', url: 'https://pay.example/cs_test_first' },
  kinds: ['order_created', 'checkout.session.completed'],
};

describe.each(ENGINES)('storing a created Checkout Session on %s', (engine) => {
  it('opens the attempt, makes it the current session and writes its history row once', async () => {
    await withOrder(engine, async (t, orderId) => {
      const plain = session(orderId, 'cs_test_plain');
      expect(await recordCreatedSession(t.database.db, plain)).toEqual({ wanted: true, found: true });
      // A replay changes nothing.
      expect(await recordCreatedSession(t.database.db, plain)).toEqual({ wanted: true, found: true });
      expect(await state(t, orderId)).toEqual({
        order: { status: 'pending', current_session_id: 'cs_test_plain', version: 2 },
        attempt: { status: 'open', session_id: 'cs_test_plain', url: 'https://pay.example/cs_test_plain' },
        kinds: ['order_created', 'checkout_session_created'],
      });
    });
  });

  it('after the webhook told of the session: adds the URL, keeps what the webhook decided, no second story', async () => {
    await withOrder(engine, async (t, orderId) => {
      for (const statement of webhookFirst(orderId)) await t.database.db.execute(statement);
      const recorded = await recordCreatedSession(t.database.db, session(orderId, 'cs_test_first'));
      expect(recorded).toEqual({ wanted: false, found: true }); // the order is paid: no payable page
      expect(await state(t, orderId)).toEqual(AFTER_WEBHOOK_FIRST);
    });
  });

  it('waits for a webhook holding the order, then sees what it committed', async () => {
    await withOrder(engine, async (t, orderId) => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let signalLocked!: () => void;
      const locked = new Promise<void>((resolve) => (signalLocked = resolve));
      const webhook = t.database.db.transaction(async (tx) => {
        await tx.execute(sql`select id from orders where id = ${orderId} for update`);
        for (const statement of webhookFirst(orderId)) await tx.execute(statement);
        signalLocked();
        await held;
      });
      await locked;
      let stored = false;
      const storing = recordCreatedSession(t.database.db, session(orderId, 'cs_test_first')).then(() => {
        stored = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(stored).toBe(false);
      release();
      await webhook;
      await storing;
      expect(await state(t, orderId)).toEqual(AFTER_WEBHOOK_FIRST);
    });
  });

  it('does nothing for an attempt that does not exist', async () => {
    await withOrder(engine, async (t, orderId) => {
      const recorded = await recordCreatedSession(t.database.db, session(orderId, 'cs_test_other', 2));
      expect(recorded).toEqual({ wanted: false, found: false });
      const after = await state(t, orderId);
      expect(after.order).toEqual({ status: 'pending', current_session_id: null, version: 1 });
      expect(after.kinds).toEqual(['order_created']);
    });
  });

  it('records a session created after its attempt was given up (a cancel during a retry), as unwanted and watched', async () => {
    await withOrder(engine, async (t, orderId) => {
      await t.database.db.execute(
        sql`update checkout_attempts set status = 'abandoned', watch = 'done' where order_id = ${orderId}`,
      );
      await t.database.db.execute(sql`update orders set status = 'cancelled' where id = ${orderId}`);
      const recorded = await recordCreatedSession(t.database.db, session(orderId, 'cs_test_late'));
      expect(recorded).toEqual({ wanted: false, found: true });
      const [attempt] = await queryRows<{ status: string; session_id: string; watch: string }>(
        t.database.db,
        sql`select status, session_id, watch from checkout_attempts where order_id = ${orderId}`,
      );
      // Still abandoned (never offered to the customer), but on the watch list until Stripe says it expired.
      expect(attempt).toEqual({ status: 'abandoned', session_id: 'cs_test_late', watch: 'watching' });
      expect((await state(t, orderId)).order?.current_session_id).toBeNull();
    });
  });
});
