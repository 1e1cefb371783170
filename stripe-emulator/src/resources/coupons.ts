import { invalidRequest, missingParam, resourceMissing } from '../domain/errors.js';
import { mergeMetadata } from '../domain/metadata.js';
import { CURRENCIES } from '../domain/money.js';
import { refreshCoupon } from '../domain/promotion-codes.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ApiContext, ApiRouter } from '../http/api-app.js';
import { s, type Infer } from '../http/params.js';
import { newCoupon } from '../objects/pricing-builders.js';
import type { Coupon, DeletedCoupon } from '../objects/pricing-types.js';
import { inRange, listFields, newestFirst, paginate } from './list.js';

// Hand-written: the vendored spec has no coupon operations.
const createSpec = s.obj({
  id: s.str({ max: 5000 }),
  percent_off: s.num(),
  amount_off: s.int({ min: 1 }),
  currency: s.str(),
  currency_options: s.any(),
  duration: s.enum(['forever', 'once', 'repeating']),
  duration_in_months: s.int({ min: 1 }),
  max_redemptions: s.int({ min: 1 }),
  redeem_by: s.int(),
  name: s.str({ max: 40 }),
  metadata: s.map(),
  applies_to: s.obj({ products: s.arr(s.str()) }),
});

function where(ctx: ApiContext) {
  return { sessionId: null, origin: ctx.origin, apiVersion: ctx.apiVersion };
}

function createCoupon(core: EmulatorCore, p: Infer<typeof createSpec>): Coupon {
  const now = core.clock.now();
  if (p.percent_off !== undefined && p.amount_off !== undefined)
    throw invalidRequest(
      'You may only specify one of these parameters: amount_off, percent_off.',
      'amount_off',
    );
  if (p.percent_off === undefined && p.amount_off === undefined)
    throw invalidRequest(
      'You must pass either `percent_off` or `amount_off`.',
      'percent_off',
      'parameter_missing',
    );
  if (p.percent_off !== undefined && !(p.percent_off > 0 && p.percent_off <= 100))
    throw invalidRequest('Invalid percent_off: must be greater than 0 and at most 100.', 'percent_off');
  let currency: string | null = null;
  if (p.amount_off !== undefined) {
    if (p.currency === undefined)
      throw invalidRequest(
        'You must pass `currency` when passing `amount_off`.',
        'currency',
        'parameter_missing',
      );
    currency = p.currency.toLowerCase();
    if (!CURRENCIES.has(currency)) throw invalidRequest(`Invalid currency: ${p.currency}.`, 'currency');
  }
  const duration = p.duration ?? 'once';
  if (duration === 'repeating' && p.duration_in_months === undefined)
    throw missingParam('duration_in_months');
  if (duration !== 'repeating' && p.duration_in_months !== undefined)
    throw invalidRequest(
      '`duration_in_months` can only be set when `duration` is `repeating`.',
      'duration_in_months',
    );
  if (p.redeem_by !== undefined && p.redeem_by <= now)
    throw invalidRequest('The `redeem_by` timestamp must be in the future.', 'redeem_by');
  if (p.id !== undefined && core.store.coupons.has(p.id))
    throw invalidRequest('Coupon already exists.', 'id', 'resource_already_exists');
  const coupon = newCoupon({
    id: p.id,
    percentOff: p.percent_off ?? null,
    amountOff: p.amount_off ?? null,
    currency,
    duration,
    durationInMonths: p.duration_in_months ?? null,
    maxRedemptions: p.max_redemptions ?? null,
    redeemBy: p.redeem_by ?? null,
    name: p.name ?? null,
    metadata: p.metadata ?? {},
    appliesTo: p.applies_to?.products ?? null,
    created: now,
  });
  core.store.coupons.set(coupon.id, coupon);
  return coupon;
}

export function requireCoupon(core: EmulatorCore, id: string, param = 'coupon'): Coupon {
  const coupon = core.store.coupons.get(id);
  if (!coupon) throw resourceMissing('coupon', id, param);
  return refreshCoupon(core.store, coupon, core.clock.now());
}

/**
 * `/v1/coupons` (`coupon.created`, `coupon.updated`, `coupon.deleted`). Durations other than `once` are accepted
 * and reported as given: Checkout in payment mode applies a coupon once whatever its duration.
 */
export function registerCouponRoutes(api: ApiRouter, core: EmulatorCore): void {
  api.route('POST', '/v1/coupons', 'coupon', createSpec, (p, ctx) => {
    const coupon = createCoupon(core, p);
    core.bus.emit('coupon.created', coupon, where(ctx));
    return { body: coupon };
  });

  api.route(
    'POST',
    '/v1/coupons/:coupon',
    'coupon',
    s.obj({ name: s.str({ max: 40 }), metadata: s.map({ keepEmpty: true }), currency_options: s.any() }),
    (p, ctx) => {
      const coupon = requireCoupon(core, ctx.params.coupon ?? '');
      const previous: Record<string, unknown> = {};
      if (p.name !== undefined && p.name !== coupon.name) {
        previous.name = coupon.name;
        coupon.name = p.name;
      }
      if (p.metadata !== undefined) {
        const before = mergeMetadata(coupon, p.metadata);
        if (Object.keys(before).length > 0) previous.metadata = before;
      }
      if (Object.keys(previous).length > 0)
        core.bus.emit('coupon.updated', coupon, { ...where(ctx), previousAttributes: previous });
      return { body: coupon };
    },
  );

  api.route('DELETE', '/v1/coupons/:coupon', 'coupon', s.obj({}), (_p, ctx) => {
    const coupon = requireCoupon(core, ctx.params.coupon ?? '');
    // Promotion codes of a deleted coupon cannot be redeemed any more.
    core.store.coupons.delete(coupon.id);
    refreshCoupon(core.store, coupon, core.clock.now());
    core.bus.emit('coupon.deleted', coupon, where(ctx));
    const deleted: DeletedCoupon = { id: coupon.id, object: 'coupon', deleted: true };
    return { body: deleted };
  });

  api.route('GET', '/v1/coupons', 'list:coupon', s.obj({ ...listFields, created: s.range() }), (p) => {
    const now = core.clock.now();
    let coupons = newestFirst(core.store.coupons.values()).map((c) => refreshCoupon(core.store, c, now));
    const created = p.created;
    if (created) coupons = coupons.filter((c) => inRange(c.created, created));
    return { body: paginate(coupons, p, '/v1/coupons', 'coupon') };
  });

  api.route('GET', '/v1/coupons/:coupon', 'coupon', s.obj({}), (_p, ctx) => ({
    body: requireCoupon(core, ctx.params.coupon ?? ''),
  }));
}
