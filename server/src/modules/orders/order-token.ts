import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The order's access token: handed once to the browser that created the order, sent back as
 * `X-Order-Token`. Only its sha256 is stored, so a database leak does not leak access.
 */
export function newOrderToken(): { token: string; hash: string } {
  const token = `otk_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashOrderToken(token) };
}

export function hashOrderToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented token with the stored hash. */
export function orderTokenMatches(token: string | undefined, storedHash: string): boolean {
  if (!token || token.length > 200) return false;
  const presented = Buffer.from(hashOrderToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
