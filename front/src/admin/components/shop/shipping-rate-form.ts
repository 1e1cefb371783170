import type { AmountPerCurrency, ShippingRate, ShippingRateInput } from '@checkstand/contract';
import { checkAmount, minorToInput } from '../../money-input';

/**
 * The shipping rate form as data: what it holds (text, as typed), how it is filled from a rate, and how it
 * becomes the contract's `ShippingRateInput` (amounts read as money in their currency, in minor units) or the
 * errors to show. No React here, so the rules are tested on their own.
 */

export interface PriceRow {
  currency: string;
  amount: string;
  freeAbove: string;
}

export interface RateFormState {
  name: string;
  prices: PriceRow[];
  minDays: string;
  maxDays: string;
  position: string;
  active: boolean;
}

/** Field errors, keyed `name`, `prices`, `amount-<currency>`, `free-<currency>`, `days`, `position`. */
export type RateFormErrors = Partial<Record<string, string>>;

export const NAME_MAX = 100;
export const DAYS_MAX = 365;
export const POSITION_MAX = 1000;

/** The form for `rate` (or a new one at `position`), with a row for each of its currencies and `currencies`. */
export function rateFormState(
  rate: ShippingRate | null,
  currencies: readonly string[],
  position: number,
): RateFormState {
  const all = [
    ...new Set([...currencies, ...Object.keys(rate?.amounts ?? {}), ...Object.keys(rate?.freeAbove ?? {})]),
  ];
  const text = (amounts: AmountPerCurrency | undefined, currency: string) => {
    const minor = amounts?.[currency];
    return minor === undefined ? '' : minorToInput(minor, currency);
  };
  return {
    name: rate?.name ?? '',
    prices: all.sort().map((currency) => ({
      currency,
      amount: text(rate?.amounts, currency),
      freeAbove: text(rate?.freeAbove, currency),
    })),
    minDays: rate?.deliveryEstimate ? String(rate.deliveryEstimate.minDays) : '',
    maxDays: rate?.deliveryEstimate ? String(rate.deliveryEstimate.maxDays) : '',
    position: String(rate?.position ?? position),
    active: rate?.active ?? true,
  };
}

/** What the API takes to write `rate` back unchanged but for `patch` (activate, deactivate). */
export function rateInputOf(rate: ShippingRate, patch: Partial<ShippingRateInput> = {}): ShippingRateInput {
  return {
    name: rate.name,
    amounts: rate.amounts,
    deliveryEstimate: rate.deliveryEstimate,
    freeAbove: rate.freeAbove,
    active: rate.active,
    position: rate.position,
    ...patch,
  };
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const value = text.trim();
  if (!/^\d{1,4}$/.test(value)) return null;
  const number = Number(value);
  return number >= min && number <= max ? number : null;
}

function readPrices(prices: readonly PriceRow[], errors: RateFormErrors) {
  const amounts: AmountPerCurrency = {};
  const freeAbove: AmountPerCurrency = {};
  for (const row of prices) {
    const code = row.currency.toUpperCase();
    const priced = row.amount.trim() !== '';
    if (priced) {
      const amount = checkAmount(row.amount, row.currency, { allowZero: true });
      if (amount.ok) amounts[row.currency] = amount.minor;
      else errors[`amount-${row.currency}`] = amount.message;
    }
    if (row.freeAbove.trim() === '') continue;
    if (!priced) {
      errors[`free-${row.currency}`] = `Give a price in ${code} too, or clear this amount.`;
      continue;
    }
    const threshold = checkAmount(row.freeAbove, row.currency, { allowZero: true });
    if (threshold.ok) freeAbove[row.currency] = threshold.minor;
    else errors[`free-${row.currency}`] = threshold.message;
  }
  if (!prices.some((row) => row.amount.trim() !== '')) {
    errors.prices = 'Give a price in at least one currency (0 for free shipping).';
  }
  return { amounts, freeAbove };
}

function readDays(form: RateFormState, errors: RateFormErrors): ShippingRateInput['deliveryEstimate'] {
  const min = form.minDays.trim();
  const max = form.maxDays.trim();
  if (min === '' && max === '') return null;
  const minDays = wholeNumber(min === '' ? max : min, 1, DAYS_MAX);
  const maxDays = wholeNumber(max === '' ? min : max, 1, DAYS_MAX);
  if (minDays === null || maxDays === null) {
    errors.days = `Give whole business days from 1 to ${DAYS_MAX}.`;
    return null;
  }
  if (minDays > maxDays) {
    errors.days = 'The fewest days can’t be more than the most days.';
    return null;
  }
  return { minDays, maxDays };
}

/** The rate the form describes, or the errors to show (every field is checked, not only the first). */
export function readRateForm(
  form: RateFormState,
): { ok: true; input: ShippingRateInput } | { ok: false; errors: RateFormErrors } {
  const errors: RateFormErrors = {};
  const name = form.name.trim();
  if (!name) errors.name = 'Give the rate a name customers understand, e.g. Standard shipping.';
  else if (name.length > NAME_MAX) errors.name = `Use at most ${NAME_MAX} characters.`;
  const { amounts, freeAbove } = readPrices(form.prices, errors);
  const deliveryEstimate = readDays(form, errors);
  const position = wholeNumber(form.position, 0, POSITION_MAX);
  if (position === null) errors.position = `Give a whole number from 0 to ${POSITION_MAX}.`;
  if (Object.keys(errors).length > 0 || position === null) return { ok: false, errors };
  return {
    ok: true,
    input: { name, amounts, deliveryEstimate, freeAbove, active: form.active, position },
  };
}

/** A currency the owner typed to price the rate in: three letters the browser knows ("eur"). */
export function readCurrency(
  text: string,
  known: readonly string[],
): { ok: true; currency: string } | { ok: false; message: string } {
  const currency = text.trim().toLowerCase();
  if (!/^[a-z]{3}$/.test(currency))
    return { ok: false, message: 'Enter a three-letter currency code, e.g. EUR.' };
  if (known.includes(currency))
    return { ok: false, message: `${currency.toUpperCase()} is already in the list.` };
  const supported = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : null;
  if (supported && !supported.includes(currency.toUpperCase())) {
    return { ok: false, message: `${currency.toUpperCase()} isn’t a currency code.` };
  }
  return { ok: true, currency };
}
