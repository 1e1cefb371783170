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
