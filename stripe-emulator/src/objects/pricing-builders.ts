import { ids } from '../core/ids.js';
import type { Coupon, Discount, PromotionCode, ShippingRate, TaxBehavior, TaxRate } from './pricing-types.js';

/** Factories for shipping rates, coupons, promotion codes, tax rates and discounts, at Stripe's defaults. */

export function newShippingRate(input: {
  displayName: string;
  amount: number;
  currency: string;
  currencyOptions?: Record<string, { amount: number; tax_behavior: TaxBehavior }>;
  deliveryEstimate: ShippingRate['delivery_estimate'];
  taxBehavior: TaxBehavior | null;
  taxCode: string | null;
  metadata: Record<string, string>;
  created: number;
}): ShippingRate {
  return {
    id: ids.shippingRate(),
    object: 'shipping_rate',
    active: true,
    created: input.created,
    delivery_estimate: input.deliveryEstimate,
    display_name: input.displayName,
    fixed_amount: {
      amount: input.amount,
      currency: input.currency,
      ...(input.currencyOptions ? { currency_options: input.currencyOptions } : {}),
    },
    livemode: false,
    metadata: input.metadata,
    tax_behavior: input.taxBehavior,
    tax_code: input.taxCode,
    type: 'fixed_amount',
  };
}

export function newCoupon(input: {
  id?: string | undefined;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: Coupon['duration'];
  durationInMonths: number | null;
  maxRedemptions: number | null;
  redeemBy: number | null;
  name: string | null;
  metadata: Record<string, string>;
  appliesTo: string[] | null;
  created: number;
}): Coupon {
  return {
    id: input.id ?? ids.coupon(),
    object: 'coupon',
    amount_off: input.amountOff,
    ...(input.appliesTo ? { applies_to: { products: input.appliesTo } } : {}),
    created: input.created,
    currency: input.currency,
    duration: input.duration,
    duration_in_months: input.durationInMonths,
    livemode: false,
    max_redemptions: input.maxRedemptions,
    metadata: input.metadata,
    name: input.name,
    percent_off: input.percentOff,
    redeem_by: input.redeemBy,
    times_redeemed: 0,
    valid: true,
  };
}

export function newPromotionCode(input: {
  coupon: Coupon;
  code: string;
  active: boolean;
  customer: string | null;
  expiresAt: number | null;
  maxRedemptions: number | null;
  firstTimeTransaction: boolean;
  minimumAmount: number | null;
  minimumAmountCurrency: string | null;
  metadata: Record<string, string>;
  created: number;
}): PromotionCode {
  return {
    id: ids.promotionCode(),
    object: 'promotion_code',
    active: input.active,
    code: input.code,
    created: input.created,
    customer: input.customer,
    customer_account: null,
    expires_at: input.expiresAt,
    livemode: false,
    max_redemptions: input.maxRedemptions,
    metadata: input.metadata,
    promotion: { coupon: input.coupon.id, type: 'coupon' },
    restrictions: {
      currency_options: {},
      first_time_transaction: input.firstTimeTransaction,
      minimum_amount: input.minimumAmount,
      minimum_amount_currency: input.minimumAmountCurrency,
    },
    times_redeemed: 0,
  };
}

export function newTaxRate(input: {
  displayName: string;
  percentage: number;
  inclusive: boolean;
  active: boolean;
  country: string | null;
  state: string | null;
  jurisdiction: string | null;
  description: string | null;
  taxType: string | null;
  metadata: Record<string, string>;
  created: number;
}): TaxRate {
  return {
    id: ids.taxRate(),
    object: 'tax_rate',
    active: input.active,
    country: input.country,
    created: input.created,
    description: input.description,
    display_name: input.displayName,
    effective_percentage: input.percentage,
    flat_amount: null,
    inclusive: input.inclusive,
    jurisdiction: input.jurisdiction,
    jurisdiction_level: input.country ? 'country' : null,
    livemode: false,
    metadata: input.metadata,
    percentage: input.percentage,
    rate_type: 'percentage',
    state: input.state,
    tax_type: input.taxType,
  };
}

export function newDiscount(input: {
  coupon: Coupon;
  promotionCode: string | null;
  sessionId: string;
  start: number;
}): Discount {
  return {
    id: ids.discount(),
    object: 'discount',
    checkout_session: input.sessionId,
    customer: null,
    customer_account: null,
    end: null,
    invoice: null,
    invoice_item: null,
    promotion_code: input.promotionCode,
    source: { coupon: input.coupon.id, type: 'coupon' },
    start: input.start,
    subscription: null,
    subscription_item: null,
  };
}
