import { invalidRequest, missingParam, resourceMissing } from '../domain/errors.js';
import { mergeMetadata } from '../domain/metadata.js';
import { CURRENCIES } from '../domain/money.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ApiRouter } from '../http/api-app.js';
import { s, type Infer } from '../http/params.js';
import { newShippingRate } from '../objects/pricing-builders.js';
import type { ShippingRate, TaxBehavior } from '../objects/pricing-types.js';
import { inRange, listFields, newestFirst, paginate } from './list.js';

const TAX_BEHAVIORS = ['exclusive', 'inclusive', 'unspecified'] as const;
const UNITS = ['business_day', 'day', 'hour', 'month', 'week'] as const;
const boundSpec = s.obj({ unit: s.enum(UNITS), value: s.int({ min: 1 }) }, ['unit', 'value']);

/**
 * A shipping rate's parameters: `POST /v1/shipping_rates`, and Checkout's `shipping_options[][shipping_rate_data]`
 * (which creates a shipping rate, as Stripe does). Hand-written: the vendored spec has no shipping rate
 * operations, and its `currency_options` maps have no parameter spec.
 */
export const shippingRateDataSpec = s.obj(
  {
    display_name: s.str({ max: 100 }),
    type: s.enum(['fixed_amount']),
    fixed_amount: s.obj(
      {
        amount: s.int({ min: 0 }),
        currency: s.str(),
        currency_options: s.record(
          s.obj({ amount: s.int({ min: 0 }), tax_behavior: s.enum(TAX_BEHAVIORS) }, ['amount']),
        ),
      },
      ['amount', 'currency'],
    ),
    delivery_estimate: s.obj({ minimum: boundSpec, maximum: boundSpec }),
    tax_behavior: s.enum(TAX_BEHAVIORS),
    tax_code: s.str({ max: 5000 }),
    metadata: s.map(),
  },
  ['display_name'],
);

function checkCurrency(value: string, param: string): string {
  const currency = value.toLowerCase();
  if (!CURRENCIES.has(currency)) throw invalidRequest(`Invalid currency: ${value}.`, param);
  return currency;
}

/** Creates (and stores) a shipping rate; `param` prefixes the names in errors (`shipping_options[0][…]`). */
export function createShippingRate(
  core: EmulatorCore,
  p: Infer<typeof shippingRateDataSpec>,
  param = '',
): ShippingRate {
  const at = (name: string): string => (param ? `${param}[${name}]` : name);
  if (p.display_name === undefined) throw missingParam(at('display_name'));
  const fixed = p.fixed_amount;
  if (!fixed) throw missingParam(at('fixed_amount'));
  const currency = checkCurrency(fixed.currency ?? '', `${at('fixed_amount')}[currency]`);
  let currencyOptions: Record<string, { amount: number; tax_behavior: TaxBehavior }> | undefined;
  if (fixed.currency_options) {
    currencyOptions = {};
    for (const [code, option] of Object.entries(fixed.currency_options)) {
      const key = checkCurrency(code, `${at('fixed_amount')}[currency_options]`);
      currencyOptions[key] = {
        amount: option.amount ?? 0,
        tax_behavior: option.tax_behavior ?? 'unspecified',
      };
    }
  }
  const bound = (b: Infer<typeof boundSpec> | undefined) =>
    b?.unit !== undefined && b.value !== undefined ? { unit: b.unit, value: b.value } : null;
  const estimate = p.delivery_estimate;
  const rate = newShippingRate({
    displayName: p.display_name,
    amount: fixed.amount ?? 0,
    currency,
    ...(currencyOptions ? { currencyOptions } : {}),
    deliveryEstimate: estimate
      ? { minimum: bound(estimate.minimum), maximum: bound(estimate.maximum) }
      : null,
    taxBehavior: p.tax_behavior ?? null,
    taxCode: p.tax_code ?? null,
    metadata: p.metadata ?? {},
    created: core.clock.now(),
  });
  core.store.shippingRates.set(rate.id, rate);
  return rate;
}

export function requireShippingRate(core: EmulatorCore, id: string, param = 'shipping_rate'): ShippingRate {
  const rate = core.store.shippingRates.get(id);
  if (!rate) throw resourceMissing('shipping rate', id, param);
  return rate;
}

/** `/v1/shipping_rates` (Stripe sends no events for shipping rates). */
export function registerShippingRateRoutes(api: ApiRouter, core: EmulatorCore): void {
  api.route('POST', '/v1/shipping_rates', 'shipping_rate', shippingRateDataSpec, (p) => ({
    body: createShippingRate(core, p),
  }));

  api.route(
    'POST',
    '/v1/shipping_rates/:id',
    'shipping_rate',
    s.obj({
      active: s.bool(),
      metadata: s.map({ keepEmpty: true }),
      tax_behavior: s.enum(TAX_BEHAVIORS),
      fixed_amount: s.obj({
        currency_options: s.record(s.obj({ amount: s.int({ min: 0 }), tax_behavior: s.enum(TAX_BEHAVIORS) })),
      }),
    }),
    (p, ctx) => {
      const rate = requireShippingRate(core, ctx.params.id ?? '', 'shipping_rate');
      if (p.active !== undefined) rate.active = p.active;
      if (p.metadata !== undefined) mergeMetadata(rate, p.metadata);
      if (p.tax_behavior !== undefined) {
        if (
          rate.tax_behavior !== null &&
          rate.tax_behavior !== 'unspecified' &&
          rate.tax_behavior !== p.tax_behavior
        )
          throw invalidRequest(
            'The tax behavior of a shipping rate cannot be changed once it is set to `inclusive` or `exclusive`.',
            'tax_behavior',
          );
        rate.tax_behavior = p.tax_behavior;
      }
      for (const [code, option] of Object.entries(p.fixed_amount?.currency_options ?? {})) {
        const key = checkCurrency(code, 'fixed_amount[currency_options]');
        const current = rate.fixed_amount.currency_options?.[key];
        rate.fixed_amount.currency_options = {
          ...rate.fixed_amount.currency_options,
          [key]: {
            amount: option.amount ?? current?.amount ?? 0,
            tax_behavior: option.tax_behavior ?? current?.tax_behavior ?? 'unspecified',
          },
        };
      }
      return { body: rate };
    },
  );

  api.route(
    'GET',
    '/v1/shipping_rates',
    'list:shipping_rate',
    s.obj({ ...listFields, active: s.bool(), created: s.range(), currency: s.str() }),
    (p) => {
      let rates = newestFirst(core.store.shippingRates.values());
      if (p.active !== undefined) rates = rates.filter((r) => r.active === p.active);
      const currency = p.currency?.toLowerCase();
      if (currency !== undefined)
        rates = rates.filter(
          (r) =>
            r.fixed_amount.currency === currency || r.fixed_amount.currency_options?.[currency] !== undefined,
        );
      const created = p.created;
      if (created) rates = rates.filter((r) => inRange(r.created, created));
      return { body: paginate(rates, p, '/v1/shipping_rates', 'shipping rate') };
    },
  );

  api.route('GET', '/v1/shipping_rates/:id', 'shipping_rate', s.obj({}), (_p, ctx) => ({
    body: requireShippingRate(core, ctx.params.id ?? '', 'shipping_rate'),
  }));
}
