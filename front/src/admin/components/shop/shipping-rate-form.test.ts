import { describe, expect, it } from 'vitest';
import { rateFormState, readCurrency, readRateForm, type RateFormState } from './shipping-rate-form';

function form(overrides: Partial<RateFormState> = {}): RateFormState {
  return { ...rateFormState(null, ['eur', 'jpy', 'usd'], 3), name: 'Standard', ...overrides };
}

describe('the shipping rate form', () => {
  it('reads each amount as money in its currency, in minor units', () => {
    const result = readRateForm(
      form({
        prices: [
          { currency: 'eur', amount: '4.50', freeAbove: '50' },
          { currency: 'jpy', amount: '500', freeAbove: '' },
          { currency: 'usd', amount: '', freeAbove: '' },
        ],
        minDays: '2',
        maxDays: '4',
      }),
    );
    expect(result).toEqual({
      ok: true,
      input: {
        name: 'Standard',
        amounts: { eur: 450, jpy: 500 },
        freeAbove: { eur: 5000 },
        deliveryEstimate: { minDays: 2, maxDays: 4 },
        active: true,
        position: 3,
      },
    });
  });

  it('says everything that is wrong at once', () => {
    const result = readRateForm(
      form({
        name: ' ',
        prices: [
          { currency: 'eur', amount: '4.505', freeAbove: '' },
          { currency: 'jpy', amount: '', freeAbove: '1000' },
        ],
        minDays: '5',
        maxDays: '2',
        position: 'first',
      }),
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        name: expect.stringMatching(/Give the rate a name/),
        'amount-eur': 'Use at most 2 decimal places.',
        'free-jpy': 'Give a price in JPY too, or clear this amount.',
        days: 'The fewest days can’t be more than the most days.',
        position: 'Give a whole number from 0 to 1000.',
      },
    });
  });

  it('needs a price in at least one currency; one day count alone is both', () => {
    expect(readRateForm(form())).toMatchObject({ ok: false, errors: { prices: expect.any(String) } });
    const result = readRateForm(
      form({ prices: [{ currency: 'usd', amount: '0', freeAbove: '' }], minDays: '3' }),
    );
    expect(result).toMatchObject({
      ok: true,
      input: { amounts: { usd: 0 }, deliveryEstimate: { minDays: 3, maxDays: 3 } },
    });
  });

  it('fills in from a rate, amounts shown as money', () => {
    const state = rateFormState(
      {
        id: 'shr_1',
        name: 'Express',
        amounts: { usd: 1250, gbp: 900 },
        freeAbove: { usd: 10_000 },
        deliveryEstimate: { minDays: 1, maxDays: 2 },
        active: false,
        position: 4,
        updatedAt: '2026-11-26T10:00:00.000Z',
      },
      ['usd', 'eur'],
      9,
    );
    expect(state).toEqual({
      name: 'Express',
      prices: [
        { currency: 'eur', amount: '', freeAbove: '' },
        { currency: 'gbp', amount: '9.00', freeAbove: '' },
        { currency: 'usd', amount: '12.50', freeAbove: '100.00' },
      ],
      minDays: '1',
      maxDays: '2',
      position: '4',
      active: false,
    });
  });

  it('takes another currency by its code, once', () => {
    expect(readCurrency(' CHF ', ['usd'])).toEqual({ ok: true, currency: 'chf' });
    expect(readCurrency('usd', ['usd'])).toMatchObject({ ok: false, message: 'USD is already in the list.' });
    expect(readCurrency('dollars', [])).toMatchObject({ ok: false });
    expect(readCurrency('qqq', [])).toMatchObject({ ok: false, message: 'QQQ isn’t a currency code.' });
  });
});
