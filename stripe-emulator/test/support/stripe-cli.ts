import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The official Stripe CLI from the `@stripe/cli` dev dependency. The package ships no binary itself: npm installs
 * the one of this platform as an optional dependency (`@stripe/cli-linux-x64`, …, listed in its
 * `platforms.json`), and its `bin/shim.js` runs that binary. Its postinstall script only downloads the binary from
 * GitHub when the platform package is missing, so it is not needed (npm 11 does not run it unless allowed). The
 * tests resolve the platform package's binary the way the shim does and run it directly (no `npx`, no shim
 * process in between); `vendor/bin` is where the postinstall download would put it.
 */
export function findStripeCli(): { path: string } | { missing: string } {
  const require = createRequire(import.meta.url);
  let wrapperDir: string;
  try {
    wrapperDir = dirname(require.resolve('@stripe/cli/package.json'));
  } catch {
    return { missing: '@stripe/cli is not installed (run npm ci)' };
  }
  const platforms = require('@stripe/cli/platforms.json') as Record<string, { pkg: string; bin: string }>;
  const key = `${process.platform}-${process.arch}`;
  const platform = platforms[key];
  if (!platform) return { missing: `@stripe/cli has no binary for ${key}` };
  const candidates: string[] = [];
  try {
    candidates.push(join(dirname(require.resolve(`${platform.pkg}/package.json`)), 'bin', platform.bin));
  } catch {
    // Not installed (npm --omit=optional, or a lockfile without this platform): try the postinstall location.
  }
  candidates.push(join(wrapperDir, 'vendor', 'bin', platform.bin));
  const found = candidates.find((candidate) => existsSync(candidate));
  return found
    ? { path: found }
    : {
        missing: `the Stripe CLI binary for ${key} is missing: ${platform.pkg} was not installed (npm ci installs it as an optional dependency of @stripe/cli)`,
      };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout + stderr. */
  output: string;
}

/**
 * Runs the CLI hermetically: a throwaway HOME (no profile, no stored keys), telemetry off, and every request that
 * is not to the emulator (the update check on api.github.com, telemetry) refused at once by a proxy that does not
 * exist — Go never proxies loopback addresses, so the emulator is reached directly.
 */
export class StripeCli {
  private readonly home = mkdtempSync(join(tmpdir(), 'stripe-cli-home-'));

  constructor(
    readonly binary: string,
    private readonly apiBase: string,
    private readonly apiKey: string,
  ) {}

  private env(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.home,
      XDG_CONFIG_HOME: join(this.home, '.config'),
      STRIPE_CLI_TELEMETRY_OPTOUT: '1',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      HTTP_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1,localhost',
    };
  }

  run(args: string[], timeoutMs = 30_000): Promise<CliResult> {
    return new Promise((resolve) => {
      execFile(
        this.binary,
        [...args, '--api-key', this.apiKey, '--api-base', this.apiBase],
        { env: this.env(), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          resolve({ code, stdout, stderr, output: `${stdout}${stderr}` });
        },
      );
    });
  }

  /** Runs a command that prints a JSON object (`get`, `post`, resource commands) and parses it. */
  async json<T = Record<string, unknown>>(args: string[]): Promise<T> {
    const result = await this.run(args);
    const start = result.stdout.indexOf('{');
    if (result.code !== 0 || start === -1)
      throw new Error(`stripe ${args.join(' ')} failed (${String(result.code)}):\n${result.output}`);
    return JSON.parse(result.stdout.slice(start)) as T;
  }

  /** Starts a command that keeps running (`listen`); stop it with `stop()`. */
  start(args: string[]): CliProcess {
    const child = spawn(this.binary, [...args, '--api-key', this.apiKey, '--api-base', this.apiBase], {
      env: this.env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new CliProcess(child);
  }

  dispose(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}

// The CLI colours and links its output only on a terminal; stripping escapes keeps the assertions exact anyway.
// eslint-disable-next-line no-control-regex -- matching ANSI escape sequences is the point
const ANSI = /\u001b\[[0-9;]*[A-Za-z]|\u001b\]8;[^\u0007\u001b]*(\u0007|\u001b\\)/g;

/** A running CLI command: its output so far (stdout and stderr interleaved as they arrive, without ANSI codes). */
export class CliProcess {
  private text = '';
  private readonly exited: Promise<number | null>;

  constructor(private readonly child: ChildProcess) {
    const append = (chunk: Buffer): void => {
      this.text += chunk.toString('utf8').replace(ANSI, '');
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get output(): string {
    return this.text;
  }

  /** Resolves with the first match of `pattern` in the output (waiting for it), or fails on exit or timeout. */
  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.text);
      if (match) return match;
      if (this.child.exitCode !== null)
        throw new Error(`stripe exited (${this.child.exitCode}) before printing ${pattern}:\n${this.text}`);
      if (Date.now() > deadline) throw new Error(`stripe did not print ${pattern} in time:\n${this.text}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Ctrl+C (SIGINT), as a developer stops `stripe listen`; SIGKILL if it has not exited after 10 s. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGINT');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      try {
        return await this.exited;
      } finally {
        clearTimeout(timer);
      }
    }
    return this.exited;
  }
}
