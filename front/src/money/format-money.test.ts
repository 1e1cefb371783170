import { describe, expect, it } from 'vitest';
import { formatMoney, minorToDecimalString } from './format-money';

// Intl separates the currency symbol with a no-break space in some locales; compare with plain spaces.
const normalize = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it('formats US dollars from cents', () => {
    expect(formatMoney(2400, 'usd')).toBe('$24.00');
    expect(formatMoney(1850, 'usd')).toBe('$18.50');
    expect(formatMoney(5, 'usd')).toBe('$0.05');
    expect(formatMoney(0, 'usd')).toBe('$0.00');
  });

  it('formats euros in a European locale', () => {
    expect(normalize(formatMoney(123456, 'eur', 'de-DE'))).toBe('1.234,56 €');
    expect(normalize(formatMoney(99, 'EUR', 'fr-FR'))).toBe('0,99 €');
  });

  it('treats yen as a zero-decimal currency', () => {
    expect(formatMoney(1500, 'jpy', 'en-US')).toBe('¥1,500');
    expect(normalize(formatMoney(1500, 'jpy', 'ja-JP'))).toMatch(/^[¥￥]1,500$/);
  });

  it('uses three decimals where the currency has them', () => {
    expect(normalize(formatMoney(1234, 'kwd'))).toBe('KWD 1.234');
  });

  it('keeps large amounts exact', () => {
    expect(formatMoney(123_456_789_01, 'usd')).toBe('$123,456,789.01');
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'usd')).toBe('$90,071,992,547,409.91');
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'jpy')).toBe('¥9,007,199,254,740,991');
  });

  it('has no floating-point artefacts', () => {
    // As a double, 9007199254740991 / 1000 is 9007199254740.990…; the exact value ends in .991.
    expect(normalize(formatMoney(Number.MAX_SAFE_INTEGER, 'kwd'))).toBe('KWD 9,007,199,254,740.991');
    // 0.1 + 0.2 !== 0.3 in floating point, but 10 + 20 cents is 30 cents.
    expect(formatMoney(10 + 20, 'usd')).toBe('$0.30');
    expect(formatMoney(1005, 'usd')).toBe('$10.05');
  });

  it('formats negative amounts', () => {
    expect(formatMoney(-1999, 'usd')).toBe('-$19.99');
  });

  it('rejects amounts that are not integer minor units', () => {
    expect(() => formatMoney(12.5, 'usd')).toThrow(RangeError);
    expect(() => formatMoney(Number.NaN, 'usd')).toThrow(RangeError);
  });
});

describe('minorToDecimalString', () => {
  it('places the decimal point without arithmetic', () => {
    expect(minorToDecimalString(7, 2)).toBe('0.07');
    expect(minorToDecimalString(-7, 2)).toBe('-0.07');
    expect(minorToDecimalString(120, 2)).toBe('1.20');
    expect(minorToDecimalString(120, 0)).toBe('120');
    expect(minorToDecimalString(1, 3)).toBe('0.001');
  });
});
