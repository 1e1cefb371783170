import { z } from 'zod';
import { Currency, Instant, MinorUnits } from './primitives.js';

/**
 * What a shop sells with: where it ships, at what rates, how it charges tax, which codes it honours, and what
 * Stripe charged for an order (the breakdown). The rules on these figures live here, once, for the server and the
 * storefront.
 */

/** ISO 3166-1 alpha-2, upper case (`DE`, `US`), as Stripe spells countries. */
export const Country = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code');
export type Country = z.infer<typeof Country>;

/** Amounts per currency, e.g. `{ usd: 500, eur: 450 }`. */
export const AmountPerCurrency = z.record(Currency, MinorUnits);
export type AmountPerCurrency = z.infer<typeof AmountPerCurrency>;

/** Stripe offers at most 5 shipping options in one Checkout Session. */
export const MAX_SHIPPING_OPTIONS = 5;

/** A shipping rate the owner manages (offered at checkout when active and priced in the cart's currency). */
export const ShippingRate = z.object({
  id: z.string(),
  name: z.string(),
  /** Its price per currency; a cart in a currency it has no price in is not offered this rate. */
  amounts: AmountPerCurrency,
  /** Business days, when the owner gave an estimate. */
  deliveryEstimate: z.object({ minDays: z.int().positive(), maxDays: z.int().positive() }).nullable(),
  /** Free when the cart's subtotal reaches this, per currency (absent: never free). */
  freeAbove: AmountPerCurrency,
  active: z.boolean(),
  /** Order among the options at checkout (lowest first). */
  position: z.int().nonnegative(),
  updatedAt: Instant,
});
export type ShippingRate = z.infer<typeof ShippingRate>;

export const ShippingRateInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    amounts: AmountPerCurrency.refine((a) => Object.keys(a).length > 0, 'a price in at least one currency'),
    deliveryEstimate: z
      .object({ minDays: z.int().min(1).max(365), maxDays: z.int().min(1).max(365) })
      .refine((e) => e.minDays <= e.maxDays, 'minDays is at most maxDays')
      .nullable()
      .optional(),
    freeAbove: AmountPerCurrency.optional(),
    active: z.boolean().optional(),
    position: z.int().min(0).max(1000).optional(),
  })
  .strict();
export type ShippingRateInput = z.infer<typeof ShippingRateInput>;

export const ShippingRateList = z.object({ rates: z.array(ShippingRate) });
export type ShippingRateList = z.infer<typeof ShippingRateList>;

/** The price of a rate for a cart: its amount in the cart's currency, or 0 once the subtotal reaches its threshold. */
export function shippingPrice(
  rate: Pick<ShippingRate, 'amounts' | 'freeAbove'>,
  currency: string,
  subtotal: number,
): number | null {
  const amount = rate.amounts[currency];
  if (amount === undefined) return null;
  const threshold = rate.freeAbove[currency];
  return threshold !== undefined && subtotal >= threshold ? 0 : amount;
}

export const TAX_MODES = ['automatic', 'fixed'] as const;
export const TaxMode = z.enum(TAX_MODES);
export type TaxMode = z.infer<typeof TaxMode>;

/** A fixed tax rate, in basis points (1900 = 19 %): never a float. */
export const FixedTaxRate = z.object({
  displayName: z.string().trim().min(1).max(50),
  basisPoints: z.int().min(0).max(10_000),
});
export type FixedTaxRate = z.infer<typeof FixedTaxRate>;

/** The shop's settings, as the owner edits them (`GET`/`PUT /api/admin/settings`). */
export const StoreSettings = z.object({
  /** Where the shop ships: Checkout asks for an address in one of these (empty: it does not ship). */
  shippingCountries: z.array(Country).max(200),
  /** `automatic`: Stripe Tax with the products' tax codes; `fixed`: `fixedTaxRate` on every line. */
  taxMode: TaxMode,
  /** Whether the catalog's prices include tax (shown on the storefront). */
  pricesIncludeTax: z.boolean(),
  fixedTaxRate: FixedTaxRate.nullable(),
});
export type StoreSettings = z.infer<typeof StoreSettings>;

