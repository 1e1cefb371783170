// Extracts, from a local copy of Stripe's published OpenAPI spec (stripe/openapi, trimmed to the checkout subset)
// and stripe-mock's fixtures (MIT licensed), what the emulator needs into stripe-emulator/reference/, so that
// nothing outside the package is read at build, test or run time:
// - request-schemas.json: the request parameters of the vendored operations; the emulator validates those
//   endpoints' parameters from it at run time (src/http/reference-params.ts);
// - schemas.json, enabled-events.json, fixtures.json: object schemas, event types and fixtures the tests check
//   the emulator's objects against.
// Run from the repository root with the directory holding that copy (stripe-checkout-subset.json,
// fixtures3.json, enabled_events.json):
//   node stripe-emulator/scripts/vendor-stripe-reference.mjs <stripe-reference-dir>
// The output is formatted with the repository's Prettier settings, so `prettier --check` passes as is.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const here = path.dirname(fileURLToPath(import.meta.url));
if (!process.argv[2]) {
  console.error('usage: node stripe-emulator/scripts/vendor-stripe-reference.mjs <stripe-reference-dir>');
  process.exit(2);
}
const source = path.resolve(process.argv[2]);
const target = path.join(here, '../reference');

const ROOT_TYPES = [
  'checkout.session',
  'payment_intent',
  'charge',
  'refund',
  'event',
  'error',
  'item',
  'price',
  'product',
  'payment_method',
  'webhook_endpoint',
  // After the payment: disputes (and, through them, balance transactions). `radar.early_fraud_warning` is not in
  // the trimmed source spec; its shape is written by hand (src/objects/dispute-types.ts).
  'dispute',
  // A checkout a shop can fulfil: shipping rates, coupons and promotion codes (and the discounts they make), tax
  // rates.
  'shipping_rate',
  'coupon',
  'promotion_code',
  'tax_rate',
  'discount',
];

const read = (name) => JSON.parse(fs.readFileSync(path.join(source, name), 'utf8'));
const spec = read('stripe-checkout-subset.json');
const all = spec.components.schemas;
const keep = new Set();
const visit = (node) => {
  if (Array.isArray(node)) return node.forEach(visit);
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      const name = value.replace('#/components/schemas/', '');
      if (!keep.has(name)) {
        keep.add(name);
        visit(all[name]);
      }
    } else visit(value);
  }
};
for (const name of ROOT_TYPES) {
  keep.add(name);
  visit(all[name]);
}
// Descriptions are prose for humans; validation needs only the structure.
const strip = (node) => {
  if (Array.isArray(node)) return node.map(strip);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== 'description' && !key.startsWith('x-'))
      .map(([key, value]) => [
        key,
        key === 'properties'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v)]))
          : strip(value),
      ]),
  );
};
const schemas = Object.fromEntries([...keep].sort().map((name) => [name, strip(all[name])]));

// The request side of every operation in `paths` (parameters and form body); responses are left out.
const paths = Object.fromEntries(
  Object.entries(spec.paths).map(([route, methods]) => [
    route,
    Object.fromEntries(
      Object.entries(methods).map(([method, op]) => [
        method,
        strip({ operationId: op.operationId, parameters: op.parameters ?? [], requestBody: op.requestBody }),
      ]),
    ),
  ]),
);

const fixtures = read('fixtures3.json').resources;
const info = { title: spec.info.title, version: spec.info.version };

fs.mkdirSync(target, { recursive: true });
const write = async (name, value) => {
  const file = path.join(target, name);
  const options = { ...(await prettier.resolveConfig(file)), filepath: file };
  fs.writeFileSync(file, await prettier.format(JSON.stringify(value), options));
};
await write('request-schemas.json', { openapi: spec.openapi, info, paths });
await write('schemas.json', { info: spec.info, components: { schemas } });
await write('enabled-events.json', read('enabled_events.json'));
// The newest fixture of every object the emulator returns: their field lists are the current API's (the schemas
// above are the 2023 spec's), so the fidelity tests can tell fields Stripe removed from fields it added.
const FIXTURE_TYPES = [
  ...ROOT_TYPES.filter((name) => name !== 'error'),
  'radar.early_fraud_warning',
  'deleted_webhook_endpoint',
  'deleted_coupon',
  'balance_transaction',
];
await write('fixtures.json', {
  resources: Object.fromEntries(FIXTURE_TYPES.sort().map((name) => [name, fixtures[name]])),
});
console.log(
  `vendored ${keep.size} schemas and ${Object.keys(paths).length} paths into ${path.relative(process.cwd(), target)}`,
);
