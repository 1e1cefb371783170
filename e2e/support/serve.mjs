// Runs the built store for the end-to-end tests on a fresh, throw-away embedded database, with the
// Stripe emulator in front of it (as `npm start` does), on ports of their own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch } from '../../scripts/launch.mjs';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkstand-e2e-'));
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkstand-e2e-mail-'));
const port = process.env.E2E_PORT ?? '3199';
const emulatorPort = Number(process.env.E2E_EMULATOR_PORT ?? 12199);
// The mail catcher's SMTP port and inbox (web page and HTTP API: GET /api/email) at E2E_MAIL_URL.
const mailSmtpPort = Number(process.env.E2E_MAIL_SMTP_PORT ?? 12125);
const mailWebPort = Number(new URL(process.env.E2E_MAIL_URL ?? 'http://127.0.0.1:12180').port);

const { server, stop } = await launch({
  env: {
    PORT: port,
    DATA_DIR: dataDir,
    PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    STRIPE_SECRET_KEY: '',
    ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL ?? 'owner@e2e.example',
    ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD ?? 'e2e admin passphrase',
    // Fast enough for a test to watch a lost webhook being repaired.
    RECONCILE_INTERVAL_SECONDS: '2',
    // Every test is a customer on 127.0.0.1: budgets no run reaches (the rate limits have their own tests).
    RATE_LIMIT_CHECKOUTS_PER_MINUTE: '1000000',
    RATE_LIMIT_ORDER_ACTIONS_PER_MINUTE: '1000000',
    RATE_LIMIT_ORDER_READS_PER_MINUTE: '1000000',
    RATE_LIMIT_SESSION_SYNCS_PER_MINUTE: '1000000',
    RECONCILE_STALE_SECONDS: '5',
    // Mails reach the inbox within a fraction of a second; a refused one is retried after a second.
    SMTP_URL: '',
    MAIL_POLL_MS: '200',
    MAIL_RETRY_SECONDS: '1',
  },
  emulatorPort,
  mailSmtpPort,
  mailWebPort,
  mailDirectory: mailDir,
  emulatorArgs: ['--retry-schedule', '1,1,2,2,5'],
  quiet: !process.env.E2E_VERBOSE,
});

let stopping = false;
const finish = async (code) => {
  if (stopping) return;
  stopping = true;
  await stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(mailDir, { recursive: true, force: true });
  process.exit(code);
};
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void finish(0));
server.on('exit', (code) => void finish(code ?? 1));
