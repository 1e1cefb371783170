// Starts the built store and, unless a real STRIPE_SECRET_KEY is configured, the Stripe emulator in
// front of it, with a webhook secret generated for this run and shared by both, and, unless SMTP_URL is set,
// a local mail catcher (MailDev) with a web inbox that receives every e-mail the store sends. Used by `npm start`,
// `npm run dev` (which runs the server from source instead) and the end-to-end tests.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startStripeListen } from './stripe-listen.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function waitForHttp(url, timeoutMs, child) {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** MailDev, the development mail catcher: a devDependency, so absent from a production install. */
const MAILDEV_BIN = path.join(ROOT, 'node_modules/maildev/dist/bin/maildev.js');

/**
 * `withMailCatcher` (default: with the emulator): runs MailDev on `mailSmtpPort`/`mailWebPort` (env MAIL_SMTP_PORT,
 * MAIL_WEB_PORT; 1025/1080), keeping its mails in `mailDirectory`, and points the store's SMTP_URL at it; its
 * inbox (web page and HTTP API, e.g. `GET /api/email`) is at the returned `mail.url`.
 * `serverArgs`/`serverCwd`: how to run the server (node's arguments, and its working directory); by default
 * the build, `server/dist/main.js`, from the repository root.
 * `stripeListen`: the emulator does not forward webhooks itself; the official `stripe listen --forward-to` does,
 * pointed at the emulator, and the store gets the secret `stripe listen --print-secret` prints.
 *
 * @param {{ env?: NodeJS.ProcessEnv, withEmulator?: boolean, emulatorPort?: number, emulatorState?: string | null,
 *           emulatorArgs?: string[], serverArgs?: string[], serverCwd?: string, withMailCatcher?: boolean,
 *           mailSmtpPort?: number, mailWebPort?: number, mailDirectory?: string | null,
 *           onServerLine?: (line: string) => void, quiet?: boolean, stripeListen?: boolean }} options
 */
export async function launch(options = {}) {
  const env = { ...process.env, ...options.env };
  const port = Number(env.PORT ?? 3000);
  const children = [];
  let emulator = null;

  if (options.withEmulator !== false && !env.STRIPE_SECRET_KEY) {
    const emulatorPort = options.emulatorPort ?? Number(env.EMULATOR_PORT ?? 12111);
    const webhookUrl = `http://127.0.0.1:${port}/api/payments/webhook`;
    let webhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;
    const args = [
      path.join(ROOT, 'stripe-emulator/dist/cli.js'),
      '--port',
      String(emulatorPort),
      ...(options.stripeListen ? [] : ['--forward-to', webhookUrl, '--webhook-secret', webhookSecret]),
      ...(options.emulatorState ? ['--state', options.emulatorState] : []),
      // The name the hosted checkout page shows ("Back to Checkstand"), as Stripe shows the account's name.
      '--business-name',
      'Checkstand',
      ...(options.emulatorArgs ?? []),
    ];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: process.env,
      stdio: ['ignore', options.quiet ? 'ignore' : 'inherit', 'inherit'],
    });
    children.push(child);
    const url = `http://127.0.0.1:${emulatorPort}`;
    await waitForHttp(`${url}/_emulator/health`, 30_000, child);
    emulator = { url, child };
    if (options.stripeListen) {
      try {
        const listen = await startStripeListen({
          root: ROOT,
          apiBase: url,
          apiKey: 'sk_test_emulator',
          forwardTo: webhookUrl,
          quiet: options.quiet,
        });
        children.push(listen.child);
        webhookSecret = listen.secret;
        emulator.listen = listen.child;
      } catch (error) {
        child.kill('SIGTERM');
        throw error;
      }
    }
    Object.assign(env, {
      STRIPE_SECRET_KEY: 'sk_test_emulator',
      STRIPE_API_BASE: url,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
    });
  }

  let mail = null;
  const withMailCatcher = options.withMailCatcher ?? options.withEmulator !== false;
  if (withMailCatcher && !env.SMTP_URL && env.MAIL_DISABLED !== 'true') {
    if (!fs.existsSync(MAILDEV_BIN)) {
      process.stderr.write('MailDev is not installed (npm ci installs it): e-mails are not sent\n');
    } else {
      const smtpPort = options.mailSmtpPort ?? Number(env.MAIL_SMTP_PORT ?? 1025);
      const webPort = options.mailWebPort ?? Number(env.MAIL_WEB_PORT ?? 1080);
      const args = [
        MAILDEV_BIN,
        '--smtp',
        String(smtpPort),
        '--ip',
        '127.0.0.1',
        '--web',
        String(webPort),
        '--web-ip',
        '127.0.0.1',
        ...(options.mailDirectory ? ['--mail-directory', options.mailDirectory] : []),
      ];
      const child = spawn(process.execPath, args, {
        cwd: ROOT,
        env: process.env,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      const url = `http://127.0.0.1:${webPort}`;
      await waitForHttp(`${url}/api/healthz`, 30_000, child);
      mail = { url, smtpUrl: `smtp://127.0.0.1:${smtpPort}`, child };
      env.SMTP_URL = mail.smtpUrl;
    }
  }

  const serverArgs = options.serverArgs ?? ['--enable-source-maps', path.join(ROOT, 'server/dist/main.js')];
  const server = spawn(process.execPath, serverArgs, {
    cwd: options.serverCwd ?? ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(server);
  readline.createInterface({ input: server.stdout }).on('line', (line) => {
    if (!options.quiet) process.stdout.write(`${line}\n`);
    options.onServerLine?.(line);
  });

  const stop = async () => {
    for (const child of [...children].reverse()) {
      if (child.exitCode !== null) continue;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  };
  return { server, emulator, mail, port, stop };
}
