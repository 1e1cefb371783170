import path from 'node:path';
import { z } from 'zod';
import { passwordWeakness } from '../common/password-policy.js';

/**
 * The store's whole configuration, parsed once from the environment (README, "Configuration").
 * Nothing else in the server reads `process.env`: modules receive a `Config`.
 */
const emptyToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalString = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: `must be an integer between ${min} and ${max}` })
      .int(`must be an integer between ${min} and ${max}`)
      .min(min, `must be an integer between ${min} and ${max}`)
      .max(max, `must be an integer between ${min} and ${max}`)
      .default(fallback),
  );

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://localhost:3000' })
  .transform((value) => value.replace(/\/+$/, ''));

const envSchema = z.object({
  NODE_ENV: z.preprocess(
    emptyToUndefined,
    z
      .enum(['development', 'production', 'test'], { error: 'must be one of development, production, test' })
      .default('development'),
  ),
  PORT: integer(0, 65535, 3000),
  PUBLIC_ORIGIN: optionalString(httpUrl),
  DATABASE_URL: optionalString(
    z.string().regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// connection URL'),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./.data/pglite')),
  STRIPE_SECRET_KEY: optionalString(
    z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'must be a Stripe secret key (sk_test_… or sk_live_…)'),
  ),
  STRIPE_API_BASE: optionalString(httpUrl),
  STRIPE_TIMEOUT_MS: integer(1000, 600_000, 15_000),
  STRIPE_WEBHOOK_SECRET: optionalString(
    z.string().regex(/^whsec_[A-Za-z0-9+/=_-]+$/, 'must be a webhook signing secret starting with whsec_'),
  ),
  ADMIN_EMAIL: optionalString(z.email('must be an email address')),
  ADMIN_PASSWORD: optionalString(z.string()),
  CHECKOUT_SESSION_TTL_MINUTES: integer(30, 1440, 60),
  RECONCILE_INTERVAL_SECONDS: integer(1, 86400, 60),
  RECONCILE_STALE_SECONDS: integer(0, 86400, 120),
  RECONCILE_BATCH_SIZE: integer(1, 10000, 300),
  RECONCILE_SWEEP_EVENTS: z.preprocess(
    emptyToUndefined,
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('true'),
  ),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  LOG_FORMAT: optionalString(z.enum(['pretty', 'json'], { error: 'must be one of pretty, json' })),
  TRUST_PROXY: optionalString(
    z
      .string()
      .regex(
        /^(\d{1,2}|(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?))*)$/,
        'must be a number of proxy hops (e.g. 1) or a comma-separated list of addresses/CIDRs of your proxies',
      ),
  ),
  RATE_LIMIT_CHECKOUTS_PER_MINUTE: integer(1, 1_000_000, 10),
  RATE_LIMIT_ORDER_ACTIONS_PER_MINUTE: integer(1, 1_000_000, 20),
  RATE_LIMIT_ORDER_READS_PER_MINUTE: integer(1, 1_000_000, 120),
  RATE_LIMIT_SESSION_SYNCS_PER_MINUTE: integer(1, 1_000_000, 20),
  RETENTION_DELIVERIES_DAYS: integer(1, 3650, 90),
  RETENTION_REJECTED_DELIVERIES_DAYS: integer(1, 3650, 14),
  RETENTION_UNMATCHED_EVENTS_DAYS: integer(1, 3650, 90),
  RETENTION_UNPAID_ORDERS_DAYS: integer(1, 36500, 180),
  ADMIN_SESSION_IDLE_HOURS: integer(1, 720, 8),
  ADMIN_SESSION_MAX_HOURS: integer(1, 8760, 24),
  METRICS_TOKEN: optionalString(z.string().min(24, 'must be at least 24 characters (it guards /metrics)')),
  SMTP_URL: optionalString(
    z
      .string()
      .regex(
        /^smtps?:\/\/[^\s/]+/,
        'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587',
      ),
  ),
  MAIL_FROM: optionalString(
    z
      .string()
      .regex(
        /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+\.?[^\s@<>]*>|[^\s@<>]+@[^\s@<>]+)$/,
        'must be an address such as shop@example.com or "Shop <shop@example.com>"',
      ),
  ),
  MAIL_DISABLED: z.preprocess(
    emptyToUndefined,
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  ),
  OWNER_EMAIL: optionalString(z.email('must be an email address')),
  MAIL_POLL_MS: integer(20, 600_000, 2_000),
  MAIL_RETRY_SECONDS: integer(1, 86_400, 30),
  MAIL_MAX_ATTEMPTS: integer(1, 100, 10),
  MAIL_LEASE_SECONDS: integer(1, 3_600, 120),
  METRICS_PORT: optionalString(
    z.coerce
      .number({ error: 'must be a TCP port (1-65535)' })
      .int('must be a TCP port (1-65535)')
      .min(1)
      .max(65535),
  ),
});

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** `pretty`: human-readable lines for a person at a terminal; `json`: one JSON object per line for machines. */
export type LogFormat = 'pretty' | 'json';

