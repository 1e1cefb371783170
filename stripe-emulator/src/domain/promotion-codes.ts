import type { Coupon, PromotionCode } from '../objects/pricing-types.js';
import type { Store } from '../state/store.js';
import { invalidRequest, type StripeFailure } from './errors.js';
import { formatAmount } from './money.js';

/**
 * Coupons and promotion codes at checkout: whether one can be redeemed now (with the message Stripe's checkout
 * page shows when not), and counting redemptions when a session completes.
 */

export const CODE_MESSAGES = {
  invalid: 'This code is invalid.',
  expired: 'This code has expired.',
  exhausted: 'This code has already been redeemed the maximum number of times.',
  firstTime: 'This code is only valid for first-time customers.',
  minimum: (amount: string): string => `Your order must be at least ${amount} to use this code.`,
} as const;

/** Why a coupon cannot be redeemed now (null when it can). */
export function couponProblem(
  store: Store,
  coupon: Coupon,
  now: number,
): 'invalid' | 'expired' | 'exhausted' | null {
  if (!store.coupons.has(coupon.id)) return 'invalid';
  if (coupon.redeem_by !== null && coupon.redeem_by <= now) return 'expired';
  if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions) return 'exhausted';
  return null;
}

/** `valid`, as Stripe reports it: false once deleted, past `redeem_by` or fully redeemed. */
export function refreshCoupon(store: Store, coupon: Coupon, now: number): Coupon {
  coupon.valid = couponProblem(store, coupon, now) === null;
  return coupon;
}

/** A coupon that cannot be applied in this currency (a fixed amount in another one). */
export function couponFitsCurrency(coupon: Coupon, currency: string): boolean {
  return coupon.amount_off === null || coupon.currency === currency;
}

/** The promotion code a customer typed, matched case-insensitively (an active one first). */
export function findPromotionCode(store: Store, code: string): PromotionCode | undefined {
  const wanted = code.trim().toLowerCase();
  if (!wanted) return undefined;
  let found: PromotionCode | undefined;
  for (const promo of store.promotionCodes.values()) {
    if (promo.code.toLowerCase() !== wanted) continue;
    if (promo.active) return promo;
    found ??= promo;
  }
  return found;
}

export interface RedemptionContext {
  currency: string;
  /** The line items' subtotal (before discounts, shipping and tax): what `minimum_amount` is compared with. */
  subtotal: number;
  /** The customer's email, for `first_time_transaction` (the emulator has no customers). */
  email: string | null;
  now: number;
}

function failure(message: string, param: string): StripeFailure {
  return invalidRequest(message, param);
}

/**
 * Checks a promotion code for a checkout and returns it with its coupon, or throws the message the page shows
 * (`param` names the field). A code restricted to a customer never applies: the emulator's sessions have none.
 * `first_time_transaction` refuses customers (by email) who completed a checkout before.
 */
export function redeemablePromotionCode(
  store: Store,
  code: string,
  context: RedemptionContext,
  param: string,
): { promo: PromotionCode; coupon: Coupon } {
  const promo = findPromotionCode(store, code);
  if (!promo) throw failure(CODE_MESSAGES.invalid, param);
  return checkPromotionCode(store, promo, context, param);
}

/** `redeemablePromotionCode` for a promotion code already found (by id: Checkout's `discounts`). */
export function checkPromotionCode(
  store: Store,
  promo: PromotionCode,
  context: RedemptionContext,
  param: string,
): { promo: PromotionCode; coupon: Coupon } {
  const coupon = store.coupons.get(promo.promotion.coupon);
  if (!coupon || !promo.active || promo.customer !== null) throw failure(CODE_MESSAGES.invalid, param);
  if (!couponFitsCurrency(coupon, context.currency)) throw failure(CODE_MESSAGES.invalid, param);
  const problem = couponProblem(store, coupon, context.now);
  if (problem === 'invalid') throw failure(CODE_MESSAGES.invalid, param);
  if (problem === 'expired' || (promo.expires_at !== null && promo.expires_at <= context.now))
    throw failure(CODE_MESSAGES.expired, param);
  if (
    problem === 'exhausted' ||
    (promo.max_redemptions !== null && promo.times_redeemed >= promo.max_redemptions)
  )
    throw failure(CODE_MESSAGES.exhausted, param);
  const { restrictions } = promo;
  if (restrictions.minimum_amount !== null) {
    const minimum =
      restrictions.minimum_amount_currency === context.currency
        ? restrictions.minimum_amount
        : restrictions.currency_options[context.currency]?.minimum_amount;
    if (minimum === undefined) throw failure(CODE_MESSAGES.invalid, param);
    if (context.subtotal < minimum)
      throw failure(CODE_MESSAGES.minimum(formatAmount(minimum, context.currency)), param);
  }
  if (restrictions.first_time_transaction && context.email && hasOrdered(store, context.email))
    throw failure(CODE_MESSAGES.firstTime, param);
  return { promo, coupon };
}

function hasOrdered(store: Store, email: string): boolean {
  const wanted = email.trim().toLowerCase();
  for (const record of store.sessions.values()) {
    const { session } = record;
    if (session.status === 'complete' && session.customer_details?.email?.toLowerCase() === wanted)
      return true;
  }
  return false;
}

/** A session completed with this discount: one more redemption of the coupon (and of the code). */
export function recordRedemption(
  store: Store,
  couponId: string,
  promotionCodeId: string | null,
  now: number,
): void {
  const coupon = store.coupons.get(couponId);
  if (coupon) {
    coupon.times_redeemed += 1;
    refreshCoupon(store, coupon, now);
  }
  if (promotionCodeId) {
    const promo = store.promotionCodes.get(promotionCodeId);
    if (promo) promo.times_redeemed += 1;
  }
}
