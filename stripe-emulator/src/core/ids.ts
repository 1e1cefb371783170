import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Where identifiers draw their bytes from: crypto randomness, or a seeded sequence (`--seed`). */
export interface IdSource {
  take(length: number): Uint8Array;
}

// One randomBytes call per 4 KiB of identifiers instead of one per identifier (ids are on the hot path).
const POOL_SIZE = 4096;

class RandomIdSource implements IdSource {
  private pool = randomBytes(POOL_SIZE);
  private offset = 0;

  take(length: number): Uint8Array {
    if (this.offset + length > POOL_SIZE) {
      this.pool = randomBytes(POOL_SIZE);
      this.offset = 0;
    }
    const out = this.pool.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }
}

/**
 * A reproducible byte sequence: byte `p` is byte `p % 32` of SHA-256(seed, block ⌊p / 32⌋). The same seed and
 * the same calls give the same ids; `position` (bytes taken so far) is kept in the state file, so a restart
 * continues the sequence instead of handing out the ids already in the store again.
 */
export class SeededIdSource implements IdSource {
  /** Identifies the seed in a state file without writing the seed itself. */
  readonly digest: string;
  private consumed = 0;
  private blockIndex = -1;
  private block: Buffer = Buffer.alloc(0);

  constructor(private readonly seed: string) {
    this.digest = createHash('sha256').update(`stripe-emulator seed\0${seed}`).digest('hex').slice(0, 16);
  }

  get position(): number {
    return this.consumed;
  }

  seek(position: number): void {
    if (!Number.isSafeInteger(position) || position < 0)
      throw new Error(`bad id sequence position ${position}`);
    this.consumed = position;
  }

  take(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const index = Math.floor(this.consumed / 32);
      if (index !== this.blockIndex) {
        this.block = createHash('sha256').update(`${this.seed}\0${index}`).digest();
        this.blockIndex = index;
      }
      out[i] = this.block[this.consumed % 32] ?? 0;
      this.consumed++;
    }
    return out;
  }
}

const fallback = new RandomIdSource();
/**
 * The source of the emulator the current code runs for. `startEmulator` runs inside `withIdSource`, and the
 * context follows everything started there (its HTTP server's requests, its timers), so two emulators in one
 * process (say, one seeded and one not) never draw from each other's sequence.
 */
const scope = new AsyncLocalStorage<IdSource>();

/** A fresh source: seeded when a seed is given, else crypto randomness. */
export function createIdSource(seed?: string): IdSource {
  return seed === undefined ? new RandomIdSource() : new SeededIdSource(seed);
}

/** Runs `fn` (and everything it starts) with ids drawn from `source`. */
export function withIdSource<T>(source: IdSource, fn: () => T): T {
  return scope.run(source, fn);
}

/** Random [A-Za-z0-9] string (a slight modulo bias is irrelevant for identifiers). */
export function randomAlnum(length: number): string {
  const bytes = (scope.getStore() ?? fallback).take(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET.charAt((bytes[i] ?? 0) % ALPHABET.length);
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
