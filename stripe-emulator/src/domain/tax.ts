import { newTaxRate } from '../objects/pricing-builders.js';
import type { TaxRate } from '../objects/pricing-types.js';
import type { Store } from '../state/store.js';

/**
 * Tax, emulated. Stripe Tax decides rates from the customer's location, the product's tax code and the account's
 * registrations; the emulator has none of those, so `automatic_tax[enabled]=true` applies one standard rate per
 * country from this documented table (standard VAT rates; every tax amount it produces is labelled "emulated").
 * Countries not listed, and the United States (whose sales tax depends on state, county and city registrations
 * the emulator cannot know), are taxed at 0 %: no tax amount at all.
 */
export const EMULATED_TAX_RATES: Readonly<Record<string, number>> = {
  AT: 20,
  BE: 21,
  CZ: 21,
  DE: 19,
  DK: 25,
  ES: 21,
  FI: 25.5,
  FR: 20,
  GB: 20,
  GR: 24,
  IE: 23,
  IT: 22,
  LU: 17,
  NL: 21,
  PL: 23,
  PT: 23,
  SE: 25,
  US: 0,
};

/** The description every emulated automatic tax rate carries. */
export const EMULATED_TAX_DESCRIPTION = 'Emulated automatic tax (Stripe emulator standard rate table)';

/** The emulated rate for a country (0 when the table has none). */
export function emulatedRate(country: string | null | undefined): number {
  if (!country) return 0;
  return EMULATED_TAX_RATES[country.toUpperCase()] ?? 0;
}

/**
 * The tax rate object Stripe Tax would report for a country's standard rate (created once per country and
 * kept in the store, so the same id comes back). Not listed by `GET /v1/tax_rates`, like Stripe's own.
 */
export function automaticTaxRate(store: Store, country: string, now: number): TaxRate {
  const code = country.toUpperCase();
  for (const rate of store.automaticTaxRates.values()) if (rate.country === code) return rate;
  const rate = newTaxRate({
    displayName: code === 'US' ? 'Sales Tax' : 'VAT',
    percentage: emulatedRate(code),
    inclusive: false,
    active: true,
    country: code,
    state: null,
    jurisdiction: code,
    description: EMULATED_TAX_DESCRIPTION,
    taxType: code === 'US' ? 'sales_tax' : 'vat',
    metadata: {},
    created: now,
  });
  store.automaticTaxRates.set(rate.id, rate);
  return rate;
}

/** Percentages are kept to 4 decimals: rates become integers of 1/10 000 %. */
const SCALE = 1_000_000n;

function scaled(percentage: number): bigint {
  return BigInt(Math.round(percentage * 10_000));
}

/** numerator / denominator, rounded half up (both positive), exactly. */
function divideHalfUp(numerator: bigint, denominator: bigint): number {
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/** Tax added on top of an amount (exclusive pricing), rounded half up to a minor unit. */
export function exclusiveTax(amount: number, percentage: number): number {
  if (amount <= 0 || percentage <= 0) return 0;
  return divideHalfUp(BigInt(amount) * scaled(percentage), SCALE);
}

/**
 * The tax contained in an amount that includes it (inclusive pricing): amount × rate / (100 % + rate), rounded
 * half up to a minor unit.
 */
export function inclusiveTax(amount: number, percentage: number): number {
  if (amount <= 0 || percentage <= 0) return 0;
  return divideHalfUp(BigInt(amount) * scaled(percentage), SCALE + scaled(percentage));
}

/** A percentage of an amount (percent-off coupons), rounded half up to a minor unit. */
export function percentOf(amount: number, percentage: number): number {
  return exclusiveTax(amount, percentage);
}
