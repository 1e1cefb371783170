import type { DisputeUpdateInput } from '../domain/disputes.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ApiRouter } from '../http/api-app.js';
import { s, type StrSpec } from '../http/params.js';
import { EVIDENCE_FIELDS, type EvidenceField } from '../objects/dispute-types.js';
import { inRange, listFields, newestFirst, paginate } from './list.js';

/** Free-text evidence takes up to 150 000 characters, the other fields (ids, dates, names) 5000, as in Stripe. */
const LONG_TEXT: readonly EvidenceField[] = [
  'access_activity_log',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'duplicate_charge_explanation',
  'product_description',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'uncategorized_text',
];

const evidenceSpec = s.obj({
  // One string spec per evidence field: exactly the keys of Record<EvidenceField, StrSpec>.
  ...(Object.fromEntries(
    EVIDENCE_FIELDS.map((field) => [field, s.str({ max: LONG_TEXT.includes(field) ? 150_000 : 5000 })]),
  ) as Record<EvidenceField, StrSpec>),
  // Newer evidence the emulator accepts and ignores (Visa CE 3.0, compliance, appeals).
  enhanced_evidence: s.any(),
  appeal: s.any(),
});

// Hand-written: the vendored spec has no dispute operations.
const updateSpec = s.obj({
  evidence: evidenceSpec,
  metadata: s.map({ keepEmpty: true }),
  submit: s.bool(),
  intended_submission_method: s.any(),
});

const listSpec = s.obj({ ...listFields, charge: s.str(), payment_intent: s.str(), created: s.range() });

/**
 * `/v1/disputes`: list and retrieve, update (evidence, metadata, `submit`), close (accept). Disputes are opened by
 * Stripe's test cards (domain/post-payment.ts); the control API decides them.
 */
export function registerDisputeRoutes(api: ApiRouter, core: EmulatorCore): void {
  const { disputes, store } = core;

  api.route('GET', '/v1/disputes', 'list:dispute', listSpec, (p) => {
    let data = newestFirst(store.disputes.values());
    if (p.charge !== undefined) data = data.filter((d) => d.charge === p.charge);
    if (p.payment_intent !== undefined) data = data.filter((d) => d.payment_intent === p.payment_intent);
    const created = p.created;
    if (created) data = data.filter((d) => inRange(d.created, created));
    return { body: paginate(data, p, '/v1/disputes', 'dispute') };
  });

  api.route('GET', '/v1/disputes/:dispute', 'dispute', s.obj({}), (_p, ctx) => ({
    body: disputes.requireDispute(ctx.params.dispute ?? ''),
  }));

  api.route('POST', '/v1/disputes/:dispute', 'dispute', updateSpec, (p, ctx) => {
    const input: DisputeUpdateInput = {};
    if (p.evidence !== undefined) {
      const { enhanced_evidence: _enhanced, appeal: _appeal, ...fields } = p.evidence;
      input.evidence = fields;
    }
    if (p.metadata !== undefined) input.metadata = p.metadata;
    if (p.submit !== undefined) input.submit = p.submit;
    return { body: disputes.update(ctx.params.dispute ?? '', input, ctx.origin, ctx.apiVersion) };
  });

  api.route('POST', '/v1/disputes/:dispute/close', 'dispute', s.obj({}), (_p, ctx) => ({
    body: disputes.close(ctx.params.dispute ?? '', ctx.origin, ctx.apiVersion),
  }));
}
