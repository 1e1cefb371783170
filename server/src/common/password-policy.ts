/**
 * The passwords production refuses for the admin (the configuration checks `ADMIN_PASSWORD` with it at startup,
 * `npm run admin:create` checks what it is given).
 */
const COMMON = new Set([
  'password',
  'password1',
  'password123',
  'admin',
  'admin123',
  'administrator',
  'changeme',
  'letmein',
  'qwerty',
  'qwerty123',
  '123456',
  '12345678',
  '123456789',
  '1234567890',
  'welcome',
  'secret',
  'checkstand',
  'iloveyou',
  'test',
  'test1234',
]);

/** Why a password is too weak to guard the admin in production, or null when it is acceptable. */
export function passwordWeakness(password: string, email?: string): string | null {
  if (password.length < 12) return 'must be at least 12 characters long';
  if (password.length > 256) return 'must be at most 256 characters long';
  const lower = password.toLowerCase();
  // "Password2024!" is "password" with a suffix: still a common password.
  if (COMMON.has(lower) || COMMON.has(lower.replace(/[^a-z]+$/, ''))) return 'is a common password';
  if (email && lower.includes(email.toLowerCase().split('@')[0] ?? '\u0000'))
    return 'must not contain the email name';
  if (new Set(password).size < 6) return 'uses too few different characters';
  return null;
}
