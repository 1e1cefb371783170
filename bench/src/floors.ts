import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';

/**
 * The floors the store is measured against: the cheapest way to do the same work, measured in the same run on
 * the same PostgreSQL (docs/benchmarks.md, "Method"). A floor does what the store must do for the fact and
 * nothing it merely chooses to do (attribution reads, the deliveries log, the payments row, the outbox…): that
 * difference is what the ratio measures.
 */

/**
 * The webhook DB floor, in one statement (one round trip, its own transaction): record the event (id, type,
 * payload as jsonb; a copy changes nothing), lock the order it names, mark it paid, write the history row.
 */
const WEBHOOK_FLOOR_SQL = `
with ev as (
  insert into stripe_events (id, type, api_version, created, object_id, order_id, payload, outcome)
  values ($1, $2, $3, to_timestamp($4), $5, $6, $7::jsonb, 'applied')
  on conflict (id) do nothing
  returning id
), o as (
  select id, status from orders where id = $6 and exists (select 1 from ev) for update
), upd as (
  update orders set status = 'paid', amount_received = $8, payment_intent_id = $9, paid_at = to_timestamp($4),
                    updated_at = now(), version = version + 1
  from o where orders.id = o.id
  returning orders.id, o.status as from_status
)
insert into order_events (order_id, source, kind, from_status, to_status, outcome, stripe_event_id)
select id, 'webhook', $2, from_status, 'paid', 'applied', $1 from upd`;

interface CompletedEvent {
  id: string;
  type: string;
  created: number;
  api_version: string;
  data: {
    object: { id: string; metadata: { order_id: string }; payment_intent: string; amount_total: number };
  };
}

/** The webhook DB floor for one `checkout.session.completed` body. */
export async function webhookFloor(pool: pg.Pool, payload: string): Promise<void> {
  const event = JSON.parse(payload) as CompletedEvent;
  const session = event.data.object;
  await pool.query(WEBHOOK_FLOOR_SQL, [
    event.id,
    event.type,
    event.api_version,
    event.created,
    session.id,
    session.metadata.order_id,
    payload,
    session.amount_total,
    session.payment_intent,
  ]);
}

/** Stripe's signature check (`t=…,v1=…`, HMAC-SHA256 of `t.body`, 5 minutes' tolerance), with node:crypto only. */
export function signatureValid(body: Buffer, header: string, secret: string, nowSeconds: number): boolean {
  let timestamp = NaN;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value = ''] = part.split('=', 2);
    if (key === 't') timestamp = Number(value);
    else if (key === 'v1') signatures.push(Buffer.from(value, 'hex'));
  }
  if (!Number.isFinite(timestamp) || Math.abs(nowSeconds - timestamp) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
  return signatures.some((s) => s.length === expected.length && timingSafeEqual(s, expected));
}

/**
 * The create-checkout floor's first step, in one statement: price the cart from `products`, insert the order with
 * its items, its reserved attempt (no session yet) and its history row. Returns what the session is made of.
 */
const CHECKOUT_FLOOR_RESERVE_SQL = `
with p as (
  select id, title, unit_amount, currency from products where id = $2 and active
), o as (
  insert into orders (id, status, currency, total_amount, items, access_token_hash, current_attempt_no)
  select $1, 'pending', p.currency, p.unit_amount * $3,
         jsonb_build_array(jsonb_build_object('productId', p.id, 'title', p.title, 'unitAmount', p.unit_amount,
                                              'quantity', $3::int)),
         $4, 1
  from p
  returning id, currency, total_amount
), a as (
  insert into checkout_attempts (order_id, attempt_no, status, expires_at, idempotency_key, plan)
  select id, 1, 'creating', now() + interval '1 hour', $5, $6::jsonb from o
  returning order_id
), h as (
  insert into order_events (order_id, source, kind, to_status, outcome)
  select order_id, 'customer', 'checkout_created', 'pending', 'applied' from a
)
select o.currency, o.total_amount from o`;

/** The create-checkout floor's last step, in one statement: the session id on the attempt and the order. */
const CHECKOUT_FLOOR_RECORD_SQL = `
with a as (
  update checkout_attempts set session_id = $2, url = $3, status = 'open'
  where order_id = $1 and attempt_no = 1
  returning order_id
)
update orders set current_session_id = $2, updated_at = now() from a where orders.id = a.order_id`;

/**
 * The create-checkout floor for one cart of `quantity` × `productId`: reserve (one statement), create the session
 * (`createSession`: the same request the store sends, through the official SDK, with the same idempotency key),
 * record it (one statement).
 */
export async function checkoutFloor(
  pool: pg.Pool,
  orderId: string,
  productId: string,
  quantity: number,
  plan: unknown,
  createSession: (orderId: string, idempotencyKey: string) => Promise<{ id: string; url: string | null }>,
): Promise<void> {
  const idempotencyKey = `order:${orderId}:attempt:1`;
  const tokenHash = createHash('sha256').update(randomBytes(32)).digest('hex');
  const reserved = await pool.query(CHECKOUT_FLOOR_RESERVE_SQL, [
    orderId,
    productId,
    quantity,
    tokenHash,
    idempotencyKey,
    JSON.stringify(plan),
  ]);
  if (reserved.rowCount !== 1) throw new Error(`product ${productId} is not for sale`);
  const session = await createSession(orderId, idempotencyKey);
  await pool.query(CHECKOUT_FLOOR_RECORD_SQL, [orderId, session.id, session.url]);
}