export interface Config {
  nodeEnv: NodeEnv;
  port: number;
  publicOrigin: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  stripe: {
    secretKey: string | undefined;
    /** Parsed `STRIPE_API_BASE`; undefined means Stripe's own API. */
    apiBase: URL | undefined;
    /** How long one Stripe API call may take before the SDK gives up on it (and retries it, same key). */
    timeoutMs: number;
    webhookSecret: string | undefined;
  };
  admin: { email: string | undefined; password: string | undefined };
  checkoutSessionTtlMinutes: number;
  reconcile: {
    /** How often one instance sweeps Stripe's events and walks the watch list. */
    intervalSeconds: number;
    /** A watched session is read back at most this often. */
    staleSeconds: number;
    /** Sessions read back per pass: the watch list goes round in ⌈size / batchSize⌉ passes. */
    batchSize: number;
    /**
     * Whether each pass also sweeps Stripe's event list. Off only for a restricted key that may not read events:
     * lost webhooks are then found by the watch list alone (and refunds made elsewhere not at all).
     */
    sweepEvents: boolean;
  };
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** Express's `trust proxy`: false, a hop count, or the addresses of the proxies in front of the store. */
  trustProxy: false | number | string;
  /** Per client address and minute (signed webhooks are never limited). */
  limits: {
    checkoutsPerMinute: number;
    orderActionsPerMinute: number;
    orderReadsPerMinute: number;
    sessionSyncsPerMinute: number;
  };
  /** What is pruned after how many days (orders with money, their events and history: never). */
  retention: {
    deliveriesDays: number;
    rejectedDeliveriesDays: number;
    unmatchedEventsDays: number;
    unpaidOrdersDays: number;
  };
  adminSession: { idleHours: number; maxHours: number };
  /** `/metrics` on the store's port behind this bearer token, and/or on its own port (loopback only). */
  metrics: { token: string | undefined; port: number | undefined };
  mail: MailConfig;
}

