import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ADMIN_PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A fresh PostgreSQL database for one benchmark run, dropped afterwards. */
export async function createDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `checkstand_bench_${label}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_PG_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_PG_URL });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}

export interface Processes {
  storeUrl: string;
  emulatorUrl: string;
  webhookSecret: string;
  secretKey: string;
  store: ChildProcess;
  stop(): Promise<void>;
}

/** The built store (server/dist) and the Stripe emulator (stripe-emulator/dist), each in its own process. */
export async function startProcesses(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<Processes> {
  for (const file of ['server/dist/main.js', 'stripe-emulator/dist/cli.js']) {
    if (!fs.existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing: run npm run build first`);
  }
  const storePort = await freePort();
  const emulatorPort = await freePort();
  const webhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;
  const secretKey = 'sk_test_bench';
  const emulator = spawn(
    process.execPath,
    [
      path.join(ROOT, 'stripe-emulator/dist/cli.js'),
      '--port',
      String(emulatorPort),
      '--forward-to',
      `http://127.0.0.1:${storePort}/api/payments/webhook`,
      '--webhook-secret',
      webhookSecret,
    ],
    { stdio: 'ignore' },
  );
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  await waitFor(`${emulatorUrl}/_emulator/health`, emulator);
  // BENCH_STORE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the store under load.
  const nodeArgs = (process.env.BENCH_STORE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const store = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'server/dist/main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(storePort),
      DATABASE_URL: databaseUrl,
      STRIPE_SECRET_KEY: secretKey,
      STRIPE_API_BASE: emulatorUrl,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      PUBLIC_ORIGIN: `http://127.0.0.1:${storePort}`,
      LOG_LEVEL: 'warn',
      RECONCILE_INTERVAL_SECONDS: '3600',
      // The load generator is one client: the bench measures the store, not its rate limits.
      RATE_LIMIT_CHECKOUTS_PER_MINUTE: '1000000',
      RATE_LIMIT_ORDER_ACTIONS_PER_MINUTE: '1000000',
      RATE_LIMIT_ORDER_READS_PER_MINUTE: '1000000',
      RATE_LIMIT_SESSION_SYNCS_PER_MINUTE: '1000000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const storeUrl = `http://127.0.0.1:${storePort}`;
  await waitFor(`${storeUrl}/readyz`, store);
  return {
    storeUrl,
    emulatorUrl,
    webhookSecret,
    secretKey,
    store,
    async stop() {
      for (const child of [store, emulator]) {
        if (child.exitCode !== null) continue;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Samples a process's resident memory (Linux /proc) until stopped; reports the peak in MB. */
export function rssSampler(pid: number) {
  let peak = 0;
  const read = () => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
    } catch {
      // process gone
    }
  };
  const timer = setInterval(read, 200);
  read();
  return {
    peakMb: () => Math.round(peak),
    stop: () => clearInterval(timer),
  };
}
