import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../src/common/logger.js';

/** A logger writing JSON lines into memory, at debug level, so a test can read everything the store logged. */
export function capturedLogger(): { logger: Logger; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger('debug', sink), text: () => chunks.join('') };
}

/** The secrets among `candidates` that appear in `text` (each reported once, shortened). */
export function leakedSecrets(text: string, candidates: readonly (string | null | undefined)[]): string[] {
  return [...new Set(candidates.filter((c): c is string => Boolean(c) && c!.length >= 8))]
    .filter((secret) => text.includes(secret))
    .map((secret) => `${secret.slice(0, 8)}…`);
}
