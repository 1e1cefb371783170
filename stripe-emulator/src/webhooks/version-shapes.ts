import type { Coupon } from '../objects/pricing-types.js';

/**
 * How an object looked before the breaking changes Stripe made to the fields the emulator returns: an event is
 * rendered for a webhook endpoint pinned to an older API version by undoing, newest first, every change that
 * version predates, as Stripe renders each delivery for its endpoint's version. Only changes to fields the
 * emulator returns are listed (the pinned version's shape is the emulator's; see docs/emulator-fidelity.md):
 * - 2025-09-30.clover: a promotion code's coupon moved from an embedded `coupon` object to `promotion.coupon` (an id);
 * - 2025-03-31.basil: a Checkout Session's `shipping_details` moved to `collected_information.shipping_details`,
 *   and payment intents and charges lost `invoice`;
 * - 2024-04-10: a product's `features` was renamed `marketing_features`.
 */
interface ShapeChange {
  /** The first version with the new shape. */
  since: string;
  object: string;
  /** The object as versions before `since` render it (a copy; the input is not changed). */
  older(object: Record<string, unknown>, lookups: ShapeLookups): Record<string, unknown>;
}

export interface ShapeLookups {
  coupons: ReadonlyMap<string, Coupon>;
}

function withoutKey(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...object };
  delete copy[key];
  return copy;
}

const CHANGES: readonly ShapeChange[] = [
  {
    since: '2025-09-30',
    object: 'promotion_code',
    older(code, { coupons }) {
      const promotion = code.promotion as { coupon?: string } | undefined;
      const coupon = promotion?.coupon === undefined ? null : (coupons.get(promotion.coupon) ?? null);
      return { ...withoutKey(code, 'promotion'), coupon };
    },
  },
  {
    since: '2025-03-31',
    object: 'checkout.session',
    older(session) {
      const collected = session.collected_information as { shipping_details?: unknown } | null | undefined;
      return { ...session, shipping_details: collected?.shipping_details ?? null };
    },
  },
  { since: '2025-03-31', object: 'payment_intent', older: (intent) => ({ ...intent, invoice: null }) },
  { since: '2025-03-31', object: 'charge', older: (charge) => ({ ...charge, invoice: null }) },
  {
    since: '2024-04-10',
    object: 'product',
    older(product) {
      const features = (product.marketing_features as unknown[] | undefined) ?? [];
      return { ...withoutKey(product, 'marketing_features'), features };
    },
  },
];

/** The date part of a version (`2025-03-31.basil` → `2025-03-31`): versions are ordered by it. */
function versionDate(version: string): string {
  return version.slice(0, 10);
}

/** `object` as an integration pinned to `version` receives it. */
export function objectForVersion(
  object: Record<string, unknown>,
  version: string,
  lookups: ShapeLookups,
): Record<string, unknown> {
  const date = versionDate(version);
  let shaped = object;
  for (const change of CHANGES) {
    if (change.object === object.object && date < change.since) shaped = change.older(shaped, lookups);
  }
  return shaped;
}
