import type { StripeEventEnvelope } from '../../stripe/stripe-gateway.js';

/** The shape every Stripe event has; anything else (signed or not) is refused before it is recorded. */
export function isEnvelope(value: unknown): value is StripeEventEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  const data = e.data as Record<string, unknown> | null | undefined;
  return (
    typeof e.id === 'string' &&
    /^evt_[A-Za-z0-9_]{1,250}$/.test(e.id) &&
    typeof e.type === 'string' &&
    e.type.length > 0 &&
    e.type.length <= 200 &&
    Number.isSafeInteger(e.created) &&
    (e.api_version === undefined || e.api_version === null || typeof e.api_version === 'string') &&
    typeof data === 'object' &&
    data !== null &&
    typeof data.object === 'object' &&
    data.object !== null &&
    !Array.isArray(data.object)
  );
}
