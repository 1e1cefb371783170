import type { EmulatorCore } from '../core/emulator-core.js';
import type { ApiRouter } from '../http/api-app.js';
import { resourceMissing } from '../http/errors.js';
import { s } from '../http/params.js';

export function registerChargeRoutes(api: ApiRouter, core: EmulatorCore): void {
  api.route('GET', '/v1/charges/:charge', 'charge', s.obj({}), (_p, ctx) => {
    const id = ctx.params.charge ?? '';
    const charge = core.store.charges.get(id);
    if (!charge) throw resourceMissing('charge', id, 'charge');
    return { body: charge };
  });
}
