import type { RefundInput } from '../domain/refunds.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ApiRouter } from '../http/api-app.js';
import { s } from '../http/params.js';
import { inRange, listFields, newestFirst, paginate } from './list.js';

/**
 * What `POST /v1/refunds` reads, within Stripe's parameters (the others, `currency`, `customer`, `origin`, …, are
 * not emulated: refused with `parameter_not_emulated`); Stripe documents, but its schema does not say, that
 * amounts are positive.
 */
const createReads = s.obj({
  payment_intent: s.str(),
  charge: s.str(),
  amount: s.int({ min: 1 }),
  reason: s.enum(['duplicate', 'fraudulent', 'requested_by_customer']),
  metadata: s.map(),
});

export function registerRefundRoutes(api: ApiRouter, core: EmulatorCore): void {
  api.referenceRoute('POST', '/v1/refunds', 'refund', createReads, (p, ctx) => {
    const params: RefundInput = {};
    if (p.payment_intent !== undefined) params.paymentIntent = p.payment_intent;
    if (p.charge !== undefined) params.charge = p.charge;
    if (p.amount !== undefined) params.amount = p.amount;
    if (p.reason !== undefined) params.reason = p.reason;
    if (p.metadata !== undefined) params.metadata = p.metadata;
    return { body: core.refunds.refund(params, ctx.origin, ctx.apiVersion) };
  });

  // Refunds can only change their metadata (an empty value removes a key). Hand-written: the vendored spec
  // has no schema for this operation.
  api.route(
    'POST',
    '/v1/refunds/:refund',
    'refund',
    s.obj({ metadata: s.map({ keepEmpty: true }) }),
    (p, ctx) => ({
      body: core.refunds.updateRefund(ctx.params.refund ?? '', p.metadata, ctx.origin, ctx.apiVersion),
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

  api.referenceRoute('GET', '/v1/refunds/:refund', 'refund', s.obj({}), (_p, ctx) => ({
    body: core.refunds.requireRefund(ctx.params.refund ?? ''),
  }));

  // Hand-written: the vendored spec has no schema for this operation.
  api.route('POST', '/v1/refunds/:refund/cancel', 'refund', s.obj({}), (_p, ctx) => ({
    body: core.refunds.cancelRefund(ctx.params.refund ?? '', ctx.origin, ctx.apiVersion),
  }));
}
