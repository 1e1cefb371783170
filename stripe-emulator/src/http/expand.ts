import { invalidRequest } from '../domain/errors.js';
import type { StripeObject } from '../objects/stripe-object.js';

/**
 * `expand[]` support. EXPANDABLE maps an object type to its expandable fields and the type each one expands to
 * (`list:<type>` for lists). Fields whose objects the emulator does not have (customers, invoices, …) are
 * always null, so expanding them is accepted and changes nothing.
 */
const EXPANDABLE: Record<string, Record<string, string>> = {
  'checkout.session': {
    payment_intent: 'payment_intent',
    line_items: 'list:item',
    // Objects inside the session holding expandable fields (arrays are expanded item by item).
    discounts: 'session_discount',
    shipping_cost: 'session_shipping_cost',
    shipping_options: 'session_shipping_option',
    total_details: 'session_total_details',
    customer: 'customer',
    invoice: 'invoice',
    payment_link: 'payment_link',
    setup_intent: 'setup_intent',
    subscription: 'subscription',
  },
  payment_intent: {
    latest_charge: 'charge',
    payment_method: 'payment_method',
    customer: 'customer',
    invoice: 'invoice',
    review: 'review',
    application: 'application',
    on_behalf_of: 'account',
  },
  charge: {
    payment_intent: 'payment_intent',
    balance_transaction: 'balance_transaction',
    customer: 'customer',
    invoice: 'invoice',
    application: 'application',
    application_fee: 'application_fee',
    review: 'review',
    source_transfer: 'transfer',
    transfer: 'transfer',
    on_behalf_of: 'account',
    failure_balance_transaction: 'balance_transaction',
    refunds: 'list:refund',
  },
  refund: {
    charge: 'charge',
    payment_intent: 'payment_intent',
    balance_transaction: 'balance_transaction',
    failure_balance_transaction: 'balance_transaction',
    source_transfer_reversal: 'transfer_reversal',
    transfer_reversal: 'transfer_reversal',
  },
  dispute: { charge: 'charge', payment_intent: 'payment_intent' },
  'radar.early_fraud_warning': { charge: 'charge', payment_intent: 'payment_intent' },
  session_discount: { coupon: 'coupon', promotion_code: 'promotion_code' },
  session_shipping_cost: { shipping_rate: 'shipping_rate' },
  session_shipping_option: { shipping_rate: 'shipping_rate' },
  // Virtual: only present when expanded (see the resolver in api-app.ts).
  session_total_details: { breakdown: 'total_details_breakdown' },
  item: { price: 'price', taxes: 'line_item_taxes', discounts: 'line_item_discounts' },
  promotion_code: { customer: 'customer', promotion: 'promotion_code_promotion' },
  // A promotion code's `promotion`: the coupon it applies.
  promotion_code_promotion: { coupon: 'coupon' },
  shipping_rate: { tax_code: 'tax_code' },
  price: { product: 'product' },
  product: { default_price: 'price' },
  payment_method: { customer: 'customer' },
};

const MAX_DEPTH = 4;

/** Checks every path against the type graph before anything runs, so a bad `expand` has no side effects. */
export function validateExpand(resultType: string, paths: readonly string[]): void {
  for (const path of paths) {
    const segments = path.split('.');
    let type = resultType;
    let depth = 0;
    for (const segment of segments) {
      if (type.startsWith('list:')) {
        if (segment !== 'data') throw invalidRequest(`This property cannot be expanded (${path}).`, 'expand');
        type = type.slice('list:'.length);
        continue;
      }
      const next = EXPANDABLE[type]?.[segment];
      if (!next) throw invalidRequest(`This property cannot be expanded (${segment}).`, 'expand');
      if (++depth > MAX_DEPTH)
        throw invalidRequest(`You cannot expand more than ${MAX_DEPTH} levels of a property.`, 'expand');
      type = next;
    }
  }
}

export interface Resolver {
  byId(id: string): StripeObject | undefined;
  /**
   * Virtual expansions: fields that are not ids (a session's `line_items`, its `total_details.breakdown`, a line
   * item's `taxes`). `ancestors` are the objects above `parent`, outermost first.
   */
  virtual(
    parent: Record<string, unknown>,
    field: string,
    ancestors: readonly Record<string, unknown>[],
  ): unknown;
}

/** Returns a copy of `value` with the (validated) paths expanded; stored objects are never mutated. */
export function expand(value: unknown, paths: readonly string[], resolver: Resolver): unknown {
  let result = value;
  for (const path of paths) result = expandPath(result, path.split('.'), resolver, []);
  return result;
}

function expandPath(
  value: unknown,
  segments: string[],
  resolver: Resolver,
  ancestors: readonly Record<string, unknown>[],
): unknown {
  const [head, ...rest] = segments;
  if (head === undefined || value === null || typeof value !== 'object') return value;
  // An array of objects (a session's `shipping_options`, `discounts`): each item is expanded.
  if (Array.isArray(value)) return value.map((item) => expandPath(item, segments, resolver, ancestors));
  const obj = value as Record<string, unknown>;
  const inner = [...ancestors, obj];
  if (obj.object === 'list' && head === 'data' && Array.isArray(obj.data)) {
    return { ...obj, data: obj.data.map((item) => expandPath(item, rest, resolver, inner)) };
  }
  let field = obj[head];
  if (typeof field === 'string') field = resolver.byId(field) ?? field;
  else if (field === undefined) field = resolver.virtual(obj, head, ancestors);
  return { ...obj, [head]: rest.length > 0 ? expandPath(field, rest, resolver, inner) : field };
}
