import { resourceMissing } from '../domain/errors.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ApiRouter } from '../http/api-app.js';
import { s } from '../http/params.js';
import { inRange, listFields, newestFirst, paginate } from './list.js';

export function registerChargeRoutes(api: ApiRouter, core: EmulatorCore): void {
  api.route(
    'GET',
    '/v1/charges',
    'list:charge',
    s.obj({
      ...listFields,
      payment_intent: s.str(),
      created: s.range(),
      customer: s.str(),
      transfer_group: s.str(),
    }),
    (p) => {
      let charges = newestFirst(core.store.charges.values());
      if (p.payment_intent !== undefined)
        charges = charges.filter((c) => c.payment_intent === p.payment_intent);
      if (p.customer !== undefined || p.transfer_group !== undefined) charges = [];
      const created = p.created;
      if (created) charges = charges.filter((c) => inRange(c.created, created));
      return { body: paginate(charges, p, '/v1/charges', 'charge') };
    },
  );

  api.referenceRoute('GET', '/v1/charges/:charge', 'charge', s.obj({}), (_p, ctx) => {
    const id = ctx.params.charge ?? '';
    const charge = core.store.charges.get(id);
    if (!charge) throw resourceMissing('charge', id, 'charge');
    return { body: charge };
  });
}
