import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { waitFor } from './harness.js';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

/** `stripe-emulator` run from its source as a child process, with everything it printed so far. */
export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Its exit code, once it exits. */
  exited: Promise<number | null>;
}

/** Starts the CLI with `args`, without waiting for anything. */
export function spawnCli(args: string[]): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** A started CLI: its API base from the banner, and an SDK pointed at it. */
export interface RunningCli extends CliProcess {
  base: URL;
  stripe: Stripe;
}

/** Starts the CLI with `args` and waits for its banner (`Ready!`). */
export async function startCli(args: string[]): Promise<RunningCli> {
  const cli = spawnCli(args);
  await waitFor(() => cli.stdout().includes('Ready!'), 30_000).catch(() => {
    cli.child.kill('SIGKILL');
    throw new Error(`CLI did not start: ${cli.stdout()}\n${cli.stderr()}`);
  });
  const base = new URL(/STRIPE_API_BASE=(\S+)/.exec(cli.stdout())?.[1] ?? '');
  const stripe = new Stripe('sk_test_cli', {
    host: base.hostname,
    port: Number(base.port),
    protocol: 'http',
  });
  return { ...cli, base, stripe };
}
