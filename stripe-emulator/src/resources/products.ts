import { StripeFailure, resourceMissing } from '../domain/errors.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ApiContext, ApiRouter } from '../http/api-app.js';
import { s, type Infer } from '../http/params.js';
import { newProduct } from '../objects/builders.js';
import type { Product } from '../objects/types.js';
import { inRange, listFields, newestFirst, paginate } from './list.js';
import { buildPrice, priceDataSpec } from './prices.js';

const createSpec = s.obj(
  {
    name: s.str({ max: 5000 }),
    id: s.str({ max: 5000 }),
    active: s.bool(),
    description: s.str({ max: 40000 }),
    images: s.arr(s.str({ max: 2048 }), { max: 8 }),
    metadata: s.map(),
    default_price_data: priceDataSpec,
    shippable: s.bool(),
    statement_descriptor: s.str({ max: 22 }),
    tax_code: s.str({ max: 5000 }),
    unit_label: s.str({ max: 12 }),
    url: s.str({ max: 5000 }),
    marketing_features: s.arr(s.obj({ name: s.str({ max: 80 }) }, ['name']), { max: 15 }),
    type: s.enum(['good', 'service']),
    // Real Stripe parameters the emulator accepts and ignores.
    features: s.any(),
    package_dimensions: s.any(),
    tax_details: s.any(),
  },
  ['name'],
);

/** Products created through the API (`product.created`); Checkout's `product_data` ones are created silently. */
export function createProduct(core: EmulatorCore, p: Infer<typeof createSpec>, ctx: ApiContext): Product {
  if (p.id !== undefined && core.store.products.has(p.id))
    throw new StripeFailure(400, {
      type: 'invalid_request_error',
      code: 'resource_already_exists',
      doc_url: 'https://stripe.com/docs/error-codes/resource-already-exists',
      message: 'Product already exists.',
      param: 'id',
    });
  const product = newProduct({
    name: p.name ?? '',
    description: p.description ?? null,
    images: p.images ?? [],
    metadata: p.metadata ?? {},
    created: core.clock.now(),
    taxCode: p.tax_code ?? null,
    marketingFeatures: (p.marketing_features ?? []).map((feature) => ({ name: feature.name ?? '' })),
    type: p.type ?? 'service',
  });
  if (p.id !== undefined) product.id = p.id;
  product.active = p.active ?? true;
  product.shippable = p.shippable ?? null;
  product.statement_descriptor = p.statement_descriptor ?? null;
  product.unit_label = p.unit_label ?? null;
  product.url = p.url ?? null;
  // The default price is checked before anything is stored.
  const price =
    p.default_price_data !== undefined
      ? buildPrice(core, p.default_price_data, product.id, 'default_price_data')
      : undefined;
  if (price) product.default_price = price.id;
  core.store.products.set(product.id, product);
  const emit = { sessionId: null, origin: ctx.origin, apiVersion: ctx.apiVersion };
  core.bus.emit('product.created', product, emit);
  if (price) {
    core.store.prices.set(price.id, price);
    core.bus.emit('price.created', price, emit);
  }
  return product;
}

export function registerProductRoutes(api: ApiRouter, core: EmulatorCore): void {
  const { store } = core;

  api.route('POST', '/v1/products', 'product', createSpec, (p, ctx) => ({
    body: createProduct(core, p, ctx),
  }));

  api.route(
    'GET',
    '/v1/products',
    'list:product',
    s.obj({
      ...listFields,
      active: s.bool(),
      ids: s.arr(s.str()),
      shippable: s.bool(),
      url: s.str(),
      created: s.range(),
    }),
    (p) => {
      let products = newestFirst(store.products.values());
      if (p.active !== undefined) products = products.filter((x) => x.active === p.active);
      const ids = p.ids;
      if (ids !== undefined) products = products.filter((x) => ids.includes(x.id));
      if (p.shippable !== undefined) products = products.filter((x) => x.shippable === p.shippable);
      if (p.url !== undefined) products = products.filter((x) => x.url === p.url);
      const created = p.created;
      if (created) products = products.filter((x) => inRange(x.created, created));
      return { body: paginate(products, p, '/v1/products', 'product') };
    },
  );

  api.route('GET', '/v1/products/:id', 'product', s.obj({}), (_p, ctx) => {
    const id = ctx.params.id ?? '';
    const product = store.products.get(id);
    if (!product) throw resourceMissing('product', id, 'id');
    return { body: product };
  });
}
