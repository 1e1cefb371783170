import { createHmac } from 'node:crypto';
import type pg from 'pg';

/**
 * Pending orders with their open checkout attempt, inserted straight into the database: the webhook
 * benchmarks need thousands of orders waiting for their `checkout.session.completed`.
 */
export async function seedPendingOrders(pool: pg.Pool, prefix: string, count: number): Promise<string[]> {
  await pool.query(
    `insert into orders (id, status, currency, total_amount, items, access_token_hash, current_attempt_no,
                         current_session_id, customer_email)
     select 'ord_' || $1 || lpad(g::text, 8, '0'), 'pending', 'usd', 2800,
            '[{"productId":"prod_pour_over_dripper","title":"Ceramic Pour-Over Dripper","unitAmount":2800,"quantity":1}]'::jsonb,
            md5(g::text), 1, 'cs_test_' || $1 || lpad(g::text, 8, '0'), 'bench' || g || '@example.com'
     from generate_series(1, $2::int) g`,
    [prefix, count],
  );
  await pool.query(
    `insert into checkout_attempts (order_id, attempt_no, session_id, status, expires_at, idempotency_key)
     select id, 1, current_session_id, 'open', now() + interval '1 hour', 'order:' || id || ':attempt:1'
     from orders where id like 'ord_' || $1 || '%'`,
    [prefix],
  );
  const { rows } = await pool.query<{ id: string }>(
    `select id from orders where id like 'ord_' || $1 || '%' order by id`,
    [prefix],
  );
  // Let the bulk insert settle before anything is measured: its statistics, its dead tuples and its
  // dirty pages are the seeding's cost, not the store's (a store in service never writes thousands of
  // rows in one statement).
  await pool.query('vacuum analyze orders, checkout_attempts');
  await pool.query('checkpoint');
  return rows.map((r) => r.id);
}

export type EventTemplate = Record<string, unknown> & { data: { object: Record<string, unknown> } };

/** The `checkout.session.completed` Stripe would send for one of the seeded orders. */
export function completedEventFor(template: EventTemplate, orderId: string, n: number): string {
  const event = structuredClone(template);
  const sessionId = `cs_test_${orderId.slice(4)}`;
  event.id = `evt_bench${orderId.slice(4)}${n}`;
  event.created = Math.floor(Date.now() / 1000);
  Object.assign(event.data.object, {
    id: sessionId,
    client_reference_id: orderId,
    metadata: { order_id: orderId, attempt_no: '1' },
    payment_intent: `pi_bench${orderId.slice(4)}`,
    // The template's figures are the emulator's for this very cart (the dripper, 2800): its subtotal is the
    // order's items, and its total adds the shop's default shipping and tax, as a real payment would.
    payment_status: 'paid',
    status: 'complete',
  });
  return JSON.stringify(event);
}

export function signature(payload: string, secret: string): string {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;
}

/**
 * The raw-SQL baseline: exactly the writes the store makes for one `checkout.session.completed`
 * (dedupe insert, lookups, row lock, order and attempt updates, history, outcome, delivery log), with
 * `pg` and nothing else — no HTTP, no signature, no framework.
 */
export async function baselineApply(pool: pg.Pool, payload: string): Promise<void> {
  const event = JSON.parse(payload) as {
    id: string;
    type: string;
    created: number;
    api_version: string;
    data: {
      object: { id: string; metadata: { order_id: string }; payment_intent: string; amount_total: number };
    };
  };
  const session = event.data.object;
  const client = await pool.connect();
  try {
    await client.query('begin');
    const fresh = await client.query(
      `insert into stripe_events (id, type, api_version, created, object_id, payload, outcome)
       values ($1, $2, $3, to_timestamp($4), $5, $6, 'ignored') on conflict (id) do nothing returning id`,
      [event.id, event.type, event.api_version, event.created, session.id, payload],
    );
    if (fresh.rowCount === 1) {
      const attempt = await client.query<{ order_id: string; attempt_no: number }>(
        'select order_id, attempt_no from checkout_attempts where session_id = $1',
        [session.id],
      );
      const orderId = attempt.rows[0]!.order_id;
      await client.query('select * from orders where id = $1 for update', [orderId]);
      await client.query('select * from checkout_attempts where order_id = $1 and attempt_no = 1', [orderId]);
      await client.query(
        `update checkout_attempts set status = 'complete', payment_status = 'paid', payment_intent_id = $2, updated_at = now()
         where order_id = $1 and attempt_no = 1`,
        [orderId, session.payment_intent],
      );
      await client.query(
        `update orders set status = 'paid', status_reason = null, amount_received = $2, payment_intent_id = $3,
                paid_at = to_timestamp($4), updated_at = now(), version = version + 1 where id = $1 returning *`,
        [orderId, session.amount_total, session.payment_intent, event.created],
      );
      await client.query(
        `insert into payments (payment_intent_id, order_id, attempt_no, session_id, amount, currency, received_at)
         values ($1, $2, 1, $3, $4, 'usd', to_timestamp($5))`,
        [session.payment_intent, orderId, session.id, session.amount_total, event.created],
      );
      await client.query(
        `insert into order_events (order_id, source, kind, from_status, to_status, outcome, stripe_event_id, detail)
         values ($1, 'webhook', $2, 'pending', 'paid', 'applied', $3, $4)`,
        [orderId, event.type, event.id, JSON.stringify({ note: 'payment_succeeded' })],
      );
      // What the payment causes: its stock holds are taken (none here: one indexed read), its confirmation is
      // put in the outbox.
      await client.query('select product_id from stock_reservations where order_id = $1', [orderId]);
      await client.query(
        `insert into outbox_messages (id, order_id, kind, dedupe_key, recipient)
         values ($1, $2, 'order_confirmation', $3, null) on conflict (dedupe_key) do nothing`,
        [`msg_${event.id}`, orderId, `confirmation:${orderId}`],
      );
      await client.query(
        `update stripe_events set outcome = 'applied', order_id = $2, note = 'payment_succeeded' where id = $1`,
        [event.id, orderId],
      );
    }
    await client.query('commit');
    await client.query(
      `insert into webhook_deliveries (event_id, event_type, signature_ok, result, http_status, duration_ms)
       values ($1, $2, true, 'accepted', 200, 1)`,
      [event.id, event.type],
    );
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
