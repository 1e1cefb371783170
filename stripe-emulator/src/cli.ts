#!/usr/bin/env node
import { parseArgs } from 'node:util';
import {
  DEFAULT_DELAYED_PAYMENT_SECONDS,
  DEFAULT_DISPUTE_DELAY_SECONDS,
  DEFAULT_REFUND_OUTCOME_SECONDS,
  DEFAULT_PORT,
  DEFAULT_RETRY_SCHEDULE,
  startEmulator,
  type EmulatorOptions,
} from './emulator.js';
import { parseFailNext } from './faults/fault-spec.js';

const HELP = `Usage: stripe-emulator [options]

A local Stripe: the Checkout API subset, a hosted checkout page with test cards, signed webhooks.

Options:
  --port <n>                 API port (default ${DEFAULT_PORT}; 0 = random)
  --host <host>              interface to listen on (default 127.0.0.1)
  --public-url <url>         base of hosted-page URLs (default http://<host>:<port>)
  --forward-to <url>         deliver webhooks to this URL (repeatable), like \`stripe listen --forward-to\`
  --webhook-secret <whsec_…> signing secret for the --forward-to endpoints (default: generated, kept with --state)
  --business-name <name>     the business the hosted checkout page names (default: the store's host)
  --state <file>             keep state in this JSON file across restarts
  --seed <string>            reproducible ids: the same seed and the same requests give the same ids
  --retry-schedule <s,s,…>   seconds between delivery attempts (default ${DEFAULT_RETRY_SCHEDULE.join(',')})
  --delivery-timeout <ms>    per-attempt webhook timeout (default 10000)
  --delayed-payment <s>      emulator seconds before a delayed (SEPA) payment settles (default ${DEFAULT_DELAYED_PAYMENT_SECONDS})
  --refund-outcome <s>       emulator seconds before a test card's pending/failing refund settles (default ${DEFAULT_REFUND_OUTCOME_SECONDS})
  --dispute-delay <s>        emulator seconds before a test card's dispute / fraud warning (default ${DEFAULT_DISPUTE_DELAY_SECONDS})
  --fail-next <kind>:<n>[:<METHOD>][:<path>]
                             the next n matching /v1 calls fail: rate_limit, server_error, timeout or
                             lost_response (repeatable), e.g. lost_response:1:POST:/v1/refunds
  --chaos-seed <n>           seed of the webhook chaos decisions, to replay a run (default: random)
  -h, --help                 show this help
`;

function fail(message: string): never {
  process.stderr.write(`stripe-emulator: ${message}\n\n${HELP}`);
  process.exit(2);
}

function number(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) fail(`--${name} expects a non-negative number, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'public-url': { type: 'string' },
        'forward-to': { type: 'string', multiple: true },
        'webhook-secret': { type: 'string' },
        'business-name': { type: 'string' },
        state: { type: 'string' },
        seed: { type: 'string' },
        'retry-schedule': { type: 'string' },
        'delivery-timeout': { type: 'string' },
        'delayed-payment': { type: 'string' },
        'refund-outcome': { type: 'string' },
        'dispute-delay': { type: 'string' },
        'fail-next': { type: 'string', multiple: true },
        'chaos-seed': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const secret = values['webhook-secret'];
  if (secret !== undefined && !secret.startsWith('whsec_')) fail('--webhook-secret must start with whsec_');
  const options: EmulatorOptions = {
    port: number('port', values.port) ?? DEFAULT_PORT,
    webhooks: (values['forward-to'] ?? []).map((url) => (secret ? { url, secret } : { url })),
  };
  if (values.host) options.host = values.host;
  if (values['public-url']) options.publicUrl = values['public-url'];
  if (values.state) options.statePath = values.state;
  if (values.seed !== undefined) {
    if (values.seed === '') fail('--seed expects a non-empty string');
    options.seed = values.seed;
  }
  if (values['business-name']) options.businessName = values['business-name'];
  const schedule = values['retry-schedule'];
  if (schedule !== undefined)
    options.retrySchedule = schedule
      .split(',')
      .filter((part) => part.trim() !== '')
      .map((part) => number('retry-schedule', part.trim()) ?? 0);
  const timeout = number('delivery-timeout', values['delivery-timeout']);
  if (timeout !== undefined) options.deliveryTimeoutMs = timeout;
  const delayed = number('delayed-payment', values['delayed-payment']);
  if (delayed !== undefined) options.delayedPaymentSeconds = delayed;
  const refundOutcome = number('refund-outcome', values['refund-outcome']);
  if (refundOutcome !== undefined) options.refundOutcomeSeconds = refundOutcome;
  const disputeDelay = number('dispute-delay', values['dispute-delay']);
  if (disputeDelay !== undefined) options.disputeDelaySeconds = disputeDelay;

  const failNext = values['fail-next'] ?? [];
  if (failNext.length > 0) {
    options.faults = failNext.map((text) => {
      try {
        return parseFailNext(text);
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
      }
    });
  }
  const seed = values['chaos-seed'];
  if (seed !== undefined) {
    if (!/^\d+$/.test(seed) || Number(seed) >= 2 ** 32)
      fail(`--chaos-seed expects an integer between 0 and 4294967295, got ${seed}`);
    options.chaosSeed = Number(seed);
  }

  const emulator = await startEmulator(options);
  const forward = options.webhooks ?? [];
  const lines = [
    `Stripe emulator ready`,
    `> API base:        ${emulator.url}`,
    `> Secret key:      ${emulator.secretKey}   (any sk_test_/rk_test_ key of letters and digits works)`,
    `> Webhook secret:  ${emulator.webhookSecret}`,
    forward.length > 0
      ? `> Forwarding to:   ${forward.map((f) => f.url).join(', ')}`
      : `> Forwarding to:   (none; add --forward-to <url> or POST /v1/webhook_endpoints)`,
    `> Hosted checkout: ${emulator.url}/c/pay/<session id>`,
    `> Dashboard:       ${emulator.url}/`,
    `> Control API:     ${emulator.url}/_emulator/health`,
    options.statePath
      ? `> State file:      ${options.statePath}`
      : `> State:           in memory (use --state <file> to keep it)`,
    ...(options.seed !== undefined ? [`> Ids:             reproducible (--seed ${options.seed})`] : []),
    ``,
    `STRIPE_API_BASE=${emulator.url}`,
    `STRIPE_SECRET_KEY=${emulator.secretKey}`,
    `STRIPE_WEBHOOK_SECRET=${emulator.webhookSecret}`,
    ``,
    `> Ready! Your webhook signing secret is ${emulator.webhookSecret} (^C to quit)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(
      `\nReceived ${signal}, shutting down${options.statePath ? ' (saving state)' : ''}…\n`,
    );
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stripe-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`stripe-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
