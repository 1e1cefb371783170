import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';
import type { LogFormat, LogLevel } from '../config/config.js';
import { currentRequestId } from './request-context.js';

/**
 * The store's logger. Every line written inside a request carries its `reqId`. Secrets never reach a log:
 * headers that carry them are redacted wherever they appear, before the line is formatted.
 *
 * `json` (production, tests): one JSON object per line, for log shippers. `pretty` (development): the same
 * entries as human-readable lines, formatted in this thread by pino-pretty used as a plain stream (no
 * transport, no worker thread). The choice is the caller's: `main.ts` passes `config.logFormat`.
 */
export function createLogger(
  level: LogLevel,
  destination?: DestinationStream,
  format: LogFormat = 'json',
): Logger {
  const options = {
    level,
    base: { service: 'checkstand' },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    mixin() {
      const reqId = currentRequestId();
      return reqId ? { reqId } : {};
    },
    // Secrets nested anywhere (an error's `details.orderToken`, a Stripe error's headers…) and secret-shaped
    // strings (order tokens, webhook secrets, API keys) are scrubbed from every line, errors included.
    serializers: { err: serializeError },
    formatters: { log: (object: Record<string, unknown>) => scrub(object) as Record<string, unknown> },
    hooks: {
      // The message itself (`logger.warn(obj, 'failed for otk_…')`) is scrubbed like the fields.
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((arg) => (typeof arg === 'string' ? (scrub(arg) as string) : arg)),
        );
      },
    },
    redact: {
      paths: [
        'headers.authorization',
        'headers.cookie',
        'headers["stripe-signature"]',
        'headers["x-order-token"]',
        '*.password',
        '*.secretKey',
        '*.webhookSecret',
        '*.orderToken',
      ],
      censor: '[redacted]',
    },
  };
  return pino(options, format === 'pretty' ? prettyStream(destination) : destination);
}

/** Keys whose values are secrets wherever they appear. */
const SECRET_KEYS =
  /^(password|passwordhash|secret|secretkey|webhooksecret|ordertoken|token|authorization|cookie|set-cookie|stripe-signature|x-order-token|apikey)$/i;
/** Strings shaped like our secrets: order tokens, webhook signing secrets, Stripe API keys. */
const SECRET_VALUES =
  /(otk_[A-Za-z0-9_-]{16,}|whsec_[A-Za-z0-9+/=_-]{8,}|\b[sr]k_(?:live|test)_[A-Za-z0-9]{8,})/g;
const REDACTED = '[redacted]';

/** pino's error serializer (type, message, stack, cause, own fields), scrubbed. */
function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return scrub(error, depth);
  const standard = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  const plain: Record<string, unknown> = {
    type: standard.type,
    message: standard.message,
    stack: standard.stack,
    ...(standard.cause !== undefined ? { cause: standard.cause } : {}),
  };
  for (const [key, value] of Object.entries(standard)) plain[key] = value;
  return scrub(plain, depth + 1);
}

/** A copy of `value` with secret keys and secret-shaped strings replaced, to a depth enough for any log line. */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(SECRET_VALUES, REDACTED);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  // An error anywhere in a line (not only under `err`) is serialized here, its own fields (`details`…) included.
  if (value instanceof Error) return serializeError(value, depth);
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] =
      SECRET_KEYS.test(key) && item !== undefined && item !== null ? REDACTED : scrub(item, depth + 1);
  }
  return copy;
}

/**
 * Human-readable lines on `destination`, without colours; or on stdout, coloured when pino-pretty finds a
 * terminal that shows them (a TTY, or `FORCE_COLOR`; never with `NO_COLOR`).
 */
function prettyStream(destination?: DestinationStream): DestinationStream {
  return PinoPretty({
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
    singleLine: true,
    // Written before the call returns, as pino's own stdout destination does: nothing is lost on process.exit.
    sync: true,
    ...(destination ? { destination, colorize: false } : {}),
  });
}

/** Routes Nest's own logging (bootstrap, router mapping, lifecycle) through pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    rest: unknown[],
  ) {
    // Nest passes the context (class name) as the last string argument.
    const context = typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    if (message instanceof Error) {
      this.logger[level]({ context, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ context, ...(message as Record<string, unknown>) });
    } else {
      this.logger[level]({ context }, String(message));
    }
  }
}
