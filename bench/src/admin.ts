import pg from 'pg';
import { createDatabase, startProcesses } from './env.js';
import { percentile } from './load.js';

const ORDERS = Number(process.env.BENCH_ADMIN_ORDERS ?? 1_000_000);
const ADMIN = { email: 'bench@shop.example', password: 'benchmark admin passphrase' };

/** 1,000,000 orders over a year, in every status, with their checkout attempts. */
async function seed(pool: pg.Pool): Promise<void> {
  const batch = 200_000;
  for (let from = 1; from <= ORDERS; from += batch) {
    const to = Math.min(ORDERS, from + batch - 1);
    await pool.query(
      `insert into orders (id, status, currency, total_amount, items, customer_email, access_token_hash,
                           current_attempt_no, current_session_id, payment_intent_id, amount_received, paid_at,
                           created_at, updated_at)
       select 'ord_m' || lpad(g::text, 9, '0'),
              (array['paid','paid','paid','paid','failed','expired','pending','cancelled','partially_refunded','refunded'])[1 + g % 10],
              'usd', 1000 + g % 9000, '[]'::jsonb, 'customer' || (g % 250000) || '@example.com', md5(g::text), 1,
              'cs_test_m' || g, case when g % 10 in (0,1,2,3,8,9) then 'pi_m' || g end,
              case when g % 10 in (0,1,2,3,8,9) then 1000 + g % 9000 end,
              case when g % 10 in (0,1,2,3,8,9) then now() - ((${ORDERS} - g) * interval '31 seconds') end,
              now() - ((${ORDERS} - g) * interval '31 seconds'), now() - ((${ORDERS} - g) * interval '31 seconds')
       from generate_series($1::int, $2::int) g`,
      [from, to],
    );
    await pool.query(
      `insert into checkout_attempts (order_id, attempt_no, session_id, status, payment_intent_id, expires_at, idempotency_key, created_at)
       select 'ord_m' || lpad(g::text, 9, '0'), 1, 'cs_test_m' || g, 'complete', case when g % 10 in (0,1,2,3,8,9) then 'pi_m' || g end,
              now(), 'order:ord_m' || lpad(g::text, 9, '0') || ':attempt:1', now()
       from generate_series($1::int, $2::int) g`,
      [from, to],
    );
  }
  await pool.query('analyze');
}

async function timed(n: number, fn: (i: number) => Promise<Response>) {
  const latencies: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t = performance.now();
    const res = await fn(i);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`admin request failed: ${res.status}`);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

function indexesOf(plan: string): string[] {
  return [...new Set([...plan.matchAll(/using (\w+)/g)].map((m) => m[1]!))];
}

export async function runAdminBench() {
  const db = await createDatabase('admin');
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  const procs = await startProcesses(db.url, { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  try {
    const seeded = performance.now();
    await seed(pool);
    const seedSeconds = Math.round((performance.now() - seeded) / 1000);
    const login = await fetch(`${procs.storeUrl}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const get = (path: string) => fetch(`${procs.storeUrl}${path}`, { headers: { cookie } });
    await timed(20, () => get('/api/admin/orders')); // warm up
    const firstPage = await timed(200, () => get('/api/admin/orders'));
    const bySession = await timed(200, (i) =>
      get(`/api/admin/orders?q=cs_test_m${1 + ((i * 7919) % ORDERS)}`),
    );
    const byStatus = await timed(100, () => get('/api/admin/orders?status=failed,expired'));
    const byEmail = await timed(100, (i) => get(`/api/admin/orders?q=customer${(i * 31) % 250000}@`));

    const explain = async (sql: string, params: unknown[]) =>
      (await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, params)).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n');
    const listPlan = await explain(
      'select * from orders order by created_at desc nulls last, id desc nulls last limit 26',
      [],
    );
    const sessionPlan = await explain(
      'select * from orders where id in (select order_id from checkout_attempts where session_id = $1) order by created_at desc nulls last, id desc nulls last limit 26',
      ['cs_test_m424242'],
    );
    const statusPlan = await explain(
      `(select * from orders where status = 'failed' order by created_at desc nulls last, id desc nulls last limit 26)
       union all
       (select * from orders where status = 'expired' order by created_at desc nulls last, id desc nulls last limit 26)
       order by created_at desc, id desc limit 26`,
      [],
    );
    const emailPlan = await explain(
      `select * from orders where lower(customer_email) like 'customer4242@%' order by created_at desc nulls last, id desc nulls last limit 26`,
      [],
    );
    const ms = (n: number) => `${Math.round(n * 10) / 10} ms`;
    return {
      rows: [
        {
          scenario: `admin list, first page (${ORDERS.toLocaleString('en-US')} orders in PostgreSQL)`,
          measured: `p95 ${ms(firstPage.p95)} (p50 ${ms(firstPage.p50)}) via ${indexesOf(listPlan).join(', ')}`,
          baseline: '—',
          ratio: '—',
          target: 'p95 ≤ 50 ms',
          pass: firstPage.p95 <= 50,
        },
        {
          scenario: 'admin search by session id',
          measured: `p95 ${ms(bySession.p95)} (p50 ${ms(bySession.p50)}) via ${indexesOf(sessionPlan).join(', ')}`,
          baseline: '—',
          ratio: '—',
          target: 'p95 ≤ 50 ms',
          pass: bySession.p95 <= 50,
        },
        {
          scenario: 'admin list filtered by status (failed, expired)',
          measured: `p95 ${ms(byStatus.p95)} via ${indexesOf(statusPlan).join(', ')}`,
          baseline: '—',
          ratio: '—',
          target: 'report',
          pass: null,
        },
        {
          scenario: 'admin search by email prefix',
          measured: `p95 ${ms(byEmail.p95)} via ${indexesOf(emailPlan).join(', ')}`,
          baseline: '—',
          ratio: '—',
          target: 'report',
          pass: null,
        },
      ],
      details: {
        seedSeconds,
        firstPage,
        bySession,
        byStatus,
        byEmail,
        plans: { listPlan, sessionPlan, statusPlan, emailPlan },
      },
    };
  } finally {
    await pool.end();
    await procs.stop();
    await db.drop();
  }
}
