import { minorToDecimalString } from '../money/format-money';

/**
 * Percentages as the contract carries them, in basis points (1900 = 19 %), typed by a person ("19", "7.5",
 * "7,25 %") and shown back. Like money, never through floating point: the digits are joined as text.
 */

export type ParsedPercent =
  | { ok: true; basisPoints: number }
  | { ok: false; reason: 'empty' | 'invalid' | 'too_many_decimals' | 'too_large' };

/** Percent with at most two decimals, 0–100, as basis points. */
export function parsePercentInput(text: string): ParsedPercent {
  const value = text
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/%$/, '')
    .replace(',', '.');
  if (value === '') return { ok: false, reason: 'empty' };
  const match = /^(\d*)(?:\.(\d*))?$/.exec(value);
  const whole = match?.[1] ?? '';
  const fraction = match?.[2] ?? '';
  if (!match || (whole === '' && fraction === '')) return { ok: false, reason: 'invalid' };
  if (fraction.length > 2) return { ok: false, reason: 'too_many_decimals' };
  if (whole.replace(/^0+/, '').length > 3) return { ok: false, reason: 'too_large' };
  const basisPoints = Number(`${whole}${fraction.padEnd(2, '0')}`);
  if (basisPoints > 10_000) return { ok: false, reason: 'too_large' };
  return { ok: true, basisPoints };
}

/** Basis points as the input shows them: 1900 → "19", 750 → "7.5", 725 → "7.25". */
export function basisPointsToInput(basisPoints: number): string {
  return minorToDecimalString(basisPoints, 2).replace(/\.?0+$/, '');
}

/** Basis points as text: 1900 → "19%", 1 → "0.01%". */
export function formatPercent(basisPoints: number): string {
  return `${basisPointsToInput(basisPoints)}%`;
}

export type PercentCheck = { ok: true; basisPoints: number } | { ok: false; message: string };

/** A percentage within [min, max] basis points, or the sentence that says what is wrong with it. */
export function checkPercent(
  text: string,
  { min = 0, max = 10_000 }: { min?: number; max?: number } = {},
): PercentCheck {
  const parsed = parsePercentInput(text);
  if (!parsed.ok) {
    switch (parsed.reason) {
      case 'empty':
        return { ok: false, message: 'Enter a percentage, e.g. 19 or 7.5.' };
      case 'too_many_decimals':
        return { ok: false, message: 'Use at most 2 decimal places, e.g. 7.25.' };
      case 'too_large':
        return { ok: false, message: `Enter at most ${formatPercent(max)}.` };
      case 'invalid':
        return { ok: false, message: 'Enter a number, e.g. 19 or 7.5.' };
    }
  }
  if (parsed.basisPoints < min) return { ok: false, message: `Enter at least ${formatPercent(min)}.` };
  if (parsed.basisPoints > max) return { ok: false, message: `Enter at most ${formatPercent(max)}.` };
  return parsed;
}