export const StoreSettingsInput = StoreSettings.extend({
  shippingCountries: z
    .array(Country)
    .max(200)
    .transform((c) => [...new Set(c)].sort()),
})
  .strict()
  .refine((s) => s.taxMode !== 'fixed' || s.fixedTaxRate !== null, {
    message: 'fixed tax needs a rate',
    path: ['fixedTaxRate'],
  });
export type StoreSettingsInput = z.input<typeof StoreSettingsInput>;

/** What the storefront tells customers before checkout (`GET /api/store`). */
export const PublicStoreInfo = z.object({
  pricesIncludeTax: z.boolean(),
  taxMode: TaxMode,
  shippingCountries: z.array(Country),
});
export type PublicStoreInfo = z.infer<typeof PublicStoreInfo>;

/** A promotion code, as Stripe holds it (the one place a code is checked). */
export const AdminPromotionCode = z.object({
  id: z.string(),
  code: z.string(),
  active: z.boolean(),
  /** What it takes off: a percentage (basis points) or an amount in a currency; once per order. */
  discount: z.union([
    z.object({ kind: z.literal('percent'), basisPoints: z.int().min(1).max(10_000) }),
    z.object({ kind: z.literal('amount'), amount: MinorUnits, currency: Currency }),
  ]),
  expiresAt: Instant.nullable(),
  maxRedemptions: z.int().positive().nullable(),
  timesRedeemed: z.int().nonnegative(),
  minimumAmount: z.object({ amount: MinorUnits, currency: Currency }).nullable(),
  createdAt: Instant,
});
export type AdminPromotionCode = z.infer<typeof AdminPromotionCode>;

export const PromotionCodeList = z.object({ codes: z.array(AdminPromotionCode) });
export type PromotionCodeList = z.infer<typeof PromotionCodeList>;

export const PromotionCodeInput = z
  .object({
    /** What customers type: letters, digits, `-` and `_` (Stripe's rule), stored upper case. */
    code: z
      .string()
      .trim()
      .min(3)
      .max(50)
      .regex(/^[A-Za-z0-9_-]+$/)
      .transform((c) => c.toUpperCase()),
    discount: z.union([
      z.object({ kind: z.literal('percent'), basisPoints: z.int().min(1).max(10_000) }),
      z.object({ kind: z.literal('amount'), amount: z.int().positive(), currency: Currency }),
    ]),
    expiresAt: Instant.nullable().optional(),
    maxRedemptions: z.int().positive().max(1_000_000).nullable().optional(),
    minimumAmount: z.object({ amount: z.int().positive(), currency: Currency }).nullable().optional(),
  })
  .strict();
export type PromotionCodeInput = z.input<typeof PromotionCodeInput>;

/** A postal address as Stripe collects it. */
export const PostalAddress = z.object({
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
});
export type PostalAddress = z.infer<typeof PostalAddress>;

/** Who the order is for and where it goes, as Stripe collected them at checkout. */
export const OrderContact = z.object({
  shipping: z.object({ name: z.string().nullable(), address: PostalAddress }).nullable(),
  billing: z
    .object({
      name: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      address: PostalAddress.nullable(),
    })
    .nullable(),
});
export type OrderContact = z.infer<typeof OrderContact>;

/**
 * What Stripe charged, in the order's currency (minor units): `total = subtotal − discount + shipping + tax`,
 * except that tax already in the prices (`taxIncluded`) is part of the subtotal and shipping and not added again.
 */
export const OrderCharges = z.object({
  currency: Currency,
  subtotal: MinorUnits,
  discount: MinorUnits,
  shipping: MinorUnits,
  tax: MinorUnits,
  total: MinorUnits,
  taxIncluded: z.boolean(),
  /** The code the customer entered, when a promotion code made the discount. */
  promotionCode: z.string().nullable(),
  /** The shipping rate chosen, by its name at checkout. */
  shippingMethod: z.string().nullable(),
});
export type OrderCharges = z.infer<typeof OrderCharges>;

/** Whether Stripe's figures add up (a breakdown that does not is never taken as paid). */
export function chargesAddUp(
  c: Pick<OrderCharges, 'subtotal' | 'discount' | 'shipping' | 'tax' | 'total' | 'taxIncluded'>,
): boolean {
  return c.total === c.subtotal - c.discount + c.shipping + (c.taxIncluded ? 0 : c.tax);
}
