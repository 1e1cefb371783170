import { newDiscount } from '../objects/pricing-builders.js';
import type { Coupon, PromotionCode, ShippingRate, TaxBehavior } from '../objects/pricing-types.js';
import type { Address } from '../objects/types.js';
import type { SessionPricing, SessionRecord } from '../state/store.js';
import { invalidRequest } from './errors.js';
import type { PaymentContext } from './payment-context.js';
import { computeQuote, type Quote, type QuoteLine } from './pricing.js';
import { recordRedemption, redeemablePromotionCode } from './promotion-codes.js';
import { automaticTaxRate, emulatedRate } from './tax.js';

/** What the customer chose on the page (or a test passed to the control API). */
export interface CheckoutSelection {
  /** Required when the session collects shipping addresses. */
  shipping?: { name: string; address: Address } | undefined;
  /** The billing address (the tax location when no shipping address is collected). */
  address?: Address | undefined;
  /** One of the session's shipping rates; default: the first. */
  shippingRate?: string | undefined;
  /** A promotion code (the code the customer types), when the session allows them. */
  promotionCode?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

/** A session priced for a selection: the amounts, and what they were computed from. */
export interface Priced {
  quote: Quote;
  shippingRate: ShippingRate | null;
  discount: { coupon: Coupon; promotionCode: PromotionCode | null } | null;
  /** Where automatic tax was computed for (null: not known yet, or automatic tax off). */
  taxCountry: string | null;
  shipping: { name: string; address: Address } | null;
  phone: string | null;
}

export const PRICING_MESSAGES = {
  shippingName: 'Your name is incomplete.',
  line1: 'Your address is incomplete.',
  city: 'Your city is incomplete.',
  postalCode: 'Your postal code is incomplete.',
  country: (country: string): string =>
    country
      ? `Shipping to ${countryName(country)} is not available.`
      : 'Your country or region is incomplete.',
  phone: 'Your phone number is incomplete.',
  taxLocation: 'Enter your country or region to calculate tax.',
  shippingRate: 'This shipping option is not available for this checkout.',
  noCodes: 'This checkout does not accept promotion codes.',
} as const;

const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });

