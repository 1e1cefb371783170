import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './support/harness.js';

/**
 * The emulator as a new user gets it: `npm pack` (which builds it), the tarball installed in an empty folder,
 * `npx stripe-emulator` started there and used over plain HTTP, as curl would. Nothing from the repository is
 * imported or run besides `npm pack`.
 */
const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string };
const work = mkdtempSync(join(tmpdir(), 'stripe-emulator-packed-'));
const app = join(work, 'app');
const KEY = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc';

/**
 * npm passes its own settings to scripts as npm_* variables (workspace root, prefix, `--workspaces` …); a new
 * user's shell has none of them, and the nested npm must not install into this repository. Only the registry,
 * the cache and the user's npmrc are kept (a CI mirror keeps working).
 */
function userEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig']);
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => {
      const lower = name.toLowerCase();
      return keep.has(lower) || !(lower.startsWith('npm_') || lower === 'init_cwd');
    }),
  );
}

const npm = (args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> =>
  run('npm', args, { cwd, env: userEnv(), maxBuffer: 64 * 1024 * 1024 });

interface Started {
  child: ChildProcess;
  stdout: () => string;
  base: string;
  webhookSecret: string;
  exited: Promise<number | null>;
}

/** `npx stripe-emulator …` in the user's folder, in its own process group (npx runs node as a child). */
async function startCli(args: string[]): Promise<Started> {
  const child = spawn('npx', ['--no', '--', 'stripe-emulator', ...args], {
    cwd: app,
    env: userEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  started.push(child);
  await waitFor(() => stdout.includes('Ready!'), 30_000).catch(() => {
    throw new Error(`npx stripe-emulator did not start:\n${stdout}\n${stderr}`);
  });
  return {
    child,
    stdout: () => stdout,
    base: /STRIPE_API_BASE=(\S+)/.exec(stdout)?.[1] ?? '',
    webhookSecret: /STRIPE_WEBHOOK_SECRET=(\S+)/.exec(stdout)?.[1] ?? '',
    exited,
  };
}

/** SIGTERM to the group: npx and the emulator it started (npx does not pass the signal on). */
function stop(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // The whole group is gone already.
  }
}

const started: ChildProcess[] = [];
let tarball = '';
let packedFiles: string[] = [];

beforeAll(async () => {
  const { stdout } = await npm(['pack', '--json', '--pack-destination', work], PACKAGE_DIR);
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, packed?.filename ?? '');
  packedFiles = (packed?.files ?? []).map((file) => file.path);
  mkdirSync(app);
  await npm(['init', '-y'], app);
  await npm(['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], app);
}, 180_000);

afterAll(() => {
  for (const child of started) stop(child);
  rmSync(work, { recursive: true, force: true });
});

/** Every file under `dir`, relative to it. */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

describe('the packed emulator, installed in an empty folder', () => {
  it('the tarball holds the built emulator and its reference data, no sources, tests, maps or secrets', () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/cli.js',
        'dist/index.js',
        'dist/index.d.ts',
        'reference/request-schemas.json',
      ]),
    );
    const unwanted = packedFiles.filter(
      (path) =>
        /(^|\/)(src|test|bench|scripts|node_modules)\//.test(path) ||
        /\.test\.|\.map$|(?<!\.d)\.ts$|\.tsbuildinfo$/.test(path) ||
        /(^|\/)(\.env[^/]*|\.npmrc|[^/]*\.(pem|key|p12))$|state[^/]*\.json$/.test(path),
    );
    expect(unwanted).toEqual([]);
    const installed = join(app, 'node_modules', '@checkstand', 'stripe-emulator');
    for (const file of walk(installed).filter((path) => /\.(js|json|md)$/.test(path))) {
      const text = readFileSync(join(installed, file), 'utf8');
      expect(/\b(sk|rk)_live_[A-Za-z0-9]{8,}/.test(text), `live key in ${file}`).toBe(false);
    }
  });

  it('npx stripe-emulator starts, answers its health check and serves Checkout over plain HTTP', async () => {
    const cli = await startCli(['--port', '0']);
    try {
      expect(cli.stdout()).toContain('Stripe emulator ready');
      expect(cli.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(cli.webhookSecret).toMatch(/^whsec_/);

      const health = await fetch(`${cli.base}/_emulator/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({
        ok: true,
        status: 'ok',
        version: pkg.version,
        apiVersion: expect.stringMatching(/^\d{4}-\d{2}-\d{2}\./) as string,
        uptimeSeconds: expect.any(Number) as number,
        counts: { checkoutSessions: 0, events: 0 },
      });

      // As `curl -u sk_test_…: -d mode=payment -d "line_items[0][price_data][currency]=eur" …` sends it.
      const basic = `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`;
      const form = new URLSearchParams({
        mode: 'payment',
        success_url: 'https://example.com/success',
        'line_items[0][price_data][currency]': 'eur',
        'line_items[0][price_data][unit_amount]': '1250',
        'line_items[0][price_data][product_data][name]': 'Enamel mug',
        'line_items[0][quantity]': '2',
        'metadata[order_id]': 'ord_1',
      });
      const created = await fetch(`${cli.base}/v1/checkout/sessions`, {
        method: 'POST',
        headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      const session = (await created.json()) as Record<string, unknown>;
      expect(created.status, JSON.stringify(session)).toBe(200);
      expect(session).toMatchObject({
        object: 'checkout.session',
        status: 'open',
        amount_total: 2500,
        currency: 'eur',
        metadata: { order_id: 'ord_1' },
        url: `${cli.base}/c/pay/${String(session.id)}`,
      });

      const read = await fetch(`${cli.base}/v1/checkout/sessions/${String(session.id)}`, {
        headers: { Authorization: basic },
      });
      expect(await read.json()).toMatchObject({ id: session.id, status: 'open' });
      const page = await fetch(String(session.url));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);

      const paid = await fetch(`${cli.base}/_emulator/checkout/sessions/${String(session.id)}/pay`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ card: '4242424242424242' }),
      });
      expect(await paid.json()).toMatchObject({
        outcome: 'succeeded',
        session: { status: 'complete', payment_status: 'paid' },
      });
      const events = (await (
        await fetch(`${cli.base}/v1/events`, { headers: { Authorization: basic } })
      ).json()) as {
        data: { type: string }[];
      };
      expect(events.data.map((event) => event.type)).toContain('checkout.session.completed');
      expect(await (await fetch(`${cli.base}/_emulator/health`)).json()).toMatchObject({
        counts: { checkoutSessions: 1, paymentIntents: 1, charges: 1 },
      });
    } finally {
      stop(cli.child);
    }
    // npx dies of the signal; the emulator (same process group) shuts down cleanly and frees its port.
    await cli.exited;
    await waitFor(() => cli.stdout().includes('Received SIGTERM, shutting down'), 10_000);
    await waitFor(
      async () =>
        fetch(`${cli.base}/_emulator/health`).then(
          () => false,
          () => true,
        ),
      10_000,
    );
  });

  it('npx stripe-emulator --seed gives the same secret and ids on every start', async () => {
    const firstIds = async (): Promise<string[]> => {
      const cli = await startCli(['--port', '0', '--seed', 'packed-demo']);
      try {
        const created = await fetch(`${cli.base}/v1/checkout/sessions`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'mode=payment&success_url=https%3A%2F%2Fexample.com&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=500&line_items[0][price_data][product_data][name]=Tea&line_items[0][quantity]=1',
        });
        const { id } = (await created.json()) as { id: string };
        return [cli.webhookSecret, id];
      } finally {
        stop(cli.child);
        await cli.exited;
      }
    };
    const first = await firstIds();
    expect(first[1]).toMatch(/^cs_test_/);
    expect(await firstIds()).toEqual(first);
  });
});
