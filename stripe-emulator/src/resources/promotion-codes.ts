import { invalidRequest, missingParam, resourceMissing } from '../domain/errors.js';
import { mergeMetadata } from '../domain/metadata.js';
import { CURRENCIES } from '../domain/money.js';
import { refreshCoupon } from '../domain/promotion-codes.js';
import { ids } from '../core/ids.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ApiContext, ApiRouter } from '../http/api-app.js';
import { s, type Infer } from '../http/params.js';
import { newPromotionCode } from '../objects/pricing-builders.js';
import type { PromotionCode } from '../objects/pricing-types.js';
import { requireCoupon } from './coupons.js';
import { inRange, listFields, newestFirst, paginate } from './list.js';

const currencyOptionsSpec = s.record(s.obj({ minimum_amount: s.int({ min: 0 }) }));

/**
 * Hand-written: the vendored spec has no promotion code operations. Both API shapes are accepted: `coupon`
 * (API 2023-08-16) and `promotion[type]=coupon&promotion[coupon]=…` (current versions, what stripe@23 sends).
 */
const createSpec = s.obj({
  coupon: s.str({ max: 5000 }),
  promotion: s.obj({ coupon: s.str({ max: 5000 }), type: s.enum(['coupon']) }, ['type']),
  code: s.str({ max: 500 }),
  active: s.bool(),
  customer: s.str({ max: 5000 }),
  customer_account: s.any(),
  expires_at: s.int(),
  max_redemptions: s.int({ min: 1 }),
  metadata: s.map(),
  restrictions: s.obj({
    first_time_transaction: s.bool(),
    minimum_amount: s.int({ min: 0 }),
    minimum_amount_currency: s.str(),
    currency_options: currencyOptionsSpec,
  }),
});

function where(ctx: ApiContext) {
  return { sessionId: null, origin: ctx.origin, apiVersion: ctx.apiVersion };
}

/** Codes are unique among active codes, whatever their case (Stripe matches them case-insensitively). */
function checkUnique(core: EmulatorCore, code: string, except?: string): void {
  const wanted = code.toLowerCase();
  for (const promo of core.store.promotionCodes.values())
    if (promo.active && promo.id !== except && promo.code.toLowerCase() === wanted)
      throw invalidRequest(`An active promotion code with \`code: ${code}\` already exists.`, 'code');
}

function currency(value: string, param: string): string {
  const code = value.toLowerCase();
  if (!CURRENCIES.has(code)) throw invalidRequest(`Invalid currency: ${value}.`, param);
  return code;
}

function createPromotionCode(core: EmulatorCore, p: Infer<typeof createSpec>): PromotionCode {
  const now = core.clock.now();
  if (p.coupon !== undefined && p.promotion !== undefined)
    throw invalidRequest('You may only specify one of these parameters: coupon, promotion.', 'coupon');
  const couponId = p.coupon ?? p.promotion?.coupon;
  if (couponId === undefined) throw missingParam(p.promotion ? 'promotion[coupon]' : 'promotion');
  const coupon = requireCoupon(core, couponId, p.coupon !== undefined ? 'coupon' : 'promotion[coupon]');
  const code = p.code ?? ids.promotionCodeText();
  if (/\s/.test(code)) throw invalidRequest('A promotion code cannot contain spaces.', 'code');
  const active = p.active ?? true;
  if (active) checkUnique(core, code);
  if (p.expires_at !== undefined) {
    if (p.expires_at <= now)
      throw invalidRequest('The `expires_at` timestamp must be in the future.', 'expires_at');
    if (coupon.redeem_by !== null && p.expires_at > coupon.redeem_by)
      throw invalidRequest(
        "A promotion code's `expires_at` cannot be later than its coupon's `redeem_by`.",
        'expires_at',
      );
  }
  const r = p.restrictions;
  let minimumCurrency: string | null = null;
  if (r?.minimum_amount !== undefined) {
    if (r.minimum_amount_currency === undefined)
      throw invalidRequest(
        'You must pass `restrictions[minimum_amount_currency]` when passing `restrictions[minimum_amount]`.',
        'restrictions[minimum_amount_currency]',
        'parameter_missing',
      );
    minimumCurrency = currency(r.minimum_amount_currency, 'restrictions[minimum_amount_currency]');
  }
  const promo = newPromotionCode({
    coupon,
    code,
    active,
    customer: p.customer ?? null,
    expiresAt: p.expires_at ?? null,
    maxRedemptions: p.max_redemptions ?? null,
    firstTimeTransaction: r?.first_time_transaction ?? false,
    minimumAmount: r?.minimum_amount ?? null,
    minimumAmountCurrency: minimumCurrency,
    metadata: p.metadata ?? {},
    created: now,
  });
  for (const [key, option] of Object.entries(r?.currency_options ?? {}))
    promo.restrictions.currency_options[currency(key, 'restrictions[currency_options]')] = {
      minimum_amount: option.minimum_amount ?? 0,
    };
  core.store.promotionCodes.set(promo.id, promo);
  return promo;
}

