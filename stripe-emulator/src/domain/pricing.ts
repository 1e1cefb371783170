import type {
  Coupon,
  Discount,
  DiscountAmount,
  ShippingRate,
  TaxAmount,
  TaxBehavior,
  TaxRate,
} from '../objects/pricing-types.js';
import { exclusiveTax, inclusiveTax, percentOf } from './tax.js';

/**
 * A checkout's amounts, computed the way Stripe does, in integer minor units:
 * 1. each line's subtotal is unit amount × quantity;
 * 2. a discount applies to the line items (never to shipping): a percentage per line, rounded half up; a fixed
 *    amount (at most the subtotal) split across the lines in proportion to their subtotals (largest lines take
 *    the rounding remainder);
 * 3. tax is computed per line, on the line's discounted amount, and rounded half up per line and per rate:
 *    exclusive tax is added on top (amount × rate), inclusive tax is contained in the price
 *    (amount × rate / (100 % + rate));
 * 4. shipping is taxed (automatic tax only, as in Stripe, where fixed `tax_rates` apply to line items) the same
 *    way, after its own `tax_behavior`;
 * 5. the total is the lines' discounted amounts plus exclusive taxes, plus the shipping's total.
 * Pure: the session-aware part is checkout-pricing.ts.
 */

export interface QuoteLine {
  id: string;
  product: string;
  /** Unit amount × quantity. */
  amount: number;
  /** The price's; decides inclusive / exclusive automatic tax (`unspecified` counts as exclusive). */
  taxBehavior: TaxBehavior;
  /** `line_items[][tax_rates]`: each rate says whether it is inclusive. */
  fixedRates: TaxRate[];
}

export interface QuoteInput {
  lines: QuoteLine[];
  shipping: { rate: ShippingRate; amount: number; taxBehavior: TaxBehavior } | null;
  discount: { coupon: Coupon; discount: Discount } | null;
  /** The emulated automatic tax rate of the customer's country, when automatic tax applies and is not 0 %. */
  automaticRate: TaxRate | null;
}

export interface AmountQuote {
  amountSubtotal: number;
  amountDiscount: number;
  amountTax: number;
  amountTotal: number;
  taxes: TaxAmount[];
}

export interface LineQuote extends AmountQuote {
  id: string;
  discounts: DiscountAmount[];
}

export interface Quote {
  lines: LineQuote[];
  shipping: (AmountQuote & { rate: ShippingRate }) | null;
  amountSubtotal: number;
  amountDiscount: number;
  amountShipping: number;
  amountTax: number;
  amountTotal: number;
  /** Aggregated per tax rate (shipping included) and per discount: `total_details.breakdown`. */
  taxes: TaxAmount[];
  discounts: DiscountAmount[];
}

interface AppliedRate {
  rate: TaxRate;
  inclusive: boolean;
  automatic: boolean;
}

/** Taxes on one (discounted) amount; several inclusive rates share the included tax. */
function taxesOn(base: number, rates: AppliedRate[]): { taxes: TaxAmount[]; exclusive: number } {
  const inclusive = rates.filter((r) => r.inclusive);
  const inclusivePercent = inclusive.reduce((sum, r) => sum + r.rate.percentage, 0);
  const included = inclusiveTax(base, inclusivePercent);
  const net = base - included;
  const taxes: TaxAmount[] = [];
  let exclusive = 0;
  let inclusiveLeft = included;
  inclusive.forEach((r, index) => {
    const amount =
      index === inclusive.length - 1
        ? inclusiveLeft
        : Math.min(inclusiveLeft, percentOf(net, r.rate.percentage));
    inclusiveLeft -= amount;
    taxes.push(taxAmount(r, amount, net));
  });
  for (const r of rates.filter((x) => !x.inclusive)) {
    const amount = exclusiveTax(net, r.rate.percentage);
    exclusive += amount;
    taxes.push(taxAmount(r, amount, net));
  }
  return { taxes, exclusive };
}

function taxAmount(r: AppliedRate, amount: number, taxable: number): TaxAmount {
  return {
    amount,
    rate: structuredClone(r.rate),
    taxability_reason: r.automatic ? 'standard_rated' : null,
    taxable_amount: taxable,
  };
}

