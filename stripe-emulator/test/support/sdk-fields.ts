import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The pinned API version's field lists, from the official `stripe` SDK's typings: the SDK is generated from
 * Stripe's OpenAPI spec for the version it pins (`Stripe.API_VERSION`, the emulator's default), so an object's
 * interface lists exactly the fields that version returns — `name: …` always present (possibly null), `name?: …`
 * only sometimes (expanded, or depending on the object). The vendored schemas are the 2023 spec's; this is
 * what tells fields Stripe removed since from fields it added.
 */
export interface SdkFields {
  /** Always present at the pinned version. */
  required: string[];
  /** Present only in some cases. */
  optional: string[];
}

/** Where each object type the emulator returns is declared in the SDK (file under resources/, interface). */
const DECLARATIONS: Record<string, [file: string, name: string]> = {
  'checkout.session': ['Checkout/Sessions.d.ts', 'Session'],
  payment_intent: ['PaymentIntents.d.ts', 'PaymentIntent'],
  charge: ['Charges.d.ts', 'Charge'],
  refund: ['Refunds.d.ts', 'Refund'],
  event: ['Events.d.ts', 'EventBase'],
  item: ['LineItems.d.ts', 'LineItem'],
  price: ['Prices.d.ts', 'Price'],
  product: ['Products.d.ts', 'Product'],
  payment_method: ['PaymentMethods.d.ts', 'PaymentMethod'],
  dispute: ['Disputes.d.ts', 'Dispute'],
  'radar.early_fraud_warning': ['Radar/EarlyFraudWarnings.d.ts', 'EarlyFraudWarning'],
  shipping_rate: ['ShippingRates.d.ts', 'ShippingRate'],
  coupon: ['Coupons.d.ts', 'Coupon'],
  deleted_coupon: ['Coupons.d.ts', 'DeletedCoupon'],
  promotion_code: ['PromotionCodes.d.ts', 'PromotionCode'],
  tax_rate: ['TaxRates.d.ts', 'TaxRate'],
  discount: ['Discounts.d.ts', 'Discount'],
  webhook_endpoint: ['WebhookEndpoints.d.ts', 'WebhookEndpoint'],
  deleted_webhook_endpoint: ['WebhookEndpoints.d.ts', 'DeletedWebhookEndpoint'],
  balance_transaction: ['BalanceTransactions.d.ts', 'BalanceTransaction'],
};

export const SDK_TYPES = Object.keys(DECLARATIONS);

function sdkDir(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('stripe'));
  // cjs/ and esm/ hold package.json files of their own (module type only): look for the one named stripe.
  const named = (path: string): boolean =>
    existsSync(path) && (JSON.parse(readFileSync(path, 'utf8')) as { name?: string }).name === 'stripe';
  while (!named(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('stripe package not found');
    dir = parent;
  }
  return dir;
}

export function sdkVersion(): string {
  return (JSON.parse(readFileSync(join(sdkDir(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The top-level members of `export interface <name> {…}` in a generated `.d.ts`: comments removed, then the
 * `name:` / `name?:` at brace depth 1 (nested object types and namespaces are skipped by depth).
 */
export function sdkFields(type: string): SdkFields {
  const declaration = DECLARATIONS[type];
  if (!declaration) throw new Error(`no SDK declaration known for ${type}`);
  const [file, name] = declaration;
  const text = readFileSync(join(sdkDir(), 'esm', 'resources', file), 'utf8').replace(
    /\/\*[\s\S]*?\*\//g,
    '',
  );
  const start = text.indexOf(`export interface ${name} {`);
  if (start < 0) throw new Error(`interface ${name} not found in stripe/esm/resources/${file}`);
  const fields: SdkFields = { required: [], optional: [] };
  let depth = 0;
  for (const line of text.slice(text.indexOf('{', start)).split('\n')) {
    if (depth === 1) {
      const match = /^\s*([a-z0-9_]+)(\?)?:/.exec(line);
      if (match?.[1]) (match[2] ? fields.optional : fields.required).push(match[1]);
    }
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    if (depth === 0) break;
  }
  if (fields.required.length === 0) throw new Error(`no fields read for ${name} in ${file}`);
  return fields;
}

/**
 * For the 2023 spec's schemas (test/support/stripe-schemas.ts): the fields a schema requires, less those the
 * pinned version no longer has (`discount.coupon`, `product.features`, …), wherever the object appears.
 */
export function keepPinnedRequired(schema: string, required: string[]): string[] {
  if (!(schema in DECLARATIONS)) return required;
  const { required: always, optional } = sdkFields(schema);
  return required.filter((field) => always.includes(field) || optional.includes(field));
}