function requirePromotionCode(core: EmulatorCore, id: string): PromotionCode {
  const promo = core.store.promotionCodes.get(id);
  if (!promo) throw resourceMissing('promotion code', id, 'promotion_code');
  // Its coupon's `valid` kept current for `expand[]=promotion.coupon`.
  const coupon = core.store.coupons.get(promo.promotion.coupon);
  if (coupon) refreshCoupon(core.store, coupon, core.clock.now());
  return promo;
}

/**
 * `/v1/promotion_codes` (`promotion_code.created`, `promotion_code.updated`): customer-facing codes for a coupon,
 * redeemed on the hosted page when the session has `allow_promotion_codes`, or given as `discounts`.
 */
export function registerPromotionCodeRoutes(api: ApiRouter, core: EmulatorCore): void {
  api.route('POST', '/v1/promotion_codes', 'promotion_code', createSpec, (p, ctx) => {
    const promo = createPromotionCode(core, p);
    core.bus.emit('promotion_code.created', promo, where(ctx));
    return { body: promo };
  });

  api.route(
    'POST',
    '/v1/promotion_codes/:id',
    'promotion_code',
    s.obj({
      active: s.bool(),
      metadata: s.map({ keepEmpty: true }),
      restrictions: s.obj({ currency_options: currencyOptionsSpec }),
    }),
    (p, ctx) => {
      const promo = requirePromotionCode(core, ctx.params.id ?? '');
      const previous: Record<string, unknown> = {};
      if (p.active !== undefined && p.active !== promo.active) {
        if (p.active) checkUnique(core, promo.code, promo.id);
        previous.active = promo.active;
        promo.active = p.active;
      }
      if (p.metadata !== undefined) {
        const before = mergeMetadata(promo, p.metadata);
        if (Object.keys(before).length > 0) previous.metadata = before;
      }
      const options = p.restrictions?.currency_options;
      if (options) {
        previous.restrictions = structuredClone(promo.restrictions);
        for (const [key, option] of Object.entries(options))
          promo.restrictions.currency_options[currency(key, 'restrictions[currency_options]')] = {
            minimum_amount: option.minimum_amount ?? 0,
          };
      }
      if (Object.keys(previous).length > 0)
        core.bus.emit('promotion_code.updated', promo, { ...where(ctx), previousAttributes: previous });
      return { body: promo };
    },
  );

  api.route(
    'GET',
    '/v1/promotion_codes',
    'list:promotion_code',
    s.obj({
      ...listFields,
      active: s.bool(),
      code: s.str(),
      coupon: s.str(),
      created: s.range(),
      customer: s.str(),
      customer_account: s.str(),
    }),
    (p) => {
      let codes = newestFirst(core.store.promotionCodes.values()).map((promo) =>
        requirePromotionCode(core, promo.id),
      );
      if (p.active !== undefined) codes = codes.filter((c) => c.active === p.active);
      const code = p.code?.toLowerCase();
      if (code !== undefined) codes = codes.filter((c) => c.code.toLowerCase() === code);
      if (p.coupon !== undefined) codes = codes.filter((c) => c.promotion.coupon === p.coupon);
      if (p.customer !== undefined) codes = codes.filter((c) => c.customer === p.customer);
      if (p.customer_account !== undefined) codes = [];
      const created = p.created;
      if (created) codes = codes.filter((c) => inRange(c.created, created));
      return { body: paginate(codes, p, '/v1/promotion_codes', 'promotion code') };
    },
  );

  api.route('GET', '/v1/promotion_codes/:id', 'promotion_code', s.obj({}), (_p, ctx) => ({
    body: requirePromotionCode(core, ctx.params.id ?? ''),
  }));
}
