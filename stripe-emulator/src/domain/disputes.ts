import { disputeBalanceTransaction, newDispute, RESPONSE_DAYS } from '../objects/dispute-builders.js';
import type { Dispute, DisputeReason, EvidenceField } from '../objects/dispute-types.js';
import type { Metadata } from '../objects/types.js';
import { NO_ORIGIN, type EventOrigin } from '../state/event-bus.js';
import { settleEarlyFraudWarnings } from './early-fraud-warnings.js';
import { invalidRequest, resourceMissing } from './errors.js';
import { mergeMetadata } from './metadata.js';
import {
  emitEvent,
  paymentEmitContext,
  scheduleFollowUp,
  type EmitContext,
  type PaymentContext,
} from './payment-context.js';

/** `POST /v1/disputes/:id` parameters, validated. */
export interface DisputeUpdateInput {
  evidence?: Partial<Record<EvidenceField, string>>;
  /** Merged; an empty value removes a key. */
  metadata?: Metadata;
  submit?: boolean;
}

/**
 * Stripe's test evidence (https://docs.stripe.com/testing#disputes): submitted as `uncategorized_text`, it decides
 * the dispute a moment later. `escalate_inquiry_evidence` turns an inquiry into a chargeback.
 */
const TEST_EVIDENCE: Record<string, 'won' | 'lost' | 'escalate' | undefined> = {
  winning_evidence: 'won',
  losing_evidence: 'lost',
  escalate_inquiry_evidence: 'escalate',
};

const OPEN: readonly Dispute['status'][] = ['needs_response', 'warning_needs_response'];
const CLOSED: readonly Dispute['status'][] = ['won', 'lost', 'warning_closed'];

/**
 * Disputes of card charges: opened after a test card's payment (a chargeback, which withdraws the amount and
 * Stripe's fee at once, or an inquiry, which moves no money), answered with evidence, accepted by the merchant
 * (`close`), and decided (by test evidence, or the control API standing in for the card network).
 */
export class Disputes {
  constructor(private readonly ctx: PaymentContext) {}

  requireDispute(id: string): Dispute {
    const dispute = this.ctx.store.disputes.get(id);
    if (!dispute) throw resourceMissing('dispute', id, 'dispute');
    return dispute;
  }

  /** `charge.dispute.created`, then (chargebacks) `charge.dispute.funds_withdrawn`. */
  open(chargeId: string, reason: DisputeReason, inquiry: boolean): Dispute | undefined {
    const { store, clock } = this.ctx;
    const charge = store.charges.get(chargeId);
    if (!charge || charge.status !== 'succeeded') return undefined;
    const dispute = newDispute({ charge, reason, inquiry, created: clock.now() });
    if (!inquiry) dispute.balance_transactions.push(disputeBalanceTransaction(dispute, -1, clock.now()));
    store.disputes.set(dispute.id, dispute);
    charge.disputed = true;
    const where = this.emitContext(dispute, NO_ORIGIN);
    emitEvent(this.ctx, where, 'charge.dispute.created', dispute);
    if (!inquiry) emitEvent(this.ctx, where, 'charge.dispute.funds_withdrawn', dispute);
    settleEarlyFraudWarnings(this.ctx, charge.id, NO_ORIGIN, where.apiVersion);
    return dispute;
  }

  /**
   * `POST /v1/disputes/:id`: evidence (while the dispute awaits a response), metadata, `submit=true`
   * (→ `under_review` / `warning_under_review`). One `charge.dispute.updated` with `previous_attributes` when
   * anything changed. Submitted test evidence schedules the decision.
   */
  update(id: string, input: DisputeUpdateInput, origin: EventOrigin, apiVersion: string): Dispute {
    const dispute = this.requireDispute(id);
    const previous: Record<string, unknown> = {};
    if (input.evidence !== undefined || input.submit === true) {
      if (!OPEN.includes(dispute.status))
        throw invalidRequest(
          CLOSED.includes(dispute.status)
            ? `This dispute is already closed (status \`${dispute.status}\`); its evidence can no longer be changed.`
            : `This dispute's evidence has already been submitted (status \`${dispute.status}\`) and can no longer be changed.`,
          input.evidence !== undefined ? 'evidence' : 'submit',
        );
      const evidenceBefore: Record<string, string | null> = {};
      // The input's keys are evidence fields (DisputeUpdateInput's type): entries keep them.
      for (const [field, value] of Object.entries(input.evidence ?? {}) as [EvidenceField, string][]) {
        if (dispute.evidence[field] === value) continue;
        evidenceBefore[field] = dispute.evidence[field];
        dispute.evidence[field] = value;
      }
      if (Object.keys(evidenceBefore).length > 0) previous.evidence = evidenceBefore;
      const detailsBefore = { ...dispute.evidence_details };
      dispute.evidence_details.has_evidence = Object.values(dispute.evidence).some((v) => v !== null);
      if (input.submit === true) {
        previous.status = dispute.status;
        dispute.status = dispute.status === 'needs_response' ? 'under_review' : 'warning_under_review';
        dispute.evidence_details.submission_count += 1;
      }
      if (JSON.stringify(detailsBefore) !== JSON.stringify(dispute.evidence_details))
        previous.evidence_details = detailsBefore;
    }
    if (input.metadata !== undefined) {
      const before = mergeMetadata(dispute, input.metadata);
      if (Object.keys(before).length > 0) previous.metadata = before;
    }
    if (Object.keys(previous).length === 0) return dispute;
    emitEvent(
      this.ctx,
      this.emitContext(dispute, origin, apiVersion),
      'charge.dispute.updated',
      dispute,
      previous,
    );
    const decision =
      input.submit === true ? TEST_EVIDENCE[dispute.evidence.uncategorized_text ?? ''] : undefined;
    if (decision && (decision !== 'escalate' || dispute.status === 'warning_under_review'))
      scheduleFollowUp(this.ctx, this.ctx.settings.disputeDelaySeconds, {
        kind: 'dispute_decision',
        disputeId: dispute.id,
        outcome: decision,
      });
    return dispute;
  }

