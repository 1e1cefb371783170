// Extracts, from Stripe's published ground truth (stripe/openapi and stripe-mock, MIT licensed, kept in
// ../shared/stripe next to the repository), the part the emulator's tests check objects against, so the
// tests run in any clone. Run: node stripe-emulator/scripts/vendor-stripe-reference.mjs [sharedDir]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.resolve(process.argv[2] ?? path.join(here, '../../../shared/stripe'));
const target = path.join(here, '../test/stripe-reference');

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
];

const spec = JSON.parse(fs.readFileSync(path.join(source, 'stripe-checkout-subset.json'), 'utf8'));
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
const fixtures = JSON.parse(fs.readFileSync(path.join(source, 'fixtures3.json'), 'utf8')).resources;

fs.mkdirSync(target, { recursive: true });
const write = (name, value) => fs.writeFileSync(path.join(target, name), `${JSON.stringify(value)}\n`);
write('schemas.json', { info: spec.info, components: { schemas } });
write('enabled-events.json', JSON.parse(fs.readFileSync(path.join(source, 'enabled_events.json'), 'utf8')));
write('fixtures.json', {
  resources: {
    webhook_endpoint: fixtures.webhook_endpoint,
    deleted_webhook_endpoint: fixtures.deleted_webhook_endpoint,
  },
});
console.log(`vendored ${keep.size} schemas into ${path.relative(process.cwd(), target)}`);
