import { invalidRequest, missingParam, resourceMissing } from '../domain/errors.js';
import { CURRENCIES } from '../domain/money.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ApiRouter } from '../http/api-app.js';
import { s, type Infer } from '../http/params.js';
import { newPrice, newProduct } from '../objects/builders.js';
import type { Price, Product } from '../objects/types.js';
import { inRange, listFields, newestFirst, paginate } from './list.js';

const TAX_BEHAVIORS = ['exclusive', 'inclusive', 'unspecified'] as const;

/** The amount part of a price (`/v1/prices` and a product's `default_price_data`). */
const amountFields = {
  currency: s.str(),
  unit_amount: s.int({ min: 0 }),
  unit_amount_decimal: s.str(),
  tax_behavior: s.enum(TAX_BEHAVIORS),
  metadata: s.map(),
  recurring: s.any(),
  currency_options: s.any(),
  custom_unit_amount: s.any(),
};

export const priceDataSpec = s.obj(amountFields, ['currency']);

type AmountParams = Infer<typeof priceDataSpec>;

const createSpec = s.obj(
  {
    ...amountFields,
    product: s.str(),
    product_data: s.obj(
      {
        name: s.str({ max: 5000 }),
        id: s.str({ max: 5000 }),
        active: s.bool(),
        metadata: s.map(),
        statement_descriptor: s.str({ max: 22 }),
        tax_code: s.str({ max: 5000 }),
        unit_label: s.str({ max: 12 }),
      },
      ['name'],
    ),
    active: s.bool(),
    nickname: s.str({ max: 5000 }),
    lookup_key: s.str({ max: 200 }),
    billing_scheme: s.enum(['per_unit', 'tiered']),
    // Real Stripe parameters the emulator accepts and ignores.
    tiers: s.any(),
    tiers_mode: s.any(),
    transfer_lookup_key: s.any(),
    transform_quantity: s.any(),
  },
  ['currency'],
);

/** Builds (does not store) a one-time price of `productId`; throws Stripe's errors for what it cannot be. */
export function buildPrice(core: EmulatorCore, p: AmountParams, productId: string, prefix = ''): Price {
  const param = (name: string): string => (prefix ? `${prefix}[${name}]` : name);
  const currency = (p.currency ?? '').toLowerCase();
  if (!CURRENCIES.has(currency))
    throw invalidRequest(`Invalid currency: ${p.currency ?? ''}.`, param('currency'));
  if (p.recurring !== undefined)
    throw invalidRequest(
      'The Stripe emulator supports one-time prices only (Checkout `mode=payment`); `recurring` is not supported.',
      param('recurring'),
    );
  if (p.custom_unit_amount !== undefined)
    throw invalidRequest(
      'The Stripe emulator does not support `custom_unit_amount`.',
      param('custom_unit_amount'),
    );
  if (p.unit_amount !== undefined && p.unit_amount_decimal !== undefined)
    throw invalidRequest(
      'You may only specify one of these parameters: unit_amount, unit_amount_decimal.',
      param('unit_amount'),
    );
  let unitAmount = p.unit_amount;
  if (unitAmount === undefined && p.unit_amount_decimal !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(p.unit_amount_decimal))
      throw invalidRequest(`Invalid decimal: ${p.unit_amount_decimal}`, param('unit_amount_decimal'));
    unitAmount = Math.round(Number(p.unit_amount_decimal));
  }
  if (unitAmount === undefined)
    throw invalidRequest(
      'You must specify either `unit_amount`, `unit_amount_decimal` or `custom_unit_amount`.',
      param('unit_amount'),
      'parameter_missing',
    );
  const price = newPrice({
    product: productId,
    currency,
    unitAmount,
    taxBehavior: p.tax_behavior ?? 'unspecified',
    created: core.clock.now(),
    active: true,
  });
  price.metadata = p.metadata ?? {};
  return price;
}

export function registerPriceRoutes(api: ApiRouter, core: EmulatorCore): void {
  const { store } = core;

  api.route('POST', '/v1/prices', 'price', createSpec, (p, ctx) => {
    if (p.billing_scheme === 'tiered')
      throw invalidRequest('The Stripe emulator supports `billing_scheme=per_unit` only.', 'billing_scheme');
    if (p.product !== undefined && p.product_data !== undefined)
      throw invalidRequest('You may only specify one of these parameters: product, product_data.', 'product');
    let product: Product;
    let newOne = false;
    if (p.product !== undefined) {
      const existing = store.products.get(p.product);
      if (!existing) throw resourceMissing('product', p.product, 'product');
      product = existing;
    } else if (p.product_data !== undefined) {
      const data = p.product_data;
      if (data.id !== undefined && store.products.has(data.id))
        throw invalidRequest('Product already exists.', 'product_data[id]', 'resource_already_exists');
      product = newProduct({
        name: data.name ?? '',
        description: null,
        images: [],
        metadata: data.metadata ?? {},
        created: core.clock.now(),
        taxCode: data.tax_code ?? null,
      });
      if (data.id !== undefined) product.id = data.id;
      product.active = data.active ?? true;
      product.statement_descriptor = data.statement_descriptor ?? null;
      product.unit_label = data.unit_label ?? null;
      newOne = true;
    } else {
      throw missingParam('product');
    }
    const price = buildPrice(core, p, product.id);
    price.active = p.active ?? true;
    price.nickname = p.nickname ?? null;
    price.lookup_key = p.lookup_key ?? null;
    const emit = { sessionId: null, origin: ctx.origin, apiVersion: ctx.apiVersion };
    if (newOne) {
      store.products.set(product.id, product);
      core.bus.emit('product.created', product, emit);
    }
    store.prices.set(price.id, price);
    core.bus.emit('price.created', price, emit);
    return { body: price };
  });

  api.route(
    'GET',
    '/v1/prices',
    'list:price',
    s.obj({
      ...listFields,
      active: s.bool(),
      currency: s.str(),
      product: s.str(),
      type: s.enum(['one_time', 'recurring']),
      lookup_keys: s.arr(s.str()),
      created: s.range(),
      recurring: s.any(),
    }),
    (p) => {
      let prices = newestFirst(store.prices.values());
      if (p.active !== undefined) prices = prices.filter((x) => x.active === p.active);
      if (p.currency !== undefined) prices = prices.filter((x) => x.currency === p.currency?.toLowerCase());
      if (p.product !== undefined) prices = prices.filter((x) => x.product === p.product);
      if (p.type !== undefined) prices = prices.filter((x) => x.type === p.type);
      const keys = p.lookup_keys;
      if (keys !== undefined)
        prices = prices.filter((x) => x.lookup_key !== null && keys.includes(x.lookup_key));
      const created = p.created;
      if (created) prices = prices.filter((x) => inRange(x.created, created));
      return { body: paginate(prices, p, '/v1/prices', 'price') };
    },
  );

  api.route('GET', '/v1/prices/:id', 'price', s.obj({}), (_p, ctx) => {
    const id = ctx.params.id ?? '';
    const price = store.prices.get(id);
    if (!price) throw resourceMissing('price', id, 'price');
    return { body: price };
  });
}