  /**
   * `POST /v1/disputes/:id/close`: the merchant accepts the dispute (a chargeback is `lost`, an inquiry
   * `warning_closed`): `charge.dispute.closed`. Only a dispute awaiting a response can be accepted.
   */
  close(id: string, origin: EventOrigin, apiVersion: string): Dispute {
    const dispute = this.requireDispute(id);
    if (!OPEN.includes(dispute.status))
      throw invalidRequest(
        CLOSED.includes(dispute.status)
          ? `This dispute is already closed (status \`${dispute.status}\`).`
          : `This dispute is under review (status \`${dispute.status}\`) and can no longer be accepted.`,
        'dispute',
      );
    return this.finish(dispute, 'lost', this.emitContext(dispute, origin, apiVersion));
  }

  /**
   * The card network's decision (the control API, or submitted test evidence): a chargeback is `won`
   * (`charge.dispute.closed` → `charge.dispute.funds_reinstated`, the amount and fee given back) or `lost`
   * (`charge.dispute.closed`); an inquiry closes as `warning_closed` either way.
   */
  resolve(id: string, outcome: 'won' | 'lost', origin: EventOrigin = NO_ORIGIN): Dispute {
    const dispute = this.requireDispute(id);
    if (CLOSED.includes(dispute.status))
      throw invalidRequest(`This dispute is already closed (status \`${dispute.status}\`).`, 'dispute');
    return this.finish(dispute, outcome, this.emitContext(dispute, origin));
  }

  /** A decision scheduled by submitted test evidence; nothing if the dispute was closed meanwhile. */
  decide(id: string, outcome: 'won' | 'lost' | 'escalate'): void {
    const dispute = this.ctx.store.disputes.get(id);
    if (!dispute || (dispute.status !== 'under_review' && dispute.status !== 'warning_under_review')) return;
    if (outcome === 'escalate') this.escalate(dispute);
    else this.finish(dispute, outcome, this.emitContext(dispute, NO_ORIGIN));
  }

  /** An inquiry becomes a chargeback: `charge.dispute.updated` → `charge.dispute.funds_withdrawn`. */
  private escalate(dispute: Dispute): void {
    const now = this.ctx.clock.now();
    const previous = {
      status: dispute.status,
      is_charge_refundable: dispute.is_charge_refundable,
      evidence_details: { ...dispute.evidence_details },
      balance_transactions: structuredClone(dispute.balance_transactions),
    };
    dispute.status = 'needs_response';
    dispute.is_charge_refundable = false;
    dispute.payment_method_details.card.case_type = 'chargeback';
    dispute.evidence_details.due_by = now + RESPONSE_DAYS * 24 * 60 * 60;
    dispute.balance_transactions.push(disputeBalanceTransaction(dispute, -1, now));
    const where = this.emitContext(dispute, NO_ORIGIN);
    emitEvent(this.ctx, where, 'charge.dispute.updated', dispute, previous);
    emitEvent(this.ctx, where, 'charge.dispute.funds_withdrawn', dispute);
  }

  private finish(dispute: Dispute, outcome: 'won' | 'lost', where: EmitContext): Dispute {
    const inquiry = dispute.status.startsWith('warning_');
    dispute.status = inquiry ? 'warning_closed' : outcome;
    const reinstated = !inquiry && outcome === 'won';
    if (reinstated)
      dispute.balance_transactions.push(disputeBalanceTransaction(dispute, 1, this.ctx.clock.now()));
    emitEvent(this.ctx, where, 'charge.dispute.closed', dispute);
    if (reinstated) emitEvent(this.ctx, where, 'charge.dispute.funds_reinstated', dispute);
    return dispute;
  }

  private emitContext(dispute: Dispute, origin: EventOrigin, apiVersion?: string): EmitContext {
    return paymentEmitContext(this.ctx, dispute.payment_intent, origin, apiVersion);
  }
}
