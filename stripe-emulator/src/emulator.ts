import type { AddressInfo } from 'node:net';
import { createControlApp } from './control/control-app.js';
import { createIdSource, withIdSource, type IdSource } from './core/ids.js';
import { createDashboard } from './dashboard/dashboard-app.js';
import { EmulatorCore } from './emulator-core.js';
import type { FaultSpec } from './faults/fault-queue.js';
import { parseFaultSpec } from './faults/fault-spec.js';
import { createHostedApp } from './hosted/hosted-app.js';
import { ApiRouter, createApiApp } from './http/api-app.js';
import { createHttpServer } from './http/server.js';
import { ListenHub } from './listen/listen-hub.js';
import { registerStripeCliSessionRoutes } from './listen/session-route.js';
import { createListenUpgrade } from './listen/websocket.js';
import { registerChargeRoutes } from './resources/charges.js';
import { registerCheckoutSessionRoutes } from './resources/checkout-sessions.js';
import { registerCouponRoutes } from './resources/coupons.js';
import { registerDisputeRoutes } from './resources/disputes.js';
import { registerEarlyFraudWarningRoutes } from './resources/early-fraud-warnings.js';
import { registerEventRoutes } from './resources/events.js';
import { registerPaymentIntentRoutes } from './resources/payment-intents.js';
import { registerPaymentMethodRoutes } from './resources/payment-methods.js';
import { registerPaymentPageRoutes } from './resources/payment-pages.js';
import { registerPriceRoutes } from './resources/prices.js';
import { registerProductRoutes } from './resources/products.js';
import { registerPromotionCodeRoutes } from './resources/promotion-codes.js';
import { registerRefundRoutes } from './resources/refunds.js';
import { registerShippingRateRoutes } from './resources/shipping-rates.js';
import { registerTaxRateRoutes } from './resources/tax-rates.js';
import { newEndpointRecord, registerWebhookEndpointRoutes } from './resources/webhook-endpoints.js';
import { loadState, saveState } from './state/persistence.js';

export interface EmulatorOptions {
  /** 0 = a random free port (the default here); the CLI defaults to 12111. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Base used in hosted-page URLs; default http://<host>:<port>. */
  publicUrl?: string;
  /** Endpoints registered at start ("forward-to"); those without a secret share one generated secret. */
  webhooks?: { url: string; secret?: string }[];
  /** Seconds between delivery attempts; attempts = length + 1. Default [1, 2, 4, 8, 15, 30]. */
  retrySchedule?: number[];
  /** Per-attempt delivery timeout; default 10000. */
  deliveryTimeoutMs?: number;
  /** Emulator seconds between a delayed (SEPA) payment and its outcome; default 180. */
  delayedPaymentSeconds?: number;
  /**
   * Emulator seconds until a refund of Stripe's asynchronous test cards reaches its final status (4000 0000 0000
   * 7726: pending → succeeded; …5126: succeeded → failed); default 5.
   */
  refundOutcomeSeconds?: number;
  /**
   * Emulator seconds between a test card's successful charge and its dispute or early fraud warning, and between
   * submitted test evidence and the dispute's decision; default 0 (at the next sweep: before the next request is
   * served, or within a second).
   */
  disputeDelaySeconds?: number;
  /**
   * The business the hosted checkout page names ("Back to Checkstand", "Pay Checkstand"), as Stripe shows the
   * account's public business name; default: the host of the session's `cancel_url` / `success_url`.
   */
  businessName?: string;
  /** Save/restore state to this JSON file (loaded at start, saved every second when changed and on close). */
  statePath?: string;
  /**
   * Makes ids reproducible (sessions, intents, events, secrets …): the same seed and the same requests give the
   * same ids. Ids only; the webhook chaos has its own `chaosSeed`. Default: random ids.
   */
  seed?: string;
  /**
   * Faults on demand from the start: the next `/v1` calls fail as given (`rate_limit`, `server_error`, `timeout`,
   * `lost_response`), like `POST /_emulator/faults`.
   */
  faults?: FaultSpec[];
  /** Seed of the webhook chaos decisions (default: random, reported by `GET /_emulator/chaos`). */
  chaosSeed?: number;
  /** Receives every delivery attempt log line (default: stdout). */
  logger?: (line: string) => void;
}