/** The discount of each line (see step 2 above). */
function lineDiscounts(lines: QuoteLine[], coupon: Coupon | null): number[] {
  if (!coupon) return lines.map(() => 0);
  const products = coupon.applies_to?.products;
  const eligible = lines.map((line) => !products || products.includes(line.product));
  if (coupon.percent_off !== null) {
    const percent = coupon.percent_off;
    return lines.map((line, i) => (eligible[i] ? percentOf(line.amount, percent) : 0));
  }
  const pool = lines.reduce((sum, line, i) => sum + (eligible[i] ? line.amount : 0), 0);
  const total = Math.min(coupon.amount_off ?? 0, pool);
  if (pool === 0 || total === 0) return lines.map(() => 0);
  const shares = lines.map((line, i) => (eligible[i] ? Math.floor((total * line.amount) / pool) : 0));
  let left = total - shares.reduce((a, b) => a + b, 0);
  const bySize = lines
    .map((line, i) => ({ i, amount: eligible[i] ? line.amount : -1 }))
    .sort((a, b) => b.amount - a.amount || a.i - b.i);
  for (const { i, amount } of bySize) {
    if (left === 0 || amount <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
    left -= 1;
  }
  return shares;
}

export function computeQuote(input: QuoteInput): Quote {
  const coupon = input.discount?.coupon ?? null;
  const discounts = lineDiscounts(input.lines, coupon);
  const automatic = input.automaticRate;
  const lines: LineQuote[] = input.lines.map((line, i) => {
    const discount = discounts[i] ?? 0;
    const base = line.amount - discount;
    const rates: AppliedRate[] = automatic
      ? [{ rate: automatic, inclusive: line.taxBehavior === 'inclusive', automatic: true }]
      : line.fixedRates.map((rate) => ({ rate, inclusive: rate.inclusive, automatic: false }));
    const { taxes, exclusive } = taxesOn(base, rates);
    return {
      id: line.id,
      amountSubtotal: line.amount,
      amountDiscount: discount,
      amountTax: taxes.reduce((sum, t) => sum + t.amount, 0),
      amountTotal: base + exclusive,
      taxes,
      discounts:
        input.discount && discount > 0
          ? [{ amount: discount, discount: structuredClone(input.discount.discount) }]
          : [],
    };
  });
  let shipping: Quote['shipping'] = null;
  if (input.shipping) {
    const { amount, rate, taxBehavior } = input.shipping;
    const rates: AppliedRate[] = automatic
      ? [{ rate: automatic, inclusive: taxBehavior === 'inclusive', automatic: true }]
      : [];
    const { taxes, exclusive } = taxesOn(amount, rates);
    shipping = {
      rate,
      amountSubtotal: amount,
      amountDiscount: 0,
      amountTax: taxes.reduce((sum, t) => sum + t.amount, 0),
      amountTotal: amount + exclusive,
      taxes,
    };
  }
  const sum = (pick: (q: AmountQuote) => number): number => lines.reduce((total, q) => total + pick(q), 0);
  const amountDiscount = sum((q) => q.amountDiscount);
  return {
    lines,
    shipping,
    amountSubtotal: sum((q) => q.amountSubtotal),
    amountDiscount,
    amountShipping: shipping?.amountSubtotal ?? 0,
    amountTax: sum((q) => q.amountTax) + (shipping?.amountTax ?? 0),
    amountTotal: sum((q) => q.amountTotal) + (shipping?.amountTotal ?? 0),
    taxes: aggregateTaxes([...lines.flatMap((q) => q.taxes), ...(shipping?.taxes ?? [])]),
    discounts:
      input.discount && amountDiscount > 0
        ? [{ amount: amountDiscount, discount: structuredClone(input.discount.discount) }]
        : [],
  };
}

function aggregateTaxes(taxes: TaxAmount[]): TaxAmount[] {
  const byRate = new Map<string, TaxAmount>();
  for (const tax of taxes) {
    const seen = byRate.get(tax.rate.id);
    if (seen) {
      seen.amount += tax.amount;
      seen.taxable_amount = (seen.taxable_amount ?? 0) + (tax.taxable_amount ?? 0);
    } else byRate.set(tax.rate.id, structuredClone(tax));
  }
  return [...byRate.values()];
}
