import { resourceMissing } from '../domain/errors.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ApiRouter } from '../http/api-app.js';
import { s } from '../http/params.js';
import { inRange, listFields, newestFirst, paginate } from './list.js';

/** `/v1/radar/early_fraud_warnings`: opened by Stripe's test card 4000 0000 0000 5423; read only, as in Stripe. */
export function registerEarlyFraudWarningRoutes(api: ApiRouter, core: EmulatorCore): void {
  const { store } = core;

  api.route(
    'GET',
    '/v1/radar/early_fraud_warnings',
    'list:radar.early_fraud_warning',
    s.obj({ ...listFields, charge: s.str(), payment_intent: s.str(), created: s.range() }),
    (p) => {
      let data = newestFirst(store.earlyFraudWarnings.values());
      if (p.charge !== undefined) data = data.filter((w) => w.charge === p.charge);
      if (p.payment_intent !== undefined) data = data.filter((w) => w.payment_intent === p.payment_intent);
      const created = p.created;
      if (created) data = data.filter((w) => inRange(w.created, created));
      return {
        body: paginate(data, p, '/v1/radar/early_fraud_warnings', 'radar.early_fraud_warning'),
      };
    },
  );

  api.route(
    'GET',
    '/v1/radar/early_fraud_warnings/:warning',
    'radar.early_fraud_warning',
    s.obj({}),
    (_p, ctx) => {
      const id = ctx.params.warning ?? '';
      const warning = store.earlyFraudWarnings.get(id);
      if (!warning) throw resourceMissing('radar.early_fraud_warning', id, 'early_fraud_warning');
      return { body: warning };
    },
  );
}
