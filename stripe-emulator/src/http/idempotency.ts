/** Order-independent serialization of parsed parameters: what an `Idempotency-Key` is bound to. */
export function fingerprint(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${fingerprint(obj[k])}`).join(',')}}`;
}
