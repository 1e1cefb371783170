import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// One randomBytes call per 4 KiB of identifiers instead of one per identifier (ids are on the hot path).
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

/** Random [A-Za-z0-9] string (a slight modulo bias is irrelevant for identifiers). */
export function randomAlnum(length: number): string {
  if (offset + length > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET.charAt((pool[offset + i] ?? 0) % ALPHABET.length);
  offset += length;
  return out;
}

function randomUpper(length: number): string {
  return randomAlnum(length * 2)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, length)
    .padEnd(length, '0');
}

/** Identifiers shaped like Stripe's (prefix + opaque alphanumerics). */
export const ids = {
  checkoutSession: (): string => `cs_test_a1${randomAlnum(56)}`,
  paymentIntent: (): string => `pi_3${randomAlnum(23)}`,
  charge: (): string => `ch_3${randomAlnum(23)}`,
  /** Stripe uses `py_` for charges of non-card payment methods (SEPA Direct Debit …). */
  payment: (): string => `py_3${randomAlnum(23)}`,
  paymentMethod: (): string => `pm_1${randomAlnum(23)}`,
  refund: (): string => `re_3${randomAlnum(23)}`,
  event: (): string => `evt_1${randomAlnum(23)}`,
  webhookEndpoint: (): string => `we_1${randomAlnum(23)}`,
  webhookSecret: (): string => `whsec_${randomAlnum(32)}`,
  product: (): string => `prod_${randomAlnum(14)}`,
  price: (): string => `price_1${randomAlnum(23)}`,
  lineItem: (): string => `li_1${randomAlnum(23)}`,
  balanceTransaction: (): string => `txn_3${randomAlnum(23)}`,
  mandate: (): string => `mandate_1${randomAlnum(23)}`,
  dispute: (): string => `dp_1${randomAlnum(23)}`,
  earlyFraudWarning: (): string => `issfr_1${randomAlnum(23)}`,
  shippingRate: (): string => `shr_1${randomAlnum(23)}`,
  /** Stripe's generated coupon ids are 8 upper-case letters and digits. */
  coupon: (): string => randomUpper(8),
  promotionCode: (): string => `promo_1${randomAlnum(23)}`,
  /** A promotion code's customer-facing code when none is given. */
  promotionCodeText: (): string => randomUpper(8),
  taxRate: (): string => `txr_1${randomAlnum(23)}`,
  discount: (): string => `di_1${randomAlnum(23)}`,
  request: (): string => `req_${randomAlnum(14)}`,
  /** The emulator's own (scheduled follow-ups); never shown as a Stripe object. */
  followUp: (): string => `fu_${randomAlnum(16)}`,
  clientSecret: (intentId: string): string => `${intentId}_secret_${randomAlnum(25)}`,
  fingerprint: (): string => randomAlnum(16),
};
