/**
 * Formats an amount in integer minor units (cents, yen, fils…) for display.
 *
 * Money stays an integer everywhere else; this is the only place it becomes text. We never divide by 100 in
 * floating point: the exact decimal string is built from the integer and the currency's minor-unit digits, and
 * `Intl.NumberFormat#format` accepts decimal strings without converting them to a double
 * (https://github.com/tc39/proposal-intl-numberformat-v3#formatting-strings-as-exact-decimals).
 */
export const DEFAULT_LOCALE = 'en-US';

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string, locale: string): Intl.NumberFormat {
  const cacheKey = `${locale}|${currency}`;
  let formatter = formatters.get(cacheKey);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() });
    formatters.set(cacheKey, formatter);
  }
  return formatter;
}

/** `amountMinor` scaled down by `10^digits`, as an exact decimal string: (-123456, 2) → "-1234.56". */
export function minorToDecimalString(amountMinor: number, digits: number): `${number}` {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new RangeError(`Money amounts are integers in minor units, got ${amountMinor}`);
  }
  const sign = amountMinor < 0 ? '-' : '';
  const magnitude = String(Math.abs(amountMinor));
  if (digits === 0) return `${sign}${magnitude}` as `${number}`;
  const padded = magnitude.padStart(digits + 1, '0');
  const whole = padded.slice(0, -digits);
  const fraction = padded.slice(-digits);
  return `${sign}${whole}.${fraction}` as `${number}`;
}

export function formatMoney(amountMinor: number, currency: string, locale: string = DEFAULT_LOCALE): string {
  const formatter = formatterFor(currency, locale);
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(minorToDecimalString(amountMinor, digits));
}
