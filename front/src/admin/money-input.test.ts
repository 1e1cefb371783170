import { describe, expect, it } from 'vitest';
import { checkRefundAmount, minorToInput, parseAmountInput } from './money-input';

describe('parseAmountInput', () => {
  it('reads amounts as minor units without floating point', () => {
    expect(parseAmountInput('12.50', 'usd')).toEqual({ ok: true, minor: 1250 });
    expect(parseAmountInput('12.5', 'usd')).toEqual({ ok: true, minor: 1250 });
    expect(parseAmountInput('12', 'usd')).toEqual({ ok: true, minor: 1200 });
    expect(parseAmountInput('.5', 'usd')).toEqual({ ok: true, minor: 50 });
    // Amounts whose float product would be off by one: 0.29 * 100 = 28.999…, 1.005 has three decimals.
    expect(parseAmountInput('0.29', 'usd')).toEqual({ ok: true, minor: 29 });
    expect(parseAmountInput('4.35', 'usd')).toEqual({ ok: true, minor: 435 });
    expect(parseAmountInput('1.005', 'usd')).toEqual({ ok: false, reason: 'too_many_decimals' });
    expect(parseAmountInput('90071992547409.91', 'usd')).toEqual({ ok: true, minor: 9007199254740991 });
    expect(parseAmountInput('90071992547409.92', 'usd')).toEqual({ ok: false, reason: 'too_large' });
  });

  it('accepts what people type or paste: symbols, codes, spaces, grouping, a decimal comma', () => {
    expect(parseAmountInput(' $1,234.56 ', 'usd')).toEqual({ ok: true, minor: 123456 });
    expect(parseAmountInput('1,234', 'usd')).toEqual({ ok: true, minor: 123400 });
    expect(parseAmountInput('12,5', 'eur')).toEqual({ ok: true, minor: 1250 });
    expect(parseAmountInput('USD 7', 'usd')).toEqual({ ok: true, minor: 700 });
    expect(parseAmountInput('7 EUR', 'eur')).toEqual({ ok: true, minor: 700 });
  });

  it('follows the currency’s minor units', () => {
    expect(parseAmountInput('1500', 'jpy')).toEqual({ ok: true, minor: 1500 });
    expect(parseAmountInput('15.5', 'jpy')).toEqual({ ok: false, reason: 'too_many_decimals' });
    expect(parseAmountInput('1.234', 'kwd')).toEqual({ ok: true, minor: 1234 });
  });

  it('refuses what is not an amount', () => {
    expect(parseAmountInput('', 'usd')).toEqual({ ok: false, reason: 'empty' });
    expect(parseAmountInput('   ', 'usd')).toEqual({ ok: false, reason: 'empty' });
    for (const text of ['ten', '-5', '1e3', '1.2.3', '12,34,5', '.', '0x10']) {
      expect(parseAmountInput(text, 'usd'), text).toMatchObject({ ok: false });
    }
  });
});

describe('minorToInput', () => {
  it('writes minor units as the input shows them', () => {
    expect(minorToInput(6250, 'usd')).toBe('62.50');
    expect(minorToInput(5, 'usd')).toBe('0.05');
    expect(minorToInput(1500, 'jpy')).toBe('1500');
  });
});

describe('checkRefundAmount', () => {
  it('allows a positive amount up to what is left to refund', () => {
    expect(checkRefundAmount('52.50', 'usd', 5250)).toEqual({ ok: true, minor: 5250 });
    expect(checkRefundAmount('0.01', 'usd', 5250)).toEqual({ ok: true, minor: 1 });
  });

  it('says what is wrong otherwise', () => {
    expect(checkRefundAmount('52.51', 'usd', 5250)).toEqual({
      ok: false,
      message: 'At most $52.50 can be refunded.',
    });
    expect(checkRefundAmount('0.00', 'usd', 5250)).toEqual({
      ok: false,
      message: 'The refund must be more than zero.',
    });
    expect(checkRefundAmount('', 'usd', 5250)).toEqual({ ok: false, message: 'Enter the amount to refund.' });
    expect(checkRefundAmount('1.5', 'jpy', 5000)).toEqual({
      ok: false,
      message: 'JPY amounts have no decimals.',
    });
  });
});
