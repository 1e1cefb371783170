import { chargesAddUp, shippingPrice } from '@checkstand/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chargesOfSession } from '../stripe/session-charges.js';

/**
 * The breakdown's arithmetic, in minor units, for every currency exponent Stripe uses (0: JPY, 2: USD, 3: KWD):
 * what the store reads off a session, the rule it checks it with, and the free-shipping threshold. Amounts are
 * integers scaled by 10^exponent, so no exponent can hide a rounding.
 */
const EXPONENTS = [0, 2, 3] as const;
const CURRENCY = { 0: 'jpy', 2: 'usd', 3: 'kwd' } as const;

/** A session as Stripe would send it, with consistent figures (Stripe's own arithmetic, written out). */
const sessions = fc
  .record({
    exponent: fc.constantFrom(...EXPONENTS),
    lines: fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 6 }),
    percentOff: fc.option(fc.integer({ min: 1, max: 100 }), { nil: null }),
    shipping: fc.integer({ min: 0, max: 5_000 }),
    taxBasisPoints: fc.integer({ min: 0, max: 3_000 }),
    inclusive: fc.boolean(),
  })
  .map(({ exponent, lines, percentOff, shipping, taxBasisPoints, inclusive }) => {
    const scale = 10 ** exponent;
    const amounts = lines.map((l) => l * scale);
    const subtotal = amounts.reduce((sum, a) => sum + a, 0);
    // Half up, per line, as Stripe rounds a percentage.
    const discount =
      percentOff === null ? 0 : amounts.reduce((sum, a) => sum + Math.floor((a * percentOff + 50) / 100), 0);
    const shippingAmount = shipping * scale;
    const taxable = subtotal - discount + shippingAmount;
    const tax = inclusive
      ? taxable - Math.floor((taxable * 10_000) / (10_000 + taxBasisPoints))
      : Math.floor((taxable * taxBasisPoints + 5_000) / 10_000);
    const total = subtotal - discount + shippingAmount + (inclusive ? 0 : tax);
    return {
      currency: CURRENCY[exponent],
      inclusive,
      json: {
        amount_subtotal: subtotal,
        amount_total: total,
        total_details: { amount_discount: discount, amount_shipping: shippingAmount, amount_tax: tax },
        shipping_cost: { shipping_rate: 'shr_1' },
        shipping_options: [{ shipping_rate: 'shr_0' }, { shipping_rate: 'shr_1' }],
        discounts: percentOff === null ? [] : [{ promotion_code: 'promo_1', coupon: null }],
      },
    };
  });

describe('the breakdown of what Stripe charged', () => {
  it('reads every figure of a session exactly, and they add up', () => {
    fc.assert(
      fc.property(sessions, ({ json, inclusive }) => {
        const charges = chargesOfSession(json);
        expect(charges).not.toBeNull();
        expect(charges).toMatchObject({
          subtotal: json.amount_subtotal,
          total: json.amount_total,
          discount: json.total_details.amount_discount,
          shipping: json.total_details.amount_shipping,
          tax: json.total_details.amount_tax,
          shippingOptionIndex: 1,
          promotionCodeId: json.discounts.length > 0 ? 'promo_1' : null,
        });
        expect(chargesAddUp({ ...charges!, taxIncluded: inclusive })).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('says when they do not add up: a cent more or less anywhere is caught', () => {
    fc.assert(
      fc.property(
        sessions,
        fc.constantFrom('subtotal', 'discount', 'shipping', 'total'),
        fc.constantFrom(-1, 1),
        ({ json, inclusive }, field, delta) => {
          const charges = chargesOfSession(json)!;
          const off = { ...charges, taxIncluded: inclusive, [field]: charges[field] + delta };
          expect(chargesAddUp(off)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('offers shipping free from its threshold on, at its price below it, in the cart’s currency only', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EXPONENTS),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        (exponent, price, threshold, subtotal) => {
          const scale = 10 ** exponent;
          const currency = CURRENCY[exponent];
          const rate = {
            amounts: { [currency]: price * scale },
            freeAbove: { [currency]: threshold * scale },
          };
          expect(shippingPrice(rate, currency, subtotal * scale)).toBe(
            subtotal >= threshold ? 0 : price * scale,
          );
          expect(shippingPrice({ ...rate, freeAbove: {} }, currency, subtotal * scale)).toBe(price * scale);
          expect(shippingPrice(rate, currency === 'usd' ? 'eur' : 'usd', subtotal * scale)).toBeNull();
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads nothing from a session that does not say what it charges', () => {
    expect(chargesOfSession({ amount_total: 100 })).toBeNull();
    expect(chargesOfSession({ amount_subtotal: 100 })).toBeNull();
    expect(chargesOfSession({ amount_subtotal: 1.5, amount_total: 2 })).toBeNull();
  });
});
