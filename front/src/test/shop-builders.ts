import { AdminPromotionCode, ShippingRate } from '@checkstand/contract';

/**
 * Fixtures of the admin's shop replies (shipping rates, promotion codes), typed and parsed with the contract's
 * schemas like the other builders.
 */

let sequence = 0;

/** An active rate priced in USD and EUR, free above USD 100, 2–4 business days, unless overridden. */
export function aShippingRate(overrides: Partial<ShippingRate> = {}): ShippingRate {
  sequence += 1;
  return ShippingRate.parse({
    id: `shr_${sequence}`,
    name: 'Standard shipping',
    amounts: { usd: 495, eur: 450 },
    deliveryEstimate: { minDays: 2, maxDays: 4 },
    freeAbove: { usd: 10_000 },
    active: true,
    position: sequence,
    updatedAt: '2026-11-26T10:00:00.000Z',
    ...overrides,
  } satisfies ShippingRate);
}

/** An active code for 10 % off, used 3 times of 100, no expiry, no minimum, unless overridden. */
export function aPromotionCode(overrides: Partial<AdminPromotionCode> = {}): AdminPromotionCode {
  sequence += 1;
  return AdminPromotionCode.parse({
    id: `promo_${sequence}`,
    code: `CODE${sequence}`,
    active: true,
    discount: { kind: 'percent', basisPoints: 1000 },
    expiresAt: null,
    maxRedemptions: 100,
    timesRedeemed: 3,
    minimumAmount: null,
    createdAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  } satisfies AdminPromotionCode);
}
