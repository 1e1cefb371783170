/**
 * Session create + retrieve throughput through the official SDK, at concurrency 16, against the built emulator
 * running in its own process (as the store's benchmarks run it). Run after `npm run build`:
 *   npm run bench -w @checkstand/stripe-emulator  [-- --seconds 5 --concurrency 16]
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Stripe from 'stripe';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '16' } },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('dist/cli.js not found: run `npm run build -w @checkstand/stripe-emulator` first.\n');
  process.exit(1);
}

const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise<string>((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const match = /STRIPE_API_BASE=(\S+)/.exec(out);
    if (match?.[1]) resolve(match[1]);
  });
  child.once('exit', (code) => reject(new Error(`emulator exited (${code})`)));
});
child.stdout.resume();

const url = new URL(base);
const stripe = new Stripe('sk_test_bench', {
  host: url.hostname,
  port: Number(url.port),
  protocol: 'http',
  maxNetworkRetries: 0,
});
const params = (): Stripe.Checkout.SessionCreateParams => ({
  mode: 'payment',
  line_items: [
    {
      price_data: {
        currency: 'eur',
        unit_amount: 1999,
        product_data: { name: 'Bench mug', metadata: { product_id: 'p1' } },
      },
      quantity: 2,
    },
  ],
  success_url: 'http://localhost:3000/checkout/success?session_id={CHECKOUT_SESSION_ID}',
  cancel_url: 'http://localhost:3000/checkout/cancel',
  metadata: { order_id: 'ord_bench', attempt_no: '1' },
  payment_intent_data: { metadata: { order_id: 'ord_bench' } },
  expires_at: Math.floor(Date.now() / 1000) + 3600,
});

async function run(durationMs: number): Promise<{ requests: number; latencies: number[]; errors: number }> {
  const deadline = Date.now() + durationMs;
  const latencies: number[] = [];
  let errors = 0;
  const worker = async (): Promise<void> => {
    while (Date.now() < deadline) {
      try {
        let t = performance.now();
        const session = await stripe.checkout.sessions.create(params());
        latencies.push(performance.now() - t);
        t = performance.now();
        await stripe.checkout.sessions.retrieve(session.id);
        latencies.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { requests: latencies.length, latencies, errors };
}

try {
  await run(1000); // warm-up (JIT, keep-alive sockets)
  const started = performance.now();
  const { requests, latencies, errors } = await run(seconds * 1000);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number): string =>
    (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0).toFixed(1);
  const rate = requests / elapsed;
  process.stdout.write(
    [
      `session create + retrieve through stripe@${Stripe.PACKAGE_VERSION}, concurrency ${concurrency}, ${elapsed.toFixed(1)} s`,
      `  requests:   ${requests} (${errors} errors)`,
      `  throughput: ${rate.toFixed(0)} req/s (${(rate / 2).toFixed(0)} create+retrieve pairs/s)`,
      `  latency:    p50 ${pct(0.5)} ms, p90 ${pct(0.9)} ms, p99 ${pct(0.99)} ms`,
      `  target:     >= 1000 req/s: ${rate >= 1000 ? 'met' : 'NOT met'}`,
      '',
    ].join('\n'),
  );
} finally {
  child.kill('SIGTERM');
}
