import { createHmac } from 'node:crypto';
import type { EndpointRecord } from '../state/store.js';

/**
 * Stripe's webhook signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with the whole
 * `whsec_…` string (https://docs.stripe.com/webhooks#verify-manually). While a rolled secret has not expired,
 * Stripe signs with every active secret, one `v1` each (newest first here): a receiver holding either secret
 * accepts the delivery, which is what makes rotation possible without dropping events.
 */
export function signatureHeader(
  payload: string,
  secrets: string | readonly string[],
  timestamp: number,
): string {
  const signatures = (typeof secrets === 'string' ? [secrets] : secrets).map(
    (secret) => `v1=${createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex')}`,
  );
  return [`t=${timestamp}`, ...signatures].join(',');
}

/** The secrets an endpoint signs with at `now` (emulator seconds): its current one, then the unexpired rolled ones. */
export function activeSecrets(record: EndpointRecord, now: number): string[] {
  const previous = (record.previousSecrets ?? []).filter((p) => p.expiresAt > now).map((p) => p.secret);
  return [record.secret, ...previous];
}
