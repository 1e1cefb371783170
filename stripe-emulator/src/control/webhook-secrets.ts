import { ids } from '../core/ids.js';
import { invalidRequest, resourceMissing } from '../domain/errors.js';
import type { EmulatorCore } from '../emulator-core.js';
import { activeSecrets } from '../webhooks/signature.js';

/** Stripe lets the replaced secret live on for up to 24 hours after a roll. */
export const MAX_SECRET_OVERLAP_SECONDS = 24 * 60 * 60;

export interface RolledSecret {
  id: string;
  /** The new signing secret (like Stripe, the only answer that shows it besides the endpoint's creation). */
  secret: string;
  /** Every secret that signs deliveries now, newest first: one `v1` each in `Stripe-Signature`. */
  active_secrets: string[];
  /** When the replaced secret stops signing (emulator unix seconds); null when it stopped at once. */
  previous_secret_expires_at: number | null;
}

/**
 * Stripe's "Roll secret" (a Dashboard action; the API has no route for it): a new `whsec_…` secret, with the old
 * one still signing deliveries next to it for `expires_in_seconds` (0 = stops at once; default and maximum 24 h),
 * in emulator time. Body: `{ "expires_in_seconds"?: number }`.
 */
export function rollSecret(core: EmulatorCore, id: string, body: Record<string, unknown>): RolledSecret {
  const record = core.store.endpoints.get(id);
  if (!record) throw resourceMissing('webhook_endpoint', id, 'id');
  const value = body.expires_in_seconds ?? MAX_SECRET_OVERLAP_SECONDS;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 0 ||
    value > MAX_SECRET_OVERLAP_SECONDS
  )
    throw invalidRequest(
      `expires_in_seconds must be an integer from 0 to ${MAX_SECRET_OVERLAP_SECONDS} (24 hours)`,
      'expires_in_seconds',
    );
  const now = core.clock.now();
  const kept = (record.previousSecrets ?? []).filter((p) => p.expiresAt > now);
  const expiresAt = now + value;
  record.previousSecrets = value > 0 ? [{ secret: record.secret, expiresAt }, ...kept] : kept;
  record.secret = ids.webhookSecret();
  core.markDirty();
  return {
    id,
    secret: record.secret,
    active_secrets: activeSecrets(record, now),
    previous_secret_expires_at: value > 0 ? expiresAt : null,
  };
}
