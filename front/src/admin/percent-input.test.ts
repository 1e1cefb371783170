import { describe, expect, it } from 'vitest';
import { basisPointsToInput, checkPercent, formatPercent, parsePercentInput } from './percent-input';

describe('percentages in basis points', () => {
  it('reads what people type exactly, never through a float', () => {
    expect(parsePercentInput('19')).toEqual({ ok: true, basisPoints: 1900 });
    expect(parsePercentInput('7.5')).toEqual({ ok: true, basisPoints: 750 });
    expect(parsePercentInput('7,25 %')).toEqual({ ok: true, basisPoints: 725 });
    expect(parsePercentInput('0.01')).toEqual({ ok: true, basisPoints: 1 });
    expect(parsePercentInput('.5')).toEqual({ ok: true, basisPoints: 50 });
    expect(parsePercentInput('100')).toEqual({ ok: true, basisPoints: 10_000 });
    // 0.1 + 0.2 and friends: 16.4 × 100 is 1639.9999… as a double.
    expect(parsePercentInput('16.4')).toEqual({ ok: true, basisPoints: 1640 });
  });

  it('refuses what is not a percentage of at most two decimals, up to 100', () => {
    expect(parsePercentInput('')).toEqual({ ok: false, reason: 'empty' });
    expect(parsePercentInput('abc')).toEqual({ ok: false, reason: 'invalid' });
    expect(parsePercentInput('-5')).toEqual({ ok: false, reason: 'invalid' });
    expect(parsePercentInput('1.234')).toEqual({ ok: false, reason: 'too_many_decimals' });
    expect(parsePercentInput('100.01')).toEqual({ ok: false, reason: 'too_large' });
    expect(parsePercentInput('99999999')).toEqual({ ok: false, reason: 'too_large' });
  });

  it('shows basis points back as the input and as text', () => {
    expect(basisPointsToInput(1900)).toBe('19');
    expect(basisPointsToInput(750)).toBe('7.5');
    expect(basisPointsToInput(725)).toBe('7.25');
    expect(basisPointsToInput(1)).toBe('0.01');
    expect(basisPointsToInput(0)).toBe('0');
    expect(formatPercent(10_000)).toBe('100%');
    expect(formatPercent(1250)).toBe('12.5%');
  });

  it('checks a range and says what is wrong', () => {
    expect(checkPercent('0', { min: 1 })).toEqual({ ok: false, message: 'Enter at least 0.01%.' });
    expect(checkPercent('')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Enter a percentage/),
    });
    expect(checkPercent('101')).toEqual({ ok: false, message: 'Enter at most 100%.' });
    expect(checkPercent('19.5')).toEqual({ ok: true, basisPoints: 1950 });
  });
});
