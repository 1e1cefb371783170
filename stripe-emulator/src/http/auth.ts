import { StripeFailure } from '../domain/errors.js';
import { header, type HttpRequest } from './types.js';

/**
 * API keys as Stripe issues them: `sk_test_` (secret) or `rk_test_` (restricted) followed by letters and digits.
 * Any such key is accepted (there is one account, and a restricted key may do everything a secret key may: the
 * emulator does not model key permissions). Stripe refuses a publishable key on these endpoints; the emulator
 * also refuses live keys, since it only plays test mode, and anything else as an invalid key.
 */
const TEST_KEY = /^(sk|rk)_test_[A-Za-z0-9]+$/;
const LIVE_KEY = /^(sk|rk)_live_[A-Za-z0-9]+$/;
const PUBLISHABLE_KEY = /^pk_(test|live)_/;

const NO_KEY_MESSAGE =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

const PUBLISHABLE_MESSAGE =
  'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.';

/** Like Stripe: the key's prefix and last four characters, never the rest (keys are secrets). */
export function maskKey(key: string): string {
  if (key.length <= 12) return key.replace(/./g, '*');
  return `${key.slice(0, 8)}${'*'.repeat(Math.max(4, key.length - 12))}${key.slice(-4)}`;
}

function unauthorized(message: string): StripeFailure {
  return new StripeFailure(401, { type: 'invalid_request_error', message });
}

/** The key of a request (Bearer, or Basic with the key as user name like `curl -u`); throws Stripe's 401. */
export function authenticate(req: HttpRequest): string {
  const authorization = header(req, 'authorization');
  if (!authorization) throw unauthorized(NO_KEY_MESSAGE);
  let key: string | undefined;
  const bearer = /^Bearer\s+(.*)$/i.exec(authorization);
  const basic = /^Basic\s+(\S+)$/i.exec(authorization);
  if (bearer) key = bearer[1]?.trim();
  else if (basic?.[1]) key = Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0];
  if (!key) throw unauthorized(NO_KEY_MESSAGE);
  if (TEST_KEY.test(key)) return key;
  if (PUBLISHABLE_KEY.test(key)) throw unauthorized(PUBLISHABLE_MESSAGE);
  if (LIVE_KEY.test(key))
    throw unauthorized(
      `The Stripe emulator only plays test mode and refuses live keys (${maskKey(key)}): use a test key, sk_test_… or rk_test_… followed by letters and digits. Never give a live key to a test tool.`,
    );
  throw unauthorized(`Invalid API Key provided: ${maskKey(key)}`);
}
