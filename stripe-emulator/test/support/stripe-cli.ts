import { execFile } from 'node:child_process';
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

  run(args: string[], timeoutMs = 30_000): Promise<CliResult> {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: this.home,
      XDG_CONFIG_HOME: join(this.home, '.config'),
      STRIPE_CLI_TELEMETRY_OPTOUT: '1',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      HTTP_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1,localhost',
    };
    return new Promise((resolve) => {
      execFile(
        this.binary,
        [...args, '--api-key', this.apiKey, '--api-base', this.apiBase],
        { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
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

  dispose(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}
