/**
 * What a checkout charges besides its line items: shipping rates, coupons and promotion codes (with the discounts
 * they create), tax rates and the tax amounts computed from them. Shapes after Stripe's schemas `shipping_rate`,
 * `coupon`, `promotion_code`, `discount`, `tax_rate`, `line_items_tax_amount` and `line_items_discount_amount`
 * (reference/schemas.json, API 2023-08-16), at the API version the SDK pins: `promotion_code.promotion` and
 * `discount.source` name the coupon (by id; the embedded `coupon` went in 2025-09-30), and
 * `tax_rate.flat_amount` / `jurisdiction_level` / `rate_type` are there.
 * (Self-contained: types.ts imports this file.)
 */

type Metadata = Record<string, string>;
export type TaxBehavior = 'exclusive' | 'inclusive' | 'unspecified';

export interface DeliveryEstimateBound {
  unit: 'business_day' | 'day' | 'hour' | 'month' | 'week';
  value: number;
}

export interface ShippingRate {
  id: string;
  object: 'shipping_rate';
  active: boolean;
  created: number;
  delivery_estimate: { maximum: DeliveryEstimateBound | null; minimum: DeliveryEstimateBound | null } | null;
  display_name: string | null;
  fixed_amount: {
    amount: number;
    currency: string;
    currency_options?: Record<string, { amount: number; tax_behavior: TaxBehavior }>;
  };
  livemode: false;
  metadata: Metadata;
  tax_behavior: TaxBehavior | null;
  tax_code: string | null;
  type: 'fixed_amount';
}

export interface Coupon {
  id: string;
  object: 'coupon';
  amount_off: number | null;
  applies_to?: { products: string[] };
  created: number;
  currency: string | null;
  duration: 'forever' | 'once' | 'repeating';
  duration_in_months: number | null;
  livemode: false;
  max_redemptions: number | null;
  metadata: Metadata;
  name: string | null;
  percent_off: number | null;
  redeem_by: number | null;
  times_redeemed: number;
  /** False once deleted, past `redeem_by`, or redeemed `max_redemptions` times. */
  valid: boolean;
}

export interface DeletedCoupon {
  id: string;
  object: 'coupon';
  deleted: true;
}

export interface PromotionCode {
  id: string;
  object: 'promotion_code';
  active: boolean;
  code: string;
  created: number;
  customer: string | null;
  customer_account: null;
  expires_at: number | null;
  livemode: false;
  max_redemptions: number | null;
  metadata: Metadata;
  /** What the code applies: its coupon's id (expandable, `expand[]=promotion.coupon`). */
  promotion: { coupon: string; type: 'coupon' };
  restrictions: {
    currency_options: Record<string, { minimum_amount: number }>;
    first_time_transaction: boolean;
    minimum_amount: number | null;
    minimum_amount_currency: string | null;
  };
  times_redeemed: number;
}

export interface TaxRate {
  id: string;
  object: 'tax_rate';
  active: boolean;
  country: string | null;
  created: number;
  description: string | null;
  display_name: string;
  effective_percentage: number | null;
  flat_amount: null;
  inclusive: boolean;
  jurisdiction: string | null;
  jurisdiction_level: 'country' | null;
  livemode: false;
  metadata: Metadata;
  percentage: number;
  rate_type: 'percentage';
  state: string | null;
  tax_type: string | null;
}

/** A coupon applied to a Checkout Session (directly, or through a promotion code). */
export interface Discount {
  id: string;
  object: 'discount';
  checkout_session: string | null;
  customer: null;
  customer_account: null;
  end: null;
  invoice: null;
  invoice_item: null;
  promotion_code: string | null;
  /** The coupon redeemed, by id. */
  source: { coupon: string; type: 'coupon' };
  start: number;
  subscription: null;
  subscription_item: null;
}

/** Schema `line_items_tax_amount`: one tax rate's share of a line item, the shipping or the session. */
export interface TaxAmount {
  amount: number;
  rate: TaxRate;
  taxability_reason: 'standard_rated' | null;
  taxable_amount: number | null;
}

/** Schema `line_items_discount_amount`. */
export interface DiscountAmount {
  amount: number;
  discount: Discount;
}
