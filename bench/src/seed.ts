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
