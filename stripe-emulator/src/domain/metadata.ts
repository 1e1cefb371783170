import type { Metadata } from '../objects/types.js';

/**
 * Merges a metadata update into an object, as Stripe does (an empty value removes a key); returns the changed
 * keys' previous values (null for keys that were absent), for `previous_attributes`.
 */
export function mergeMetadata(
  target: { metadata: Metadata },
  patch: Metadata,
): Record<string, string | null> {
  const previous: Record<string, string | null> = {};
  const next: Metadata = { ...target.metadata };
  for (const [key, value] of Object.entries(patch)) {
    const before = Object.hasOwn(next, key) ? (next[key] ?? null) : null;
    if (value === '') delete next[key];
    else next[key] = value;
    const after = Object.hasOwn(next, key) ? (next[key] ?? null) : null;
    if (before !== after) previous[key] = before;
  }
  target.metadata = next;
  return previous;
}
