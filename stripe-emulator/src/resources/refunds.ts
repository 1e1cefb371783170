import type { EmulatorCore } from '../core/emulator-core.js';
import type { ApiRouter } from '../http/api-app.js';
import { resourceMissing } from '../http/errors.js';
import { s } from '../http/params.js';
import { inRange, listFields, newestFirst, paginate } from './list.js';

const createSpec = s.obj({
  payment_intent: s.str(),
  charge: s.str(),
  amount: s.int({ min: 1 }),
  reason: s.enum(['duplicate', 'fraudulent', 'requested_by_customer']),
  metadata: s.map(),
  currency: s.any(),
  customer: s.any(),
  instructions_email: s.any(),
  origin: s.any(),
  refund_application_fee: s.any(),
  reverse_transfer: s.any(),
});

export function registerRefundRoutes(api: ApiRouter, core: EmulatorCore): void {
  api.route('POST', '/v1/refunds', 'refund', createSpec, (p, ctx) => {
    const params: Parameters<typeof core.payments.refund>[0] = {};
    if (p.payment_intent !== undefined) params.paymentIntent = p.payment_intent;
    if (p.charge !== undefined) params.charge = p.charge;
    if (p.amount !== undefined) params.amount = p.amount;
    if (p.reason !== undefined) params.reason = p.reason;
    if (p.metadata !== undefined) params.metadata = p.metadata;
    return { body: core.payments.refund(params, ctx.origin, ctx.apiVersion) };
  });

  // Refunds can only change their metadata (an empty value removes a key).
  api.route(
    'POST',
    '/v1/refunds/:refund',
    'refund',
    s.obj({ metadata: s.map({ keepEmpty: true }) }),
    (p, ctx) => ({
      body: core.payments.updateRefund(ctx.params.refund ?? '', p.metadata, ctx.origin, ctx.apiVersion),
    }),
  );

  api.route(
    'GET',
    '/v1/refunds',
    'list:refund',
    s.obj({ ...listFields, payment_intent: s.str(), charge: s.str(), created: s.range() }),
    (p) => {
      let refunds = newestFirst(core.store.refunds.values());
      if (p.payment_intent !== undefined)
        refunds = refunds.filter((r) => r.payment_intent === p.payment_intent);
      if (p.charge !== undefined) refunds = refunds.filter((r) => r.charge === p.charge);
      const created = p.created;
      if (created) refunds = refunds.filter((r) => inRange(r.created, created));
      return { body: paginate(refunds, p, '/v1/refunds', 'refund') };
    },
  );

  api.route('GET', '/v1/refunds/:refund', 'refund', s.obj({}), (_p, ctx) => {
    const id = ctx.params.refund ?? '';
    const refund = core.store.refunds.get(id);
    if (!refund) throw resourceMissing('refund', id, 'refund');
    return { body: refund };
  });
}