/** E-mail (docs/design.md, "E-mail"). The outbox is always written; it is sent only when `smtpUrl` is set. */
export interface MailConfig {
  /** `SMTP_URL` (may hold a password: never logged); undefined: nothing is sent (`MAIL_DISABLED`, or unset). */
  smtpUrl: string | undefined;
  /** The From header, e.g. `Checkstand <shop@example.com>`. */
  from: string;
  /** The domain of the From address: the right-hand side of every `Message-ID`. */
  domain: string;
  /** Who is told of disputes; undefined: the first admin account's e-mail. */
  ownerEmail: string | undefined;
  /** How often the worker looks for messages due. */
  pollMs: number;
  /** The first retry's delay; each next one doubles, up to 6 hours. */
  retrySeconds: number;
  /** Tries before a message is given up (`failed`). */
  maxAttempts: number;
  /** How long a claimed message is left to its sender before another may take it (a crash, a hung server). */
  leaseSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses and validates the environment. Throws a `ConfigError` naming every wrong variable
 * and what it expects, so a misconfigured server stops before it serves anything.
 */
export function loadConfig(env: Record<string, string | undefined>, cwd: string = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.NODE_ENV === 'production') {
    if (!e.STRIPE_WEBHOOK_SECRET) {
      problems.push(
        'STRIPE_WEBHOOK_SECRET is required when NODE_ENV=production: without it no webhook can be verified',
      );
    }
    if (!e.STRIPE_SECRET_KEY) {
      problems.push('STRIPE_SECRET_KEY is required when NODE_ENV=production');
    }
    if (!e.PUBLIC_ORIGIN?.startsWith('https://')) {
      problems.push(
        'PUBLIC_ORIGIN must be the https:// origin customers use when NODE_ENV=production (Stripe sends them back there)',
      );
    }
  }
  const mailDisabled = e.MAIL_DISABLED === 'true';
  if (e.NODE_ENV === 'production' && !mailDisabled) {
    if (!e.SMTP_URL) {
      problems.push(
        'SMTP_URL is required when NODE_ENV=production (customers are sent their confirmations): set it, or MAIL_DISABLED=true to send no e-mail',
      );
    }
    if (!e.MAIL_FROM)
      problems.push('MAIL_FROM is required when NODE_ENV=production (the From of every e-mail)');
  }
  if (Boolean(e.ADMIN_EMAIL) !== Boolean(e.ADMIN_PASSWORD)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (e.NODE_ENV === 'production' && e.ADMIN_PASSWORD) {
    const weakness = passwordWeakness(e.ADMIN_PASSWORD, e.ADMIN_EMAIL);
    if (weakness) problems.push(`ADMIN_PASSWORD ${weakness} (production refuses weak admin passwords)`);
    if (e.ADMIN_EMAIL?.toLowerCase().endsWith('@checkstand.local')) {
      problems.push('ADMIN_EMAIL must not be the development default in production');
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const publicOrigin = e.PUBLIC_ORIGIN ?? `http://localhost:${e.PORT}`;
  // An address needs a domain name: an origin on an IP address gets `localhost`.
  const host = new URL(publicOrigin).hostname;
  const from = e.MAIL_FROM ?? `Checkstand <shop@${/^[\d.]+$|:|^\[/.test(host) ? 'localhost' : host}>`;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    publicOrigin,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: path.resolve(cwd, e.DATA_DIR) },
    stripe: {
      secretKey: e.STRIPE_SECRET_KEY,
      apiBase: e.STRIPE_API_BASE ? new URL(e.STRIPE_API_BASE) : undefined,
      timeoutMs: e.STRIPE_TIMEOUT_MS,
      webhookSecret: e.STRIPE_WEBHOOK_SECRET,
    },
    admin: { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD },
    checkoutSessionTtlMinutes: e.CHECKOUT_SESSION_TTL_MINUTES,
    reconcile: {
      intervalSeconds: e.RECONCILE_INTERVAL_SECONDS,
      staleSeconds: e.RECONCILE_STALE_SECONDS,
      batchSize: e.RECONCILE_BATCH_SIZE,
      sweepEvents: e.RECONCILE_SWEEP_EVENTS === 'true',
    },
    logLevel: e.LOG_LEVEL,
    // Development is read by a person; production and test logs by machines (and log shippers).
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === 'development' ? 'pretty' : 'json'),
    trustProxy: !e.TRUST_PROXY ? false : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    limits: {
      checkoutsPerMinute: e.RATE_LIMIT_CHECKOUTS_PER_MINUTE,
      orderActionsPerMinute: e.RATE_LIMIT_ORDER_ACTIONS_PER_MINUTE,
      orderReadsPerMinute: e.RATE_LIMIT_ORDER_READS_PER_MINUTE,
      sessionSyncsPerMinute: e.RATE_LIMIT_SESSION_SYNCS_PER_MINUTE,
    },
    retention: {
      deliveriesDays: e.RETENTION_DELIVERIES_DAYS,
      rejectedDeliveriesDays: e.RETENTION_REJECTED_DELIVERIES_DAYS,
      unmatchedEventsDays: e.RETENTION_UNMATCHED_EVENTS_DAYS,
      unpaidOrdersDays: e.RETENTION_UNPAID_ORDERS_DAYS,
    },
    adminSession: { idleHours: e.ADMIN_SESSION_IDLE_HOURS, maxHours: e.ADMIN_SESSION_MAX_HOURS },
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT },
    mail: {
      smtpUrl: mailDisabled ? undefined : e.SMTP_URL,
      from,
      domain: addressDomain(from),
      ownerEmail: e.OWNER_EMAIL,
      pollMs: e.MAIL_POLL_MS,
      retrySeconds: e.MAIL_RETRY_SECONDS,
      maxAttempts: e.MAIL_MAX_ATTEMPTS,
      leaseSeconds: e.MAIL_LEASE_SECONDS,
    },
  };
}

/** `Shop <shop@example.com>` → `example.com`. */
function addressDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.slice(address.lastIndexOf('@') + 1).trim() || 'localhost';
}

/** An SMTP URL without its credentials, for logs and `describeConfig`. */
export function smtpEndpoint(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    return `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}`;
  } catch {
    return 'smtp (unparsable URL)';
  }
}

/** The configuration of this process: the one place that reads `process.env`. */
export function loadConfigFromEnvironment(): Config {
  return loadConfig(process.env);
}

/** What may be shown of the configuration: never a secret, only whether it is set. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    nodeEnv: config.nodeEnv,
    port: config.port,
    publicOrigin: config.publicOrigin,
    database: config.database.kind === 'postgres' ? 'postgres' : `pglite (${config.database.dataDir})`,
    stripeApi: config.stripe.apiBase?.origin ?? 'https://api.stripe.com',
    stripeSecretKey: config.stripe.secretKey ? 'set' : 'unset',
    stripeWebhookSecret: config.stripe.webhookSecret ? 'set' : 'unset',
    checkoutSessionTtlMinutes: config.checkoutSessionTtlMinutes,
    reconcile: config.reconcile,
    mail: config.mail.smtpUrl ? `${smtpEndpoint(config.mail.smtpUrl)} from ${config.mail.from}` : 'not sent',
  };
}
