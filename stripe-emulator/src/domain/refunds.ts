import { ids } from '../core/ids.js';
import { newRefund } from '../objects/builders.js';
import type { Charge, Metadata, Refund } from '../objects/types.js';
import { NO_ORIGIN, type EventOrigin } from '../state/event-bus.js';
import { settleEarlyFraudWarnings } from './early-fraud-warnings.js';
import { invalidRequest, resourceMissing } from './errors.js';
import { mergeMetadata } from './metadata.js';
import { formatAmount } from './money.js';
import {
  emitEvent,
  paymentEmitContext,
  scheduleFollowUp,
  type EmitContext,
  type PaymentContext,
} from './payment-context.js';
import { afterPaymentOfCharge } from './post-payment.js';

/** `POST /v1/refunds` parameters, validated. */
export interface RefundInput {
  paymentIntent?: string;
  charge?: string;
  amount?: number;
  reason?: Refund['reason'];
  metadata?: Metadata;
}

/**
 * Refunds of succeeded charges (whole or partial): created `succeeded` (or `pending` for Stripe's asynchronous
 * test card), finished later when the test card says so (a follow-up: `settle`), canceled while pending, and
 * their metadata updates.
 */
export class Refunds {
  constructor(private readonly ctx: PaymentContext) {}

  /** `refund.created` → `charge.refunded`. */
  refund(params: RefundInput, origin: EventOrigin, apiVersion?: string): Refund {
    const { store, clock } = this.ctx;
    if (params.paymentIntent && params.charge)
      throw invalidRequest('You can only pass one of `charge` or `payment_intent`.', 'charge');
    let charge: Charge | undefined;
    if (params.paymentIntent) {
      const intentRecord = store.paymentIntents.get(params.paymentIntent);
      if (!intentRecord) throw resourceMissing('payment_intent', params.paymentIntent, 'payment_intent');
      const chargeId = intentRecord.intent.latest_charge;
      charge = typeof chargeId === 'string' ? store.charges.get(chargeId) : undefined;
      if (!charge || intentRecord.intent.status !== 'succeeded')
        throw invalidRequest(
          `This PaymentIntent (${params.paymentIntent}) does not have a successful charge to refund.`,
          'payment_intent',
          'charge_not_refundable',
        );
    } else if (params.charge) {
      charge = store.charges.get(params.charge);
      if (!charge) throw resourceMissing('charge', params.charge, 'charge');
      if (charge.status !== 'succeeded')
        throw invalidRequest(
          `Charge ${charge.id} has a status of \`${charge.status}\` and cannot be refunded.`,
          'charge',
          'charge_not_refundable',
        );
    } else {
      throw invalidRequest('One of `charge` or `payment_intent` is required.', 'charge', 'parameter_missing');
    }
    const chargeback = [...store.disputes.values()].find(
      (d) => d.charge === charge.id && !d.is_charge_refundable && d.status !== 'won',
    );
    if (chargeback)
      throw invalidRequest(
        `Charge ${charge.id} has been charged back; cannot issue a refund.`,
        undefined,
        'charge_disputed',
      );
    const remaining = charge.amount - charge.amount_refunded;
    if (remaining <= 0)
      throw invalidRequest(
        `Charge ${charge.id} has already been refunded.`,
        undefined,
        'charge_already_refunded',
      );
    const amount = params.amount ?? remaining;
    if (amount > remaining)
      throw invalidRequest(
        `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
        'amount',
        'amount_too_large',
      );
    // Stripe's test cards for asynchronous refunds: 7726 refunds stay `pending`, then succeed; 5126 refunds
    // look `succeeded`, then fail (https://docs.stripe.com/testing#refunds).
    const after = afterPaymentOfCharge(charge);
    const refund = newRefund({
      charge,
      amount,
      created: clock.now(),
      metadata: params.metadata ?? {},
      reason: params.reason ?? null,
      status: after === 'refund_pending' ? 'pending' : 'succeeded',
    });
    store.refunds.set(refund.id, refund);
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    charge.refunds.data.unshift(refund);
    const where = this.emitContext(refund, origin, apiVersion);
    emitEvent(this.ctx, where, 'refund.created', refund);
    emitEvent(this.ctx, where, 'charge.refunded', charge);
    // Stripe: a warning is actionable until the charge is fully refunded (or disputed).
    if (charge.refunded) settleEarlyFraudWarnings(this.ctx, charge.id, origin, where.apiVersion);
    const delay = this.ctx.settings.refundOutcomeSeconds;
    if (after === 'refund_pending')
      scheduleFollowUp(this.ctx, delay, {
        kind: 'refund_outcome',
        refundId: refund.id,
        outcome: 'succeeded',
      });
    else if (after === 'refund_fails')
      scheduleFollowUp(this.ctx, delay, { kind: 'refund_outcome', refundId: refund.id, outcome: 'failed' });
    return refund;
  }

  /**
   * A refund's final outcome, some time after it was created (a follow-up): a pending refund succeeds
   * (`refund.updated` → `charge.refund.updated`), or a refund fails (`refund.updated` → `charge.refund.updated` →
   * `refund.failed`) and the charge's `amount_refunded` goes back down. A refund canceled meanwhile stays so.
   */
  settle(refundId: string, outcome: 'succeeded' | 'failed'): void {
    const refund = this.ctx.store.refunds.get(refundId);
    if (!refund || (refund.status !== 'pending' && refund.status !== 'succeeded')) return;
    if (refund.status === outcome) return;
    const previous = { status: refund.status };
    const charge = this.chargeOf(refund);
    refund.status = outcome;
    if (outcome === 'failed') {
      refund.failure_reason = 'expired_or_canceled_card';
      refund.failure_balance_transaction = ids.balanceTransaction();
      if (charge) giveBack(charge, refund.amount);
    }
    if (charge) syncEmbedded(charge, refund);
    const where = this.emitContext(refund, NO_ORIGIN, undefined);
    emitEvent(this.ctx, where, 'refund.updated', refund, previous);
    emitEvent(this.ctx, where, 'charge.refund.updated', refund, previous);
    if (outcome === 'failed') emitEvent(this.ctx, where, 'refund.failed', refund);
  }

  /**
   * `POST /v1/refunds/:id/cancel`: a refund that has not completed (`pending`, or `requires_action`, which the
   * emulator never produces) becomes `canceled` and its amount is no longer refunded; any other is refused.
   */
  cancelRefund(refundId: string, origin: EventOrigin, apiVersion: string): Refund {
    const refund = this.requireRefund(refundId);
    if (refund.status !== 'pending' && refund.status !== 'requires_action')
      throw invalidRequest(
        `You cannot cancel this refund because it has a status of ${refund.status}. Only a refund with a status of pending or requires_action may be canceled.`,
        'refund',
      );
    const previous = { status: refund.status };
    refund.status = 'canceled';
    const charge = this.chargeOf(refund);
    if (charge) {
      giveBack(charge, refund.amount);
      syncEmbedded(charge, refund);
    }
    const where = this.emitContext(refund, origin, apiVersion);
    emitEvent(this.ctx, where, 'refund.updated', refund, previous);
    emitEvent(this.ctx, where, 'charge.refund.updated', refund, previous);
    return refund;
  }

  requireRefund(refundId: string): Refund {
    const refund = this.ctx.store.refunds.get(refundId);
    if (!refund) throw resourceMissing('refund', refundId, 'refund');
    return refund;
  }

  private chargeOf(refund: Refund): Charge | undefined {
    return this.ctx.store.charges.get(typeof refund.charge === 'string' ? refund.charge : refund.charge.id);
  }

  /**
   * `POST /v1/refunds/:id`: merges `metadata` (an empty value removes a key). A change emits `refund.updated`
   * and the older `charge.refund.updated`, with `previous_attributes`.
   */
  updateRefund(
    refundId: string,
    metadata: Metadata | undefined,
    origin: EventOrigin,
    apiVersion: string,
  ): Refund {
    const refund = this.requireRefund(refundId);
    if (metadata === undefined) return refund;
    const previous = mergeMetadata(refund, metadata);
    if (Object.keys(previous).length === 0) return refund;
    const charge = this.chargeOf(refund);
    if (charge) syncEmbedded(charge, refund);
    const where = this.emitContext(refund, origin, apiVersion);
    const previousAttributes = { metadata: previous };
    emitEvent(this.ctx, where, 'refund.updated', refund, previousAttributes);
    emitEvent(this.ctx, where, 'charge.refund.updated', refund, previousAttributes);
    return refund;
  }

  /** A refund's events belong to its payment's session, with the session's API version when there is one. */
  private emitContext(refund: Refund, origin: EventOrigin, apiVersion: string | undefined): EmitContext {
    const intentId =
      typeof refund.payment_intent === 'string' ? refund.payment_intent : (refund.payment_intent?.id ?? null);
    return paymentEmitContext(this.ctx, intentId, origin, apiVersion);
  }
}

/** The charge's embedded refund list shows the refund as it is now. */
function syncEmbedded(charge: Charge, refund: Refund): void {
  const index = charge.refunds.data.findIndex((r) => r.id === refund.id);
  if (index !== -1) charge.refunds.data[index] = refund;
}

/** A refund that will not happen (failed, canceled): its amount is the charge's again. */
function giveBack(charge: Charge, amount: number): void {
  charge.amount_refunded = Math.max(0, charge.amount_refunded - amount);
  charge.refunded = charge.amount_refunded >= charge.amount && charge.amount_refunded > 0;
}
