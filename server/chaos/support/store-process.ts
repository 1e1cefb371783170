import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { eventually, freePort } from '../../test/support/net.js';

const MAIN = path.resolve(import.meta.dirname, '../../dist/main.js');

/** A store server process (the built `server/dist/main.js`), which the test can kill and restart. */
export class StoreProcess {
  private child: ChildProcess | null = null;
  port = 0;
  stderr = '';
  /** Everything the process wrote, for the check that no secret reached a log. */
  log = '';

  constructor(private readonly env: Record<string, string>) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.port ||= await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', PORT: String(this.port), LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Logs (stdout) and crashes (stderr): the tail for the failure report, all of it for the secrets check.
    const keep = (d: Buffer) => {
      this.log += d.toString();
      this.stderr = (this.stderr + d.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    this.child = child;
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`store exited (${child.exitCode}): ${this.stderr}`);
        return (await fetch(`${this.url}/readyz`)).ok ? true : undefined;
      },
      { timeoutMs: 60_000, what: `store on ${this.port} to be ready` },
    );
  }

  /** SIGKILL: no graceful shutdown, requests in flight are cut. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill('SIGTERM');
  }
}
