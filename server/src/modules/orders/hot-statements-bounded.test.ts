import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, createPgDatabase } from '../../../test/support/databases.js';
import { createPendingOrder } from '../../../test/support/orders.js';
import type { Database, Db } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import * as schema from '../../db/schema.js';
import { ProductsRepository, seedCatalog } from '../catalog/products.repository.js';
import { inboxRepository } from '../payments/stripe-events/inbox.repository.js';
import { recordCreatedSession, writeChange } from './order-writer.js';
import { ordersRepository as repo } from './orders.repository.js';

/**
 * The hot paths' statements are prepared once per connection, and PostgreSQL may then run them with a
 * generic plan, made without the values, with the statistics of the moment it was made. A store opens
 * its connections when the tables are small; the plan must still touch only the rows of the order at
 * hand once they are large. Here every plan is made generic (`plan_cache_mode`) on an almost empty
 * database, 3,000 orders arrive, and each statement may then read only a handful of rows
 * (PostgreSQL's own counters: rows returned by sequential and index scans of our tables).
 */
const ORDERS = 3_000;
const MAX_ROWS_READ = 12;

describe.runIf(ENGINES.includes('postgres'))('hot statements on PostgreSQL, generic plans', () => {
  let drop: (() => Promise<void>) | undefined;
  let client: pg.Client;
  let db: Db;

  beforeAll(async () => {
    const created = await createPgDatabase();
    drop = created.drop;
    client = new pg.Client({
      connectionString: created.url,
      options: '-c plan_cache_mode=force_generic_plan',
    });
    await client.connect();
    db = drizzle({ client, schema });
    await migrate(db);
    await seedCatalog(db);
  }, 60_000);

  afterAll(async () => {
    await client?.end();
    await drop?.();
  });

  /** Rows our tables have handed to scans so far (this backend's counters flushed first). */
  async function rowsRead(): Promise<number> {
    // The flush happens when the backend goes idle after this statement, before the next one.
    await client.query('select pg_stat_force_next_flush()');
    const { rows } = await client.query<{ n: string }>(
      `select (select coalesce(sum(seq_tup_read), 0) from pg_stat_user_tables)
            + (select coalesce(sum(idx_tup_read), 0) from pg_stat_user_indexes) as n`,
    );
    return Number(rows[0]!.n);
  }

  /** One customer's whole path through the hot statements: checkout, success page, webhook. */
  async function checkoutAndPay(
    id: string,
    measure: (step: string, run: () => Promise<unknown>) => Promise<void>,
  ) {
    // The repository reads only `db`: the rest of a Database (pools, locks) has no part in this test.
    const products = new ProductsRepository({ db } as Database);
    const sessionId = `cs_test_${id}`;
    await measure('product lookup', () => products.findActiveByIds(['prod_pour_over_dripper']));
    await measure('createOrder', () =>
      createPendingOrder(db, id, {
        items: [{ productId: 'prod_pour_over_dripper', title: 'Dripper', unitAmount: 2800, quantity: 1 }],
      }),
    );
    await measure('recordCreatedSession', () =>
      recordCreatedSession(db, {
        orderId: id,
        attemptNo: 1,
        sessionId,
        url: `https://pay/${id}`,
        expiresAt: new Date(),
        source: 'customer',
      }),
    );
    await measure('findBySession', () => repo.findBySession(db, sessionId));
    await measure('webhook: claim the event and lock its order', () =>
      db.transaction(async (tx) => {
        const { located } = await inboxRepository.insertStripeEventLockingSession(
          tx,
          {
            id: `evt_${id}`,
            type: 'checkout.session.completed',
            apiVersion: '2025-03-31.basil',
            created: new Date(),
            objectId: sessionId,
            payload: { id: `evt_${id}` },
            outcome: 'ignored',
            channel: 'webhook',
          },
          sessionId,
        );
        expect(located?.order.id).toBe(id);
        await writeChange(tx, located!.order, {
          trigger: 'payment_succeeded',
          statusReason: null,
          attempt: {
            row: located!.attempt,
            patch: {
              status: 'complete',
              outcome: 'paid',
              paymentStatus: 'paid',
              paymentIntentId: `pi_${id}`,
            },
          },
          order: { paidAt: new Date(), amountReceived: 2800, paymentIntentId: `pi_${id}` },
          newPayment: {
            paymentIntentId: `pi_${id}`,
            orderId: id,
            attemptNo: 1,
            sessionId,
            amount: 2800,
            currency: 'usd',
            amountRefunded: 0,
            receivedAt: new Date(),
          },
          history: { source: 'webhook', kind: 'checkout.session.completed' },
          stripeEvent: { id: `evt_${id}`, outcome: 'applied', note: 'paid' },
          delivery: {
            eventId: `evt_${id}`,
            eventType: 'checkout.session.completed',
            orderId: id,
            signatureOk: true,
            result: 'accepted',
            httpStatus: 200,
          },
        });
      }),
    );
    await measure('webhook: lock the order by session', () =>
      db.transaction((tx) => repo.lockOrderBySession(tx, sessionId)),
    );
    await measure('webhook: the owner of a payment intent', () =>
      repo.findPaymentIntentOwner(db, `pi_${id}`),
    );
    await measure('refund: the order with its payments', () =>
      db.transaction(async (tx) => {
        await repo.lockOrder(tx, id);
        await repo.listPayments(tx, id);
      }),
    );
  }

  it('read only the rows of their order once the tables are large', async () => {
    // Plans are made now, while the tables are almost empty (and every later run reuses them).
    await checkoutAndPay('ord_plan_warmup', async (_step, run) => {
      await run();
    });

    await client.query(
      `insert into orders (id, status, currency, total_amount, items, access_token_hash, current_attempt_no, current_session_id)
         select 'ord_bulk_' || g, 'pending', 'usd', 2800, '[]', md5(g::text), 1, 'cs_bulk_' || g
         from generate_series(1, ${ORDERS}) g`,
    );
    await client.query(
      `insert into checkout_attempts (order_id, attempt_no, session_id, status, expires_at, idempotency_key)
         select 'ord_bulk_' || g, 1, 'cs_bulk_' || g, 'open', now() + interval '1 hour', 'order:ord_bulk_' || g || ':attempt:1'
         from generate_series(1, ${ORDERS}) g`,
    );

    await client.query(
      `insert into payments (payment_intent_id, order_id, attempt_no, session_id, amount, currency, received_at)
         select 'pi_bulk_' || g, 'ord_bulk_' || g, 1, 'cs_bulk_' || g, 2800, 'usd', now()
         from generate_series(1, ${ORDERS}) g`,
    );
    await client.query(
      `update checkout_attempts set payment_intent_id = 'pi_bulk_' || substr(order_id, 10) where order_id like 'ord_bulk_%'`,
    );

    await client.query(
      `insert into products (id, title, description, unit_amount, currency, image_url, position)
         select 'prod_bulk_' || g, 'Bulk ' || g, '', 100, 'usd', '/img.png', 100 + g
         from generate_series(1, ${ORDERS}) g`,
    );

    const reads: Record<string, number> = {};
    await checkoutAndPay('ord_plan_measured', async (step, run) => {
      const before = await rowsRead();
      await run();
      reads[step] = (await rowsRead()) - before;
    });
    // The measure itself works: a scan of the attempts counts every one of them.
    const before = await rowsRead();
    await client.query(`select count(*) from checkout_attempts where url is null`);
    expect((await rowsRead()) - before).toBeGreaterThan(ORDERS);

    expect(Object.keys(reads)).toHaveLength(8);
    for (const [step, rows] of Object.entries(reads)) {
      expect({ step, rows }).toEqual({ step, rows: expect.toSatisfy((n: number) => n <= MAX_ROWS_READ) });
    }
    // The order really went through: the measured path is the real one.
    const { rows } = await client.query<{ status: string; current_session_id: string }>(
      `select status, current_session_id from orders where id = 'ord_plan_measured'`,
    );
    expect(rows[0]).toEqual({ status: 'paid', current_session_id: 'cs_test_ord_plan_measured' });
  }, 60_000);
});
