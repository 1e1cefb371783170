import { newRefund } from '../objects/builders.js';
import type { Charge, Metadata, Refund } from '../objects/types.js';
import type { EventOrigin } from '../state/event-bus.js';
import { invalidRequest, resourceMissing } from './errors.js';
import { formatAmount } from './money.js';
import { emitEvent, type EmitContext, type PaymentContext } from './payment-context.js';

/** `POST /v1/refunds` parameters, validated. */
export interface RefundInput {
  paymentIntent?: string;
  charge?: string;
  amount?: number;
  reason?: Refund['reason'];
  metadata?: Metadata;
}

/** Refunds of succeeded charges (whole or partial), and their metadata updates. */
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
    const refund = newRefund({
      charge,
      amount,
      created: clock.now(),
      metadata: params.metadata ?? {},
      reason: params.reason ?? null,
    });
    store.refunds.set(refund.id, refund);
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    charge.refunds.data.unshift(refund);
    const where = this.emitContext(refund, origin, apiVersion);
    emitEvent(this.ctx, where, 'refund.created', refund);
    emitEvent(this.ctx, where, 'charge.refunded', charge);
    return refund;
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
    const { store } = this.ctx;
    const refund = store.refunds.get(refundId);
    if (!refund) throw resourceMissing('refund', refundId, 'refund');
    if (metadata === undefined) return refund;
    const previous: Record<string, string | null> = {};
    const next: Metadata = { ...refund.metadata };
    for (const [key, value] of Object.entries(metadata)) {
      const before = Object.hasOwn(next, key) ? (next[key] ?? null) : null;
      if (value === '') delete next[key];
      else next[key] = value;
      const after = Object.hasOwn(next, key) ? (next[key] ?? null) : null;
      if (before !== after) previous[key] = before;
    }
    if (Object.keys(previous).length === 0) return refund;
    refund.metadata = next;
    const chargeId = typeof refund.charge === 'string' ? refund.charge : refund.charge.id;
    const charge = store.charges.get(chargeId);
    const embedded = charge?.refunds.data.findIndex((r) => r.id === refund.id) ?? -1;
    if (charge && embedded !== -1) charge.refunds.data[embedded] = refund;
    const where = this.emitContext(refund, origin, apiVersion);
    const previousAttributes = { metadata: previous };
    emitEvent(this.ctx, where, 'refund.updated', refund, previousAttributes);
    emitEvent(this.ctx, where, 'charge.refund.updated', refund, previousAttributes);
    return refund;
  }

  /** A refund's events belong to its payment's session, with the session's API version when there is one. */
  private emitContext(refund: Refund, origin: EventOrigin, apiVersion: string | undefined): EmitContext {
    const { store } = this.ctx;
    const intentId =
      typeof refund.payment_intent === 'string' ? refund.payment_intent : refund.payment_intent?.id;
    const sessionId = (intentId ? store.paymentIntents.get(intentId)?.sessionId : null) ?? null;
    const sessionRecord = sessionId ? store.sessions.get(sessionId) : undefined;
    return {
      sessionId,
      origin,
      apiVersion: sessionRecord?.apiVersion ?? apiVersion ?? this.ctx.defaultApiVersion(),
    };
  }
}
