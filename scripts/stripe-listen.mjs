// `npm start -- --stripe-listen`: instead of the emulator's built-in forwarding, the loop developers run against
// Stripe — the official Stripe CLI (`@stripe/cli`, a dev dependency) with `stripe listen --forward-to` — pointed
// at the emulator with `--api-base`. The store gets the secret `stripe listen --print-secret` prints (the
// emulator keeps it with its state, so it stays the same across restarts).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';

/**
 * The CLI binary of this platform: `@stripe/cli` ships none itself, npm installs it as an optional dependency
 * (`@stripe/cli-linux-x64`, … listed in its `platforms.json`); the package's postinstall download (when allowed)
 * puts it in `vendor/bin`.
 */
export function findStripeCli(root) {
  const require = createRequire(path.join(root, 'package.json'));
  let wrapperDir;
  try {
    wrapperDir = path.dirname(require.resolve('@stripe/cli/package.json'));
  } catch {
    throw new Error('@stripe/cli is not installed (run npm ci)');
  }
  const platforms = require('@stripe/cli/platforms.json');
  const platform = platforms[`${process.platform}-${process.arch}`];
  if (!platform) throw new Error(`@stripe/cli has no binary for ${process.platform}-${process.arch}`);
  const candidates = [path.join(wrapperDir, 'vendor', 'bin', platform.bin)];
  try {
    candidates.unshift(
      path.join(path.dirname(require.resolve(`${platform.pkg}/package.json`)), 'bin', platform.bin),
    );
  } catch {
    // The platform package is missing: only the postinstall location is left.
  }
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found)
    throw new Error(`the Stripe CLI binary is missing (${platform.pkg} was not installed; run npm ci)`);
  return found;
}

/**
 * Runs `stripe listen --print-secret`, then `stripe listen --all-snapshot --forward-to <forwardTo>` against the
 * emulator, and resolves once the CLI says Ready. Its output (each `-->` event and `<--` endpoint status) is
 * passed through unless `quiet`. The CLI's telemetry is off unless STRIPE_CLI_TELEMETRY_OPTOUT says otherwise.
 *
 * @param {{ root: string, apiBase: string, apiKey: string, forwardTo: string, quiet?: boolean }} options
 * @returns {Promise<{ secret: string, child: import('node:child_process').ChildProcess }>}
 */
export async function startStripeListen({ root, apiBase, apiKey, forwardTo, quiet = false }) {
  const binary = findStripeCli(root);
  const env = { ...process.env, STRIPE_CLI_TELEMETRY_OPTOUT: process.env.STRIPE_CLI_TELEMETRY_OPTOUT ?? '1' };
  const connection = ['--api-key', apiKey, '--api-base', apiBase];
  const printed = spawnSync(binary, ['listen', '--print-secret', ...connection], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const secret = printed.stdout?.trim() ?? '';
  if (printed.status !== 0 || !/^whsec_\w+$/.test(secret))
    throw new Error(
      `stripe listen --print-secret failed: ${`${printed.stdout ?? ''}${printed.stderr ?? ''}`.trim()}`,
    );

  const child = spawn(binary, ['listen', '--all-snapshot', '--forward-to', forwardTo, ...connection], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let settle;
  const ready = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });
  const onLine = (stream) => (line) => {
    if (!quiet) stream.write(`${line}\n`);
    if (line.includes('Ready!')) settle.resolve();
  };
  readline.createInterface({ input: child.stdout }).on('line', onLine(process.stdout));
  readline.createInterface({ input: child.stderr }).on('line', onLine(process.stderr));
  child.once('exit', (code) => settle.reject(new Error(`stripe listen exited with code ${code}`)));
  const timer = setTimeout(
    () => settle.reject(new Error('stripe listen did not say Ready within 60 s')),
    60_000,
  );
  try {
    await ready;
  } catch (error) {
    if (child.exitCode === null) child.kill('SIGTERM');
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return { secret, child };
}
