import type { Db } from '../../db/database.js';
import { shippingRates, storeSettings } from '../../db/schema.js';

/** Where a fresh shop ships: North America, the EU's larger markets, the UK, Australia and Japan. */
export const DEFAULT_SHIPPING_COUNTRIES = [
  'AT',
  'AU',
  'BE',
  'CA',
  'DE',
  'DK',
  'ES',
  'FI',
  'FR',
  'GB',
  'IE',
  'IT',
  'JP',
  'NL',
  'PT',
  'SE',
  'US',
] as const;

/** A fresh shop's rates: standard (free from $100 / €90), express. */
export const DEFAULT_SHIPPING_RATES = [
  {
    id: 'ship_standard',
    name: 'Standard shipping',
    amounts: { usd: 500, eur: 450 },
    freeAbove: { usd: 10_000, eur: 9_000 },
    deliveryMinDays: 3,
    deliveryMaxDays: 7,
    position: 0,
  },
  {
    id: 'ship_express',
    name: 'Express shipping',
    amounts: { usd: 1_500, eur: 1_400 },
    freeAbove: {},
    deliveryMinDays: 1,
    deliveryMaxDays: 2,
    position: 1,
  },
] as const;

/**
 * A fresh shop's settings and shipping rates, so checkout asks for an address out of the box. Idempotent, and
 * only ever for a fresh shop: the rates are seeded with the settings row, so rates the owner removed or changed
 * later are never brought back.
 */
export async function seedShop(db: Db): Promise<boolean> {
  return db.transaction(async (tx) => {
    const created = await tx
      .insert(storeSettings)
      .values({
        id: 1,
        shippingCountries: [...DEFAULT_SHIPPING_COUNTRIES],
        taxMode: 'automatic',
        pricesIncludeTax: false,
      })
      .onConflictDoNothing({ target: storeSettings.id })
      .returning({ id: storeSettings.id });
    if (created.length === 0) return false;
    await tx
      .insert(shippingRates)
      .values(
        DEFAULT_SHIPPING_RATES.map((rate) => ({
          ...rate,
          amounts: { ...rate.amounts },
          freeAbove: { ...rate.freeAbove },
        })),
      )
      .onConflictDoNothing({ target: shippingRates.id });
    return true;
  });
}
