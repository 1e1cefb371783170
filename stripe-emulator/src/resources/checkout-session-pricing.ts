import { shippingAmount } from '../domain/checkout-pricing.js';
import { invalidRequest, resourceMissing } from '../domain/errors.js';
import { checkPromotionCode, couponFitsCurrency, couponProblem } from '../domain/promotion-codes.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { LineItem } from '../objects/types.js';
import type { CheckoutSession } from '../objects/session-types.js';
import type { SessionPricing } from '../state/store.js';
import type { CreateParams } from './checkout-session-params.js';
import { requireCoupon } from './coupons.js';
import { createShippingRate, requireShippingRate } from './shipping-rates.js';
import { requireTaxRate } from './tax-rates.js';

type Items = NonNullable<CreateParams['line_items']>;

/** The session fields these parameters set (the amounts come from pricing them: domain/checkout-pricing.ts). */
export type PricingFields = Pick<
  CheckoutSession,
  | 'shipping_address_collection'
  | 'shipping_options'
  | 'phone_number_collection'
  | 'automatic_tax'
  | 'discounts'
>;

function shippingRates(
  core: EmulatorCore,
  p: CreateParams,
  currency: string,
): SessionPricing['shippingRates'] {
  return (p.shipping_options ?? []).map((option, index) => {
    const param = `shipping_options[${index}]`;
    if (option.shipping_rate !== undefined && option.shipping_rate_data !== undefined)
      throw invalidRequest(
        'You may only specify one of these parameters: shipping_rate, shipping_rate_data.',
        param,
      );
    let rate;
    if (option.shipping_rate !== undefined) {
      rate = requireShippingRate(core, option.shipping_rate, `${param}[shipping_rate]`);
      if (!rate.active)
        throw invalidRequest(`The shipping rate ${rate.id} is not active.`, `${param}[shipping_rate]`);
    } else if (option.shipping_rate_data !== undefined) {
      rate = createShippingRate(core, option.shipping_rate_data, `${param}[shipping_rate_data]`);
    } else {
      throw invalidRequest(
        'You must specify either `shipping_rate` or `shipping_rate_data`.',
        param,
        'parameter_missing',
      );
    }
    if (!shippingAmount(rate, currency))
      throw invalidRequest(
        `The shipping rate's currency (${rate.fixed_amount.currency}) must match the Checkout Session's currency (${currency}); add it to the rate's \`fixed_amount[currency_options]\`.`,
        param,
      );
    return rate.id;
  });
}

function discount(
  core: EmulatorCore,
  p: CreateParams,
  currency: string,
  subtotal: number,
): SessionPricing['discount'] {
  const discounts = p.discounts ?? [];
  if (discounts.length === 0) return null;
  if (p.allow_promotion_codes === true)
    throw invalidRequest(
      'You may only specify one of these parameters: allow_promotion_codes, discounts.',
      'allow_promotion_codes',
    );
  if (discounts.length > 1) throw invalidRequest('You may only specify one discount.', 'discounts');
  const [given] = discounts;
  const param = 'discounts[0]';
  if (given?.coupon !== undefined && given.promotion_code !== undefined)
    throw invalidRequest('You may only specify one of these parameters: coupon, promotion_code.', param);
  const now = core.clock.now();
  if (given?.coupon !== undefined) {
    const coupon = requireCoupon(core, given.coupon, `${param}[coupon]`);
    if (!couponFitsCurrency(coupon, currency))
      throw invalidRequest(
        `The coupon's currency (${coupon.currency ?? ''}) must match the Checkout Session's currency (${currency}).`,
        `${param}[coupon]`,
      );
    const problem = couponProblem(core.store, coupon, now);
    if (problem === 'expired') throw invalidRequest('This coupon has expired.', `${param}[coupon]`);
    if (problem === 'exhausted')
      throw invalidRequest(
        'This coupon has already been redeemed the maximum number of times.',
        `${param}[coupon]`,
      );
    return { coupon: coupon.id, promotionCode: null };
  }
  if (given?.promotion_code !== undefined) {
    const promo = core.store.promotionCodes.get(given.promotion_code);
    if (!promo) throw resourceMissing('promotion code', given.promotion_code, `${param}[promotion_code]`);
    const { coupon } = checkPromotionCode(
      core.store,
      promo,
      { currency, subtotal, email: p.customer_email ?? null, now },
      `${param}[promotion_code]`,
    );
    return { coupon: coupon.id, promotionCode: promo.id };
  }
  throw invalidRequest('You must specify either `coupon` or `promotion_code`.', param, 'parameter_missing');
}

function lineTaxRates(core: EmulatorCore, items: Items, lineItems: LineItem[], automatic: boolean) {
  const rates: SessionPricing['lineTaxRates'] = {};
  items.forEach((item, index) => {
    const ids = item.tax_rates ?? [];
    const lineItem = lineItems[index];
    if (ids.length === 0 || !lineItem) return;
    const param = `line_items[${index}][tax_rates]`;
    if (automatic)
      throw invalidRequest('You cannot use `tax_rates` when `automatic_tax[enabled]` is true.', param);
    rates[lineItem.id] = ids.map((id, i) => {
      const rate = requireTaxRate(core, id, `${param}[${i}]`);
      if (!rate.active) throw invalidRequest(`The tax rate ${id} is not active.`, `${param}[${i}]`);
      return rate.id;
    });
  });
  return rates;
}

/**
 * Checks Checkout's shipping, discount and tax parameters and turns them into the session's pricing and
 * fields: shipping rates (`shipping_rate_data` creates one, as Stripe does), a coupon or promotion code
 * (exclusive with `allow_promotion_codes`), fixed tax rates per line (exclusive with automatic tax).
 */
export function sessionPricing(
  core: EmulatorCore,
  p: CreateParams,
  currency: string,
  lineItems: LineItem[],
): { pricing: SessionPricing; fields: PricingFields } {
  const automatic = p.automatic_tax?.enabled === true;
  const subtotal = lineItems.reduce((sum, item) => sum + item.amount_subtotal, 0);
  const rates = shippingRates(core, p, currency);
  const given = discount(core, p, currency, subtotal);
  const pricing: SessionPricing = {
    shippingRates: rates,
    lineTaxRates: lineTaxRates(core, p.line_items ?? [], lineItems, automatic),
    discount: given,
    breakdown: { discounts: [], taxes: [] },
    lineTaxes: {},
    lineDiscounts: {},
  };
  const fields: PricingFields = {
    shipping_address_collection: p.shipping_address_collection?.allowed_countries
      ? { allowed_countries: [...new Set(p.shipping_address_collection.allowed_countries)] }
      : null,
    shipping_options: rates.flatMap((id) => {
      const rate = core.store.shippingRates.get(id);
      const price = rate ? shippingAmount(rate, currency) : null;
      return price ? [{ shipping_amount: price.amount, shipping_rate: id }] : [];
    }),
    phone_number_collection: { enabled: p.phone_number_collection?.enabled === true },
    automatic_tax: automatic
      ? { enabled: true, liability: { type: 'self' }, provider: 'stripe', status: 'requires_location_inputs' }
      : { enabled: false, liability: null, provider: null, status: null },
    discounts: given
      ? [{ coupon: given.promotionCode ? null : given.coupon, promotion_code: given.promotionCode }]
      : [],
  };
  return { pricing, fields };
}
