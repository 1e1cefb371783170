import { missingParam, resourceMissing } from '../domain/errors.js';
import { mergeMetadata } from '../domain/metadata.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ApiContext, ApiRouter } from '../http/api-app.js';
import { s } from '../http/params.js';
import { newTaxRate } from '../objects/pricing-builders.js';
import type { TaxRate } from '../objects/pricing-types.js';
import { inRange, listFields, newestFirst, paginate } from './list.js';

const TAX_TYPES = [
  'amusement_tax',
  'communications_tax',
  'gst',
  'hst',
  'igst',
  'jct',
  'lease_tax',
  'pst',
  'qst',
  'rst',
  'sales_tax',
  'service_tax',
  'vat',
] as const;

const editable = {
  active: s.bool(),
  country: s.str({ max: 5000 }),
  description: s.str({ max: 5000 }),
  display_name: s.str({ max: 50 }),
  jurisdiction: s.str({ max: 50 }),
  metadata: s.map(),
  state: s.str({ max: 2 }),
  tax_type: s.enum(TAX_TYPES),
};

// Hand-written: the vendored spec has no tax rate operations.
const createSpec = s.obj({ ...editable, inclusive: s.bool(), percentage: s.num({ min: 0, max: 100 }) });

function where(ctx: ApiContext) {
  return { sessionId: null, origin: ctx.origin, apiVersion: ctx.apiVersion };
}

export function requireTaxRate(core: EmulatorCore, id: string, param = 'tax_rate'): TaxRate {
  const rate = core.store.taxRates.get(id) ?? core.store.automaticTaxRates.get(id);
  if (!rate) throw resourceMissing('tax rate', id, param);
  return rate;
}

/**
 * `/v1/tax_rates` (`tax_rate.created`, `tax_rate.updated`): fixed rates for `line_items[][tax_rates]`, applied as
 * given (inclusive or exclusive). The rates of the emulated automatic tax are retrievable but not listed.
 */
export function registerTaxRateRoutes(api: ApiRouter, core: EmulatorCore): void {
  api.route('POST', '/v1/tax_rates', 'tax_rate', createSpec, (p, ctx) => {
    if (p.display_name === undefined) throw missingParam('display_name');
    if (p.inclusive === undefined) throw missingParam('inclusive');
    if (p.percentage === undefined) throw missingParam('percentage');
    const rate = newTaxRate({
      displayName: p.display_name,
      percentage: p.percentage,
      inclusive: p.inclusive,
      active: p.active ?? true,
      country: p.country?.toUpperCase() ?? null,
      state: p.state ?? null,
      jurisdiction: p.jurisdiction ?? null,
      description: p.description ?? null,
      taxType: p.tax_type ?? null,
      metadata: p.metadata ?? {},
      created: core.clock.now(),
    });
    core.store.taxRates.set(rate.id, rate);
    core.bus.emit('tax_rate.created', rate, where(ctx));
    return { body: rate };
  });

  api.route(
    'POST',
    '/v1/tax_rates/:id',
    'tax_rate',
    s.obj({ ...editable, metadata: s.map({ keepEmpty: true }) }),
    (p, ctx) => {
      const rate = requireTaxRate(core, ctx.params.id ?? '');
      const previous: Record<string, unknown> = {};
      const set = <
        K extends
          'active' | 'country' | 'description' | 'display_name' | 'jurisdiction' | 'state' | 'tax_type',
      >(
        key: K,
        value: TaxRate[K] | undefined,
      ): void => {
        if (value === undefined || rate[key] === value) return;
        previous[key] = rate[key];
        rate[key] = value;
      };
      set('active', p.active);
      set('country', p.country?.toUpperCase());
      set('description', p.description);
      set('display_name', p.display_name);
      set('jurisdiction', p.jurisdiction);
      set('state', p.state);
      set('tax_type', p.tax_type);
      if (p.metadata !== undefined) {
        const before = mergeMetadata(rate, p.metadata);
        if (Object.keys(before).length > 0) previous.metadata = before;
      }
      if (Object.keys(previous).length > 0)
        core.bus.emit('tax_rate.updated', rate, { ...where(ctx), previousAttributes: previous });
      return { body: rate };
    },
  );

  api.route(
    'GET',
    '/v1/tax_rates',
    'list:tax_rate',
    s.obj({ ...listFields, active: s.bool(), inclusive: s.bool(), created: s.range() }),
    (p) => {
      let rates = newestFirst(core.store.taxRates.values());
      if (p.active !== undefined) rates = rates.filter((r) => r.active === p.active);
      if (p.inclusive !== undefined) rates = rates.filter((r) => r.inclusive === p.inclusive);
      const created = p.created;
      if (created) rates = rates.filter((r) => inRange(r.created, created));
      return { body: paginate(rates, p, '/v1/tax_rates', 'tax rate') };
    },
  );

  api.route('GET', '/v1/tax_rates/:id', 'tax_rate', s.obj({}), (_p, ctx) => ({
    body: requireTaxRate(core, ctx.params.id ?? ''),
  }));
}
