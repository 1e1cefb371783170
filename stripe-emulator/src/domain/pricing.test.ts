import { describe, expect, it } from 'vitest';
import { newCoupon, newDiscount, newShippingRate, newTaxRate } from '../objects/pricing-builders.js';
import type { Coupon, TaxRate } from '../objects/pricing-types.js';
import { computeQuote, type QuoteLine } from './pricing.js';
import { exclusiveTax, inclusiveTax } from './tax.js';

function rate(percentage: number, inclusive = false): TaxRate {
  return newTaxRate({
    displayName: 'VAT',
    percentage,
    inclusive,
    active: true,
    country: null,
    state: null,
    jurisdiction: null,
    description: null,
    taxType: 'vat',
    metadata: {},
    created: 0,
  });
}

function coupon(input: { percentOff?: number; amountOff?: number; products?: string[] }): Coupon {
  return newCoupon({
    percentOff: input.percentOff ?? null,
    amountOff: input.amountOff ?? null,
    currency: input.amountOff !== undefined ? 'eur' : null,
    duration: 'once',
    durationInMonths: null,
    maxRedemptions: null,
    redeemBy: null,
    name: null,
    metadata: {},
    appliesTo: input.products ?? null,
    created: 0,
  });
}

function line(id: string, amount: number, extra: Partial<QuoteLine> = {}): QuoteLine {
  return { id, product: `prod_${id}`, amount, taxBehavior: 'unspecified', fixedRates: [], ...extra };
}

function discountOf(c: Coupon) {
  return {
    coupon: c,
    discount: newDiscount({ coupon: c, promotionCode: null, sessionId: 'cs_test', start: 0 }),
  };
}

describe('tax arithmetic (integer minor units, half up per line)', () => {
  it('exclusive: amount × rate, rounded half up', () => {
    expect(exclusiveTax(1000, 19)).toBe(190);
    expect(exclusiveTax(1050, 19)).toBe(200); // 199.5 → 200
    expect(exclusiveTax(1049, 19)).toBe(199); // 199.31
    expect(exclusiveTax(999, 7.7)).toBe(77); // 76.923
    expect(exclusiveTax(0, 19)).toBe(0);
  });

  it('inclusive: amount × rate / (100 % + rate), rounded half up', () => {
    expect(inclusiveTax(1190, 19)).toBe(190);
    expect(inclusiveTax(1000, 19)).toBe(160); // 159.66
    expect(inclusiveTax(1200, 20)).toBe(200);
    expect(inclusiveTax(2999, 21)).toBe(520); // 520.49
  });
});

describe('computeQuote', () => {
  it('fixed exclusive and inclusive tax rates per line', () => {
    const quote = computeQuote({
      lines: [
        line('a', 2500, { fixedRates: [rate(19)] }),
        line('b', 1190, { fixedRates: [rate(19, true)] }),
        line('c', 499),
      ],
      shipping: null,
      discount: null,
      automaticRate: null,
    });
    expect(quote.lines.map((l) => [l.amountTax, l.amountTotal])).toEqual([
      [475, 2975],
      [190, 1190],
      [0, 499],
    ]);
    expect(quote).toMatchObject({
      amountSubtotal: 4189,
      amountTax: 665,
      amountTotal: 4664,
      amountDiscount: 0,
    });
    expect(quote.lines[1]?.taxes[0]).toMatchObject({
      amount: 190,
      taxable_amount: 1000,
      taxability_reason: null,
    });
    expect(quote.taxes).toHaveLength(2);
  });

  it('percent-off discounts per line before tax; shipping undiscounted, taxed with automatic tax', () => {
    const de = rate(19);
    const shipping = newShippingRate({
      displayName: 'Standard',
      amount: 500,
      currency: 'eur',
      deliveryEstimate: null,
      taxBehavior: 'inclusive',
      taxCode: null,
      metadata: {},
      created: 0,
    });
    const quote = computeQuote({
      lines: [line('a', 2500, { taxBehavior: 'exclusive' }), line('b', 999, { taxBehavior: 'inclusive' })],
      shipping: { rate: shipping, amount: 500, taxBehavior: 'inclusive' },
      discount: discountOf(coupon({ percentOff: 10 })),
      automaticRate: de,
    });
    // a: 2500 - 250 = 2250, +19 % = 428 → 2678; b: 999 - 100 = 899 incl. 144 → 899; shipping 500 incl. 80.
    expect(quote.lines.map((l) => [l.amountDiscount, l.amountTax, l.amountTotal])).toEqual([
      [250, 428, 2678],
      [100, 144, 899],
    ]);
    expect(quote.shipping).toMatchObject({ amountSubtotal: 500, amountTax: 80, amountTotal: 500 });
    expect(quote).toMatchObject({
      amountSubtotal: 3499,
      amountDiscount: 350,
      amountShipping: 500,
      amountTax: 652,
      amountTotal: 4077,
    });
    expect(quote.taxes).toEqual([
      expect.objectContaining({ amount: 652, taxability_reason: 'standard_rated' }),
    ]);
    expect(quote.discounts[0]?.amount).toBe(350);
  });

  it('amount-off discounts split in proportion (largest lines take the remainder), capped at the subtotal', () => {
    const quote = computeQuote({
      lines: [line('a', 1000), line('b', 2000), line('c', 7)],
      shipping: null,
      discount: discountOf(coupon({ amountOff: 1001 })),
      automaticRate: null,
    });
    expect(quote.lines.map((l) => l.amountDiscount)).toEqual([333, 666, 2]);
    expect(quote.amountDiscount).toBe(1001);
    const capped = computeQuote({
      lines: [line('a', 300)],
      shipping: null,
      discount: discountOf(coupon({ amountOff: 5000 })),
      automaticRate: null,
    });
    expect(capped).toMatchObject({ amountDiscount: 300, amountTotal: 0 });
  });

  it('a coupon limited to products discounts those lines only', () => {
    const quote = computeQuote({
      lines: [line('a', 1000), line('b', 1000)],
      shipping: null,
      discount: discountOf(coupon({ percentOff: 50, products: ['prod_b'] })),
      automaticRate: null,
    });
    expect(quote.lines.map((l) => l.amountDiscount)).toEqual([0, 500]);
    expect(quote.lines[0]?.discounts).toEqual([]);
  });
});