export function countryName(code: string): string {
  try {
    return REGION_NAMES.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** A session without pricing (created by an earlier version): no shipping, discount nor tax rates. */
export function pricingOf(record: SessionRecord): SessionPricing {
  record.pricing ??= {
    shippingRates: [],
    lineTaxRates: {},
    discount: null,
    breakdown: { discounts: [], taxes: [] },
    lineTaxes: {},
    lineDiscounts: {},
  };
  return record.pricing;
}

/** A shipping rate's amount and tax behaviour in the session's currency (`currency_options` otherwise). */
export function shippingAmount(
  rate: ShippingRate,
  currency: string,
): { amount: number; taxBehavior: TaxBehavior } | null {
  if (rate.fixed_amount.currency === currency)
    return { amount: rate.fixed_amount.amount, taxBehavior: rate.tax_behavior ?? 'unspecified' };
  const option = rate.fixed_amount.currency_options?.[currency];
  return option ? { amount: option.amount, taxBehavior: option.tax_behavior } : null;
}

function filled(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * Prices Checkout Sessions for what the customer chose, and applies the result to the session: the page, the
 * control API and the session object all get their amounts from `price`, so they cannot disagree.
 */
export class CheckoutPricing {
  constructor(private readonly ctx: PaymentContext) {}

  /** The session's shipping rates, in order (those that still exist). */
  shippingRates(record: SessionRecord): ShippingRate[] {
    return pricingOf(record).shippingRates.flatMap((id) => this.ctx.store.shippingRates.get(id) ?? []);
  }

  /**
   * Prices the session for a selection. Throws (with the page's message and the field as `param`) for a
   * shipping rate the session does not offer and a promotion code that cannot be redeemed; `payment` also
   * requires what the session collects (shipping address in an allowed country, phone, tax location).
   */
  price(record: SessionRecord, selection: CheckoutSelection, mode: 'display' | 'payment'): Priced {
    const { session } = record;
    const pricing = pricingOf(record);
    const now = this.ctx.clock.now();
    if (mode === 'payment') this.checkCollected(record, selection);
    const given = session.shipping_address_collection ? selection.shipping : undefined;
    const shipping = given
      ? {
          name: given.name.trim(),
          address: { ...given.address, country: given.address.country?.toUpperCase() ?? null },
        }
      : null;

    const rates = this.shippingRates(record);
    let shippingRate = rates[0] ?? null;
    if (selection.shippingRate) {
      shippingRate = rates.find((rate) => rate.id === selection.shippingRate) ?? null;
      if (!shippingRate) throw invalidRequest(PRICING_MESSAGES.shippingRate, 'shipping_rate');
    }

    const lines: QuoteLine[] = record.lineItems.map((item) => ({
      id: item.id,
      product: typeof item.price.product === 'string' ? item.price.product : item.price.product.id,
      amount: item.amount_subtotal,
      taxBehavior: item.price.tax_behavior,
      fixedRates: (pricing.lineTaxRates[item.id] ?? []).flatMap(
        (id) => this.ctx.store.taxRates.get(id) ?? [],
      ),
    }));
    const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);

    let discount: Priced['discount'] = null;
    if (selection.promotionCode?.trim()) {
      if (!session.allow_promotion_codes) throw invalidRequest(PRICING_MESSAGES.noCodes, 'promotion_code');
      const { promo, coupon } = redeemablePromotionCode(
        this.ctx.store,
        selection.promotionCode,
        { currency: session.currency, subtotal, email: selection.email ?? null, now },
        'promotion_code',
      );
      discount = { coupon, promotionCode: promo };
    } else if (pricing.discount) {
      const coupon = this.ctx.store.coupons.get(pricing.discount.coupon);
      const promo = pricing.discount.promotionCode
        ? (this.ctx.store.promotionCodes.get(pricing.discount.promotionCode) ?? null)
        : null;
      if (coupon) discount = { coupon, promotionCode: promo };
    }

    const taxCountry = session.automatic_tax.enabled
      ? ((shipping ?? (selection.address ? { address: selection.address } : null))?.address.country ?? null)
      : null;
    const automaticRate =
      taxCountry && emulatedRate(taxCountry) > 0 ? automaticTaxRate(this.ctx.store, taxCountry, now) : null;
    const shippingPrice = shippingRate ? shippingAmount(shippingRate, session.currency) : null;
    const quote = computeQuote({
      lines,
      shipping: shippingRate && shippingPrice ? { rate: shippingRate, ...shippingPrice } : null,
      discount: discount
        ? {
            coupon: discount.coupon,
            discount: newDiscount({
              coupon: discount.coupon,
              promotionCode: discount.promotionCode?.id ?? null,
              sessionId: session.id,
              start: now,
            }),
          }
        : null,
      automaticRate,
    });
    return {
      quote,
      shippingRate,
      discount,
      taxCountry,
      shipping,
      phone: selection.phone?.trim() || null,
    };
  }

  /** What the session collects must be there to pay (throws the page's message, `param` the field). */
  private checkCollected(record: SessionRecord, selection: CheckoutSelection): void {
    const { session } = record;
    const allowed = session.shipping_address_collection?.allowed_countries;
    if (allowed) {
      const shipping = selection.shipping;
      const address = shipping?.address;
      if (!filled(shipping?.name)) throw invalidRequest(PRICING_MESSAGES.shippingName, 'shipping[name]');
      if (!filled(address?.line1)) throw invalidRequest(PRICING_MESSAGES.line1, 'shipping[address][line1]');
      if (!filled(address?.city)) throw invalidRequest(PRICING_MESSAGES.city, 'shipping[address][city]');
      if (!filled(address?.postal_code))
        throw invalidRequest(PRICING_MESSAGES.postalCode, 'shipping[address][postal_code]');
      const country = (address?.country ?? '').toUpperCase();
      if (!allowed.includes(country))
        throw invalidRequest(PRICING_MESSAGES.country(country), 'shipping[address][country]');
    }
    if (!allowed && session.billing_address_collection === 'required') {
      const billing = selection.address;
      if (!filled(billing?.line1)) throw invalidRequest(PRICING_MESSAGES.line1, 'address[line1]');
      if (!filled(billing?.city)) throw invalidRequest(PRICING_MESSAGES.city, 'address[city]');
      if (!filled(billing?.postal_code))
        throw invalidRequest(PRICING_MESSAGES.postalCode, 'address[postal_code]');
      if (!filled(billing?.country)) throw invalidRequest(PRICING_MESSAGES.country(''), 'address[country]');
    }
    if (session.phone_number_collection.enabled && !filled(selection.phone))
      throw invalidRequest(PRICING_MESSAGES.phone, 'phone');
    if (session.automatic_tax.enabled && !allowed && !filled(selection.address?.country))
      throw invalidRequest(PRICING_MESSAGES.taxLocation, 'address[country]');
  }

  /** Writes the amounts into the session and its line items (and the breakdown `expand` shows). */
  apply(record: SessionRecord, priced: Priced): void {
    const { session } = record;
    const { quote } = priced;
    const pricing = pricingOf(record);
    session.amount_subtotal = quote.amountSubtotal;
    session.amount_total = quote.amountTotal;
    session.total_details = {
      amount_discount: quote.amountDiscount,
      amount_shipping: quote.amountShipping,
      amount_tax: quote.amountTax,
    };
    session.shipping_cost = quote.shipping
      ? {
          amount_subtotal: quote.shipping.amountSubtotal,
          amount_tax: quote.shipping.amountTax,
          amount_total: quote.shipping.amountTotal,
          shipping_rate: quote.shipping.rate.id,
          taxes: quote.shipping.taxes,
        }
      : null;
    if (session.automatic_tax.enabled)
      session.automatic_tax.status = priced.taxCountry ? 'complete' : 'requires_location_inputs';
    pricing.breakdown = { discounts: quote.discounts, taxes: quote.taxes };
    pricing.lineTaxes = {};
    pricing.lineDiscounts = {};
    for (const line of quote.lines) {
      const item = record.lineItems.find((candidate) => candidate.id === line.id);
      if (!item) continue;
      item.amount_discount = line.amountDiscount;
      item.amount_tax = line.amountTax;
      item.amount_total = line.amountTotal;
      pricing.lineTaxes[line.id] = line.taxes;
      pricing.lineDiscounts[line.id] = line.discounts;
    }
  }

  /**
   * The session completed with this pricing: what the customer entered (`collected_information`), the
   * discount applied (`discounts`), and one more redemption of its coupon and code.
   */
  complete(record: SessionRecord, priced: Priced): void {
    const { session } = record;
    const now = this.ctx.clock.now();
    if (priced.shipping) {
      const { name, address } = priced.shipping;
      session.collected_information = {
        business_name: null,
        individual_name: null,
        shipping_details: { address: { ...address }, name },
      };
    } else {
      session.collected_information = { business_name: null, individual_name: null, shipping_details: null };
    }
    if (priced.discount) {
      const { coupon, promotionCode } = priced.discount;
      session.discounts = [
        { coupon: promotionCode ? null : coupon.id, promotion_code: promotionCode?.id ?? null },
      ];
      recordRedemption(this.ctx.store, coupon.id, promotionCode?.id ?? null, now);
    }
  }
}
