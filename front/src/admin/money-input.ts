import { DEFAULT_LOCALE, formatMoney, minorToDecimalString } from '../money/format-money';

/**
 * Amounts typed by a person ("12.50", "$1,234.5", "7") turned into integer minor units, and back. Like
 * `formatMoney`, no floating point is involved: the digits are joined as text, then read as an integer.
 */

/** How many minor-unit digits the currency has: 2 for USD, 0 for JPY, 3 for KWD. */
export function currencyDigits(currency: string): number {
  const format = new Intl.NumberFormat(DEFAULT_LOCALE, {
    style: 'currency',
    currency: currency.toUpperCase(),
  });
  return format.resolvedOptions().maximumFractionDigits ?? 2;
}

export type ParsedAmount =
  | { ok: true; minor: number }
  | { ok: false; reason: 'empty' | 'invalid' | 'too_many_decimals' | 'too_large' };

/** Symbols and codes someone may type or paste around an amount: "$12", "12 USD", "EUR 5". */
const LEADING_MARK = /^(?:[A-Za-z]{3}(?=[\d.,])|[$€£¥₹])/;
const TRAILING_MARK = /(?:(?<=[\d.,])[A-Za-z]{3}|[$€£¥₹])$/;

export function parseAmountInput(text: string, currency: string): ParsedAmount {
  let value = text
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(LEADING_MARK, '')
    .replace(TRAILING_MARK, '');
  if (value === '') return { ok: false, reason: 'empty' };
  const digits = currencyDigits(currency);

  if (value.includes(',')) {
    if (value.includes('.') || /^\d{1,3}(,\d{3})+$/.test(value)) {
      // "1,234.50" or "1,234": commas group thousands.
      if (!/^\d{1,3}(,\d{3})*(\.\d*)?$/.test(value)) return { ok: false, reason: 'invalid' };
      value = value.replaceAll(',', '');
    } else {
      // "12,5": a decimal comma.
      value = value.replace(',', '.');
    }
  }
  const match = /^(\d*)(?:\.(\d*))?$/.exec(value);
  const whole = match?.[1] ?? '';
  const fraction = match?.[2] ?? '';
  if (!match || (whole === '' && fraction === '')) return { ok: false, reason: 'invalid' };
  if (fraction.length > digits) return { ok: false, reason: 'too_many_decimals' };

  const minorText = `${whole}${fraction.padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
  const minor = Number(minorText);
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: 'too_large' };
  return { ok: true, minor };
}

/** An amount as the input shows it: "62.50" for 6250 cents (no symbol, no grouping). */
export function minorToInput(amountMinor: number, currency: string): string {
  return minorToDecimalString(amountMinor, currencyDigits(currency));
}

export type AmountCheck = { ok: true; minor: number } | { ok: false; message: string };

/** Why a typed amount cannot be read, in words: "Use at most 2 decimal places." */
function unreadableAmount(
  reason: Exclude<ParsedAmount, { ok: true }>['reason'],
  currency: string,
  empty: string,
) {
  const digits = currencyDigits(currency);
  switch (reason) {
    case 'empty':
      return empty;
    case 'too_many_decimals':
      return digits === 0
        ? `${currency.toUpperCase()} amounts have no decimals.`
        : `Use at most ${digits} decimal ${digits === 1 ? 'place' : 'places'}.`;
    case 'too_large':
    case 'invalid':
      return `Enter an amount like ${minorToInput(1250, currency)}.`;
  }
}

/**
 * An amount of `currency` typed by a person, in minor units: more than zero unless `allowZero`. `empty` is what
 * to say when nothing was typed.
 */
export function checkAmount(
  text: string,
  currency: string,
  { allowZero = false, empty = 'Enter an amount.' }: { allowZero?: boolean; empty?: string } = {},
): AmountCheck {
  const parsed = parseAmountInput(text, currency);
  if (!parsed.ok) return { ok: false, message: unreadableAmount(parsed.reason, currency, empty) };
  if (!allowZero && parsed.minor <= 0) return { ok: false, message: 'Enter an amount more than zero.' };
  return parsed;
}

export type RefundAmountCheck = AmountCheck;

/** A refund amount: a positive amount of the order's currency, no more than is left to refund. */
export function checkRefundAmount(text: string, currency: string, refundable: number): RefundAmountCheck {
  const parsed = parseAmountInput(text, currency);
  if (!parsed.ok) {
    return { ok: false, message: unreadableAmount(parsed.reason, currency, 'Enter the amount to refund.') };
  }
  if (parsed.minor <= 0) return { ok: false, message: 'The refund must be more than zero.' };
  if (parsed.minor > refundable) {
    return {
      ok: false,
      message: `At most ${formatMoney(refundable, currency)} can be refunded.`,
    };
  }
  return { ok: true, minor: parsed.minor };
}
