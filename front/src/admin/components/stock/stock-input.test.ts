import { describe, expect, it } from 'vitest';
import { readStock, stockText } from './stock-input';

describe('the stock editor’s reading', () => {
  it('takes whole numbers from 0, with separators', () => {
    expect(readStock('0', false)).toEqual({ ok: true, update: { stock: 0 } });
    expect(readStock(' 12 ', false)).toEqual({ ok: true, update: { stock: 12 } });
    expect(readStock('1,200', false)).toEqual({ ok: true, update: { stock: 1200 } });
  });

  it('reads “Unlimited” ticked, or typed, as null', () => {
    expect(readStock('5', true)).toEqual({ ok: true, update: { stock: null } });
    expect(readStock('Unlimited', false)).toEqual({ ok: true, update: { stock: null } });
  });

  it('refuses what is not a count of units, saying what to type', () => {
    expect(readStock('', false)).toEqual({
      ok: false,
      message: 'Enter the units on hand (0 or more), or tick “Unlimited”.',
    });
    for (const text of ['-1', '2.5', 'ten']) {
      expect(readStock(text, false)).toEqual({
        ok: false,
        message: 'Enter a whole number of units, like 12.',
      });
    }
    expect(readStock('1000000001', false)).toEqual({
      ok: false,
      message: 'Enter at most 1,000,000,000 units.',
    });
  });

  it('shows a stock as its number, and unlimited as nothing', () => {
    expect(stockText(7)).toBe('7');
    expect(stockText(null)).toBe('');
  });
});