export interface RunningEmulator {
  /** API base, e.g. http://127.0.0.1:12111 (STRIPE_API_BASE). */
  url: string;
  /** A key to use; any `sk_test_…` or `rk_test_…` key made of letters and digits is accepted. */
  secretKey: string;
  /** Signing secret of the first `webhooks` endpoint (shared by every endpoint registered without one). */
  webhookSecret: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 12111;
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [1, 2, 4, 8, 15, 30];
export const DEFAULT_DELAYED_PAYMENT_SECONDS = 180;
export const DEFAULT_REFUND_OUTCOME_SECONDS = 5;
export const DEFAULT_DISPUTE_DELAY_SECONDS = 0;
export const SUGGESTED_SECRET_KEY = 'sk_test_emulator';

function checkOptions(opts: EmulatorOptions): void {
  if (opts.retrySchedule && !opts.retrySchedule.every((n) => Number.isFinite(n) && n >= 0))
    throw new Error('retrySchedule must be a list of non-negative numbers of seconds');
  if (opts.deliveryTimeoutMs !== undefined && !(opts.deliveryTimeoutMs > 0))
    throw new Error('deliveryTimeoutMs must be positive');
  for (const key of ['delayedPaymentSeconds', 'refundOutcomeSeconds', 'disputeDelaySeconds'] as const) {
    const value = opts[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      throw new Error(`${key} must be a non-negative number of seconds`);
  }
  for (const fault of opts.faults ?? []) {
    try {
      parseFaultSpec(fault);
    } catch (error) {
      throw new Error(`faults: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  if (opts.seed !== undefined && (typeof opts.seed !== 'string' || opts.seed === ''))
    throw new Error('seed must be a non-empty string');
  const seed = opts.chaosSeed;
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0 && seed < 2 ** 32))
    throw new Error('chaosSeed must be an integer between 0 and 4294967295');
  if (opts.businessName !== undefined && opts.businessName.length > 100)
    throw new Error('businessName must be at most 100 characters');
  for (const hook of opts.webhooks ?? []) {
    if (!/^https?:\/\//i.test(hook.url)) throw new Error(`webhook URL must be http(s): ${hook.url}`);
    if (hook.secret !== undefined && !hook.secret.startsWith('whsec_'))
      throw new Error('webhook secrets look like whsec_…');
  }
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the emulator: API at `/v1`, hosted checkout at `/c/pay/:id`, control API at `/_emulator`, dashboard at `/`.
 */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  checkOptions(opts);
  const ids = createIdSource(opts.seed);
  // Everything this emulator does from here (its requests, its timers) draws ids from its own source.
  return withIdSource(ids, () => start(opts, ids));
}

async function start(opts: EmulatorOptions, ids: IdSource): Promise<RunningEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.logger ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const core = new EmulatorCore({
    retrySchedule: [...(opts.retrySchedule ?? DEFAULT_RETRY_SCHEDULE)],
    deliveryTimeoutMs: opts.deliveryTimeoutMs ?? 10_000,
    delayedPaymentSeconds: opts.delayedPaymentSeconds ?? DEFAULT_DELAYED_PAYMENT_SECONDS,
    refundOutcomeSeconds: opts.refundOutcomeSeconds ?? DEFAULT_REFUND_OUTCOME_SECONDS,
    disputeDelaySeconds: opts.disputeDelaySeconds ?? DEFAULT_DISPUTE_DELAY_SECONDS,
    businessName: opts.businessName?.trim() || null,
    log,
  });
  if (opts.statePath) await loadState(core, opts.statePath, ids);
  if (opts.chaosSeed !== undefined) core.updateChaos({ seed: opts.chaosSeed });
  for (const fault of opts.faults ?? []) core.faults.add(parseFaultSpec(fault));

  // Endpoints from the command line / options replace the ones saved with the state.
  const saved = [...core.store.endpoints.values()].filter((r) => r.source === 'forward');
  for (const record of saved) core.store.endpoints.delete(record.endpoint.id);
  let firstSecret: string | undefined;
  for (const hook of opts.webhooks ?? []) {
    const secret = hook.secret ?? core.listenSecret;
    firstSecret ??= secret;
    const previous = saved.find((r) => r.endpoint.url === hook.url);
    const record = previous
      ? { ...previous, secret }
      : newEndpointRecord(core, { url: hook.url, enabledEvents: ['*'], secret, source: 'forward' });
    core.store.endpoints.set(record.endpoint.id, record);
  }

  const api = new ApiRouter();
  registerCheckoutSessionRoutes(api, core);
  registerPaymentIntentRoutes(api, core);
  registerChargeRoutes(api, core);
  registerRefundRoutes(api, core);
  const listen = new ListenHub(core);
  registerStripeCliSessionRoutes(api, listen);
  registerEventRoutes(api, core, listen);
  registerWebhookEndpointRoutes(api, core);
  registerProductRoutes(api, core);
  registerPriceRoutes(api, core);
  registerPaymentMethodRoutes(api, core);
  registerPaymentPageRoutes(api, core);
  registerDisputeRoutes(api, core);
  registerEarlyFraudWarningRoutes(api, core);
  registerShippingRateRoutes(api, core);
  registerCouponRoutes(api, core);
  registerPromotionCodeRoutes(api, core);
  registerTaxRateRoutes(api, core);

  const dashboard = createDashboard(core, listen);
  const server = createHttpServer({
    api: createApiApp(core, api),
    control: createControlApp(core, listen),
    hosted: createHostedApp(core),
    dashboard: dashboard.app,
    stream: dashboard.stream,
    before: () => void core.sweep(),
    afterWrite: () => {
      core.markDirty();
      dashboard.changed();
    },
    fault: (req) => core.faults.take(req.method, req.path, req.requestId),
    log,
  });
  // `stripe listen`'s websocket; any other upgrade request is refused.
  const listenUpgrade = createListenUpgrade(listen);
  server.on('upgrade', (req, socket, head: Buffer) => {
    if (!listenUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${opts.port ?? 0} on ${host} is already in use (is another emulator running?)`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${urlHost(host)}:${port}`;
  core.publicUrl = (opts.publicUrl ?? url).replace(/\/+$/, '');
  for (const record of core.store.sessions.values())
    if (record.session.status === 'open') record.session.url = core.sessionUrl(record.session.id);

  const sweepTimer = setInterval(() => {
    try {
      core.sweep();
    } catch (error) {
      log(`sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }, 1000);
  sweepTimer.unref();

  let saving: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    const path = opts.statePath;
    if (!path) return saving;
    saving = saving
      .then(() => saveState(core, path, ids))
      .catch((error: unknown) =>
        log(`could not save state to ${path}: ${error instanceof Error ? error.message : String(error)}`),
      );
    return saving;
  };
  const saveTimer = opts.statePath
    ? setInterval(() => {
        if (core.takeDirty()) void save();
      }, 1000)
    : undefined;
  saveTimer?.unref();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      clearInterval(sweepTimer);
      if (saveTimer) clearInterval(saveTimer);
      listen.close();
      dashboard.close();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await stopped;
      await core.delivery.close();
      await save();
    })();
    return closing;
  };

  return {
    url,
    secretKey: SUGGESTED_SECRET_KEY,
    webhookSecret: firstSecret ?? core.listenSecret,
    close,
  };
}
