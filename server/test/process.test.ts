import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './support/net.js';

/** The real entry point, run from source the way `npm run dev -w @checkstand/server` runs it. */
const SERVER_DIR = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
    cwd: SERVER_DIR,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const output = () => ({ stdout, stderr });
  const waitFor = async (pattern: RegExp, timeoutMs = 60_000) => {
    const started = Date.now();
    while (!pattern.test(stdout)) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${stdout}\n${stderr}`);
      if (Date.now() - started > timeoutMs)
        throw new Error(`timed out waiting for ${pattern}:\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exited, output, waitFor };
}

describe('the server process', () => {
  it('refuses to start on a wrong configuration, naming the variable', async () => {
    const server = startServer({ PORT: 'eighty', CHECKOUT_SESSION_TTL_MINUTES: '5' });
    expect(await server.exited).toBe(1);
    const { stderr } = server.output();
    expect(stderr).toContain('PORT must be an integer between 0 and 65535');
    expect(stderr).toContain('CHECKOUT_SESSION_TTL_MINUTES must be an integer between 30 and 1440');
  });

  it('refuses to start in production without a webhook secret', async () => {
    const server = startServer({ NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_live_x1' });
    expect(await server.exited).toBe(1);
    expect(server.output().stderr).toContain('STRIPE_WEBHOOK_SECRET is required when NODE_ENV=production');
  });

  it('on SIGTERM stops accepting, finishes the request in flight, closes the database and exits 0', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkstand-proc-'));
    dirs.push(dataDir);
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    const server = startServer(env);
    await server.waitFor(/Checkstand is listening/);

    // A request whose body is still arriving when the signal comes.
    const body = JSON.stringify({ items: [{ id: 'prod_x', quantity: 1 }] });
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let response = '';
    socket.on('data', (d: Buffer) => (response += d.toString()));
    const closed = new Promise((r) => socket.once('close', r));
    socket.write(
      `POST /api/nothing-here HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    socket.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 200));

    server.child.kill('SIGTERM');
    await server.waitFor(/shutting down/);
    // New connections are refused while the old request finishes.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    socket.write(body.slice(10));
    await closed;
    expect(response).toMatch(/^HTTP\/1\.1 404/);
    expect(response).toContain('"code":"not_found"');

    expect(await server.exited).toBe(0);
    expect(server.output().stdout).toContain('shutdown complete');
    // The embedded database was closed cleanly: its lock is gone and it opens again.
    expect(fs.existsSync(path.join(dataDir, '.checkstand.lock'))).toBe(false);
    const again = startServer(env);
    await again.waitFor(/Checkstand is listening/);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });
});
