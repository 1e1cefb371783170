import { Inject, Injectable } from '@nestjs/common';
import type { HistoryKind, HistorySource } from '@checkstand/contract';
import type { Logger } from 'pino';
import { DATABASE, LOGGER } from '../../../common/tokens.js';
import type { Database, Tx } from '../../../db/database.js';
import type { CheckoutAttemptRow, OrderChargesJson, OrderRow, SessionCharges } from '../../../db/schema.js';
import {
  type AttemptSnapshot,
  type Decision,
  type OrderSnapshot,
  decide,
} from '../../orders/order-decision.js';
import { approvedChargedAmount } from '../../orders/decision-types.js';
import { moneyFor } from '../../orders/money-snapshot.js';
import { type OrderStatus, isOrderStatus } from '../../orders/order-state-machine.js';
import type { DeliveryRow, OrderChange } from '../../orders/order-change.js';
import { writeChange } from '../../orders/order-writer.js';
import { ordersRepository as orders } from '../../orders/orders.repository.js';
import type { PaymentFact } from '../../orders/payment-fact.js';
import { type SessionSnapshot, type StripeGateway, StripeRequestError } from '../../stripe/stripe-gateway.js';
import { STRIPE_GATEWAY } from '../../stripe/stripe.module.js';
import { CheckoutSessions } from '../checkout/checkout-sessions.service.js';
import {
  type Attribution,
  type Located,
  type Verification,
  type Verified,
  attemptKey,
  attribute,
  noneVerified,
} from './attribution.js';
import { type FactRouting, claimsOf, factFromSession } from './event-translation.js';

export interface ApplyContext {
  source: HistorySource;
  /** The history's `kind`: the Stripe event type, or what read the fact (`session_synced`…). */
  kind: HistoryKind;
  stripeEventId?: string;
  /** When Stripe says it happened (the event's `created`): a payment's `received_at`, the order's `paid_at`. */
  occurredAt: Date;
  /** Events record every fact in the history; read-backs record only what changed something. */
  recordIgnored: boolean;
  /** The fact is the session's state as Stripe answered it just now (stamps the watch list's check). */
  checked: boolean;
  /** The webhook delivery carrying the fact: logged in the same statement as its effects. */
  delivery?: Omit<DeliveryRow, 'orderId'>;
}

export type ApplyResult =
  | { outcome: 'unmatched'; note: string }
  | {
      outcome: 'applied' | 'ignored';
      note: string;
      orderId: string;
      from: OrderStatus;
      to: OrderStatus;
      order: OrderRow;
      /** Open sessions of the order that must no longer be payable (a payment settled it elsewhere). */
      sessionsToClose: string[];
    };

/**
 * A fact provably about an order that cannot be placed yet (a refund reported before its payment): thrown
 * inside the transaction, which rolls back, so nothing is recorded and the event comes again.
 */
export class NotPlaceableYetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotPlaceableYetError';
  }
}

/** Stripe must be asked before the fact can be placed: thrown inside the transaction, which rolls back. */
export class NeedsVerification extends Error {
  constructor(readonly verification: Verification) {
    super(`needs verification: ${verification.kind}`);
    this.name = 'NeedsVerification';
  }
}

export function snapshotOf(order: OrderRow): OrderSnapshot {
  if (!isOrderStatus(order.status)) throw new Error(`order ${order.id} has unknown status ${order.status}`);
  return {
    status: order.status,
    expectedAmount: order.totalAmount,
    chargedAmount: approvedChargedAmount(order),
    currency: order.currency,
    currentAttemptNo: order.currentAttemptNo,
    paymentIntentId: order.paymentIntentId,
    amountReceived: order.amountReceived,
    amountRefunded: order.amountRefunded,
    flags: order.flags,
    // The table's check constraint admits only the contract's statuses.
    fulfilmentStatus: order.fulfilmentStatus as OrderSnapshot['fulfilmentStatus'],
  };
}

export function attemptSnapshotOf(attempt: CheckoutAttemptRow): AttemptSnapshot {
  return {
    attemptNo: attempt.attemptNo,
    status: attempt.status as AttemptSnapshot['status'],
    outcome: attempt.outcome as AttemptSnapshot['outcome'],
    paymentStatus: attempt.paymentStatus,
    paymentIntentId: attempt.paymentIntentId,
  };
}

/**
 * The one place a Stripe fact meets an order: attribution, then the pure decision, then the writer. Webhooks,
 * the events sweep, the success-page sync, the admin's sync and the watch list all come through here.
 */
@Injectable()
export class FactApplier {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(STRIPE_GATEWAY) private readonly stripe: StripeGateway,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly sessions: CheckoutSessions,
  ) {}

  /** Applies a fact in a transaction of its own, asking Stripe first when attribution needs it. */
  async apply(routing: FactRouting, fact: PaymentFact, ctx: ApplyContext): Promise<ApplyResult> {
    return this.withVerification((verified) =>
      this.database.db.transaction((tx) => this.applyWithin(tx, routing, fact, ctx, verified)),
    );
  }

  /**
   * Runs `attempt` (a transaction that may throw `NeedsVerification`) until it needs nothing more from Stripe:
   * each verification is done once, outside any transaction, then the whole attempt runs again.
   */
  async withVerification<T>(attempt: (verified: Verified) => Promise<T>): Promise<T> {
    const verified = noneVerified();
    for (let round = 0; ; round += 1) {
      try {
        return await attempt(verified);
      } catch (error) {
        if (!(error instanceof NeedsVerification) || round >= 3) throw error;
        await this.verify(error.verification, verified);
      }
    }
  }

  /**
   * Inside the caller's transaction: attributes, decides and writes. `preLocked`: the order the caller already
   * found and locked by the fact's session (null when the session is not recorded).
   */
  async applyWithin(
    tx: Tx,
    routing: FactRouting,
    fact: PaymentFact,
    ctx: ApplyContext,
    verified: Verified,
    preLocked?: Located | null,
  ): Promise<ApplyResult> {
    const attribution: Attribution = await attribute(tx, routing, verified, preLocked);
    if (attribution.kind === 'verify') throw new NeedsVerification(attribution.verification);
    if (attribution.kind === 'unmatched') return { outcome: 'unmatched', note: attribution.note };
    const { order, attempt } = attribution;
    if (fact.kind === 'refunds_reported' && fact.refunds === null && fact.paymentIntentId) {
      // The event did not list the charge's refunds: Stripe's list of the payment's refunds is read (once,
      // outside the transaction) and stands for the event.
      const listed = verified.refundLists.get(fact.paymentIntentId);
      if (!listed) {
        throw new NeedsVerification({ kind: 'list_refunds', paymentIntentId: fact.paymentIntentId });
      }
      fact = { ...fact, refunds: listed };
    }
    if ((fact.kind === 'checkout_completed' || fact.kind === 'async_payment_succeeded') && fact.charges) {
      fact = {
        ...fact,
        charged: chargedOf(fact.charges, fact.currency ?? order.currency, attempt, verified),
      };
    }
    const snapshot = snapshotOf(order);
    const money = await moneyFor(tx, order, fact);
    const decision = decide(snapshot, attempt ? attemptSnapshotOf(attempt) : null, money, fact);
    if (decision.outcome === 'deferred') {
      throw new NotPlaceableYetError(`order ${order.id}: ${decision.note}`);
    }
    const updated = await writeChange(tx, order, changeFor(order, attempt, fact, decision, ctx));
    const applied = decision.outcome === 'applied';

    let sessionsToClose: string[] = [];
    if (applied && decision.newPayment && attempt && attempt.attemptNo !== order.currentAttemptNo) {
      const current = await orders.findAttempt(tx, order.id, order.currentAttemptNo);
      if (current?.sessionId && current.status === 'open') sessionsToClose = [current.sessionId];
    }
    if (decision.note === 'duplicate_payment' || decision.note === 'payment_mismatch') {
      this.logger.warn(
        { orderId: order.id, paymentIntentId: decision.newPayment?.paymentIntentId, note: decision.note },
        'money arrived that must be refunded',
      );
    }
    if (
      applied &&
      (decision.note === 'refund_failed' || decision.afterFulfilment || decision.note === 'dispute_opened')
    ) {
      this.logger.warn(
        { orderId: order.id, note: decision.note, afterFulfilment: decision.afterFulfilment ?? false },
        'the order needs the owner: a refund failed, or a dispute or fraud warning arrived',
      );
    }
    return {
      outcome: applied ? 'applied' : 'ignored',
      note: decision.note,
      orderId: order.id,
      from: snapshot.status,
      to: updated.status as OrderStatus,
      order: updated,
      sessionsToClose,
    };
  }

  /**
   * Applies what a session read back from Stripe says now (success page, admin sync, the watch list), stamping
   * the watch list's check, then closes the sessions the result says must no longer be payable. Resolves null
   * when the session has nothing new to tell (an open session nobody tried to pay).
   */
  async applySession(session: SessionSnapshot, source: HistorySource): Promise<ApplyResult | null> {
    const fact = factFromSession(session);
    if (!fact) {
      await orders.stampCheckBySession(this.database.db, session.id);
      return null;
    }
    const result = await this.apply(
      {
        sessionId: session.id,
        paymentIntentId: session.paymentIntentId,
        claimedOrderId: null,
        claimedAttemptNo: null,
      },
      fact,
      {
        source,
        kind: source === 'reconcile' ? 'session_reconciled' : 'session_synced',
        occurredAt: new Date(),
        recordIgnored: false,
        checked: true,
      },
    );
    if (result.outcome !== 'unmatched') await this.sessions.closeAll(result.sessionsToClose);
    return result;
  }

  /** Asks Stripe what attribution needs to know (outside any transaction). */
  private async verify(verification: Verification, verified: Verified): Promise<void> {
    if (verification.kind === 'read_promotion_code') {
      const code = await this.stripe
        .retrievePromotionCode(verification.promotionCodeId)
        .catch((error: unknown) => {
          if (isNotFound(error)) return null;
          throw error;
        });
      // A code deleted since is still named, by its id.
      verified.promotionCodes.set(verification.promotionCodeId, code?.code ?? verification.promotionCodeId);
      return;
    }
    if (verification.kind === 'list_refunds') {
      const refunds = await this.stripe.listRefunds(verification.paymentIntentId);
      verified.refundLists.set(
        verification.paymentIntentId,
        refunds.map((r) => ({ ...r, paymentIntentId: r.paymentIntentId ?? verification.paymentIntentId })),
      );
      return;
    }
    if (verification.kind === 'read_payment_intent') {
      const metadata = await this.stripe
        .retrievePaymentIntentMetadata(verification.paymentIntentId)
        .catch((error: unknown) => {
          if (isNotFound(error)) return {};
          throw error;
        });
      const claims = claimsOf(metadata);
      verified.intentClaims.set(
        verification.paymentIntentId,
        claims.claimedOrderId && claims.claimedAttemptNo !== null
          ? { orderId: claims.claimedOrderId, attemptNo: claims.claimedAttemptNo }
          : null,
      );
      return;
    }
    const { orderId, attemptNo } = verification;
    if (verification.kind === 'recover_session') {
      // Replaying the creation with the attempt's idempotency key returns the session Stripe made for our
      // request, if it made one; the session then becomes recorded (and, if no longer wanted, expired).
      verified.recovered.add(attemptKey(orderId, attemptNo));
      const order = await orders.findOrder(this.database.db, orderId);
      const attempt = order ? await orders.findAttempt(this.database.db, orderId, attemptNo) : null;
      if (!order || !attempt || attempt.sessionId) return;
      await this.sessions.recover(order, attempt, 'reconcile');
      return;
    }
    const session = await this.stripe
      .retrieveCheckoutSession(verification.sessionId)
      .catch((error: unknown) => {
        if (isNotFound(error)) return null;
        throw error;
      });
    const belongs = session?.paymentIntentId === verification.paymentIntentId;
    verified.paymentIntents.set(verification.paymentIntentId, belongs);
    if (!belongs) return;
    await this.database.db.transaction(async (tx) => {
      const located = await orders.lockOrderWithAttempt(tx, orderId, attemptNo);
      if (!located || located.attempt.paymentIntentId) return;
      await writeChange(tx, located.order, {
        attempt: { row: located.attempt, patch: { paymentIntentId: verification.paymentIntentId } },
        history: null,
      });
    });
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof StripeRequestError && error.statusCode === 404;
}

/** What a decision writes: the change the one writer persists (pure, so the property tests replay it too). */
export function changeFor(
  order: OrderRow,
  attempt: CheckoutAttemptRow | null,
  fact: PaymentFact,
  decision: Decision,
  ctx: ApplyContext,
): OrderChange {
  const outcome = decision.outcome;
  if (outcome === 'deferred') throw new Error('a deferred decision writes nothing');
  const applied = outcome === 'applied';
  return {
    ...(applied && decision.trigger ? { trigger: decision.trigger } : {}),
    ...(applied && decision.statusReason !== undefined ? { statusReason: decision.statusReason } : {}),
    order: applied ? orderFields(order, decision, ctx) : {},
    attempt:
      attempt && (decision.attempt || ctx.checked)
        ? { row: attempt, patch: decision.attempt ?? {}, checked: ctx.checked }
        : null,
    newPayment:
      applied && decision.newPayment
        ? {
            ...decision.newPayment,
            orderId: order.id,
            attemptNo: attempt?.attemptNo ?? null,
            sessionId: attempt?.sessionId ?? null,
            receivedAt: ctx.occurredAt,
          }
        : null,
    paymentRefunded: applied ? (decision.paymentRefunded ?? null) : null,
    refunds: applied && decision.refunds ? decision.refunds.map((r) => ({ ...r, orderId: order.id })) : null,
    dispute: applied && decision.dispute ? { ...decision.dispute, orderId: order.id } : null,
    fraudWarning: applied && decision.fraudWarning ? { ...decision.fraudWarning, orderId: order.id } : null,
    history:
      applied || ctx.recordIgnored
        ? {
            source: ctx.source,
            kind: ctx.kind,
            outcome,
            stripeEventId: ctx.stripeEventId ?? null,
            detail: detailOf(fact, decision, attempt?.attemptNo ?? null),
          }
        : null,
    stripeEvent: ctx.stripeEventId ? { id: ctx.stripeEventId, outcome, note: decision.note } : null,
    delivery: ctx.delivery ? { ...ctx.delivery, orderId: order.id } : null,
  };
}

function orderFields(order: OrderRow, decision: Decision, ctx: ApplyContext): OrderChange['order'] {
  const fields: NonNullable<OrderChange['order']> = {};
  if (decision.primary) {
    fields.amountReceived = decision.primary.amount;
    fields.paymentIntentId = decision.primary.paymentIntentId;
    fields.amountRefunded = decision.primary.amountRefunded;
    fields.paidAt = ctx.occurredAt;
    fields.charges = decision.primary.charges;
    fields.contact = decision.primary.contact;
    fields.shippingCountry = decision.primary.contact?.shipping?.address.country ?? null;
    if (!order.customerEmail && decision.primary.customerEmail) {
      fields.customerEmail = decision.primary.customerEmail;
    }
  }
  if (decision.amountRefunded !== undefined) fields.amountRefunded = decision.amountRefunded;
  if (decision.flags) fields.flags = decision.flags;
  return fields;
}

function detailOf(fact: PaymentFact, decision: Decision, attemptNo: number | null): Record<string, unknown> {
  const detail: Record<string, unknown> = { note: decision.note, fact: fact.kind };
  if (attemptNo !== null) detail.attemptNo = attemptNo;
  if ('sessionId' in fact) detail.sessionId = fact.sessionId;
  if ('paymentIntentId' in fact && fact.paymentIntentId) detail.paymentIntentId = fact.paymentIntentId;
  if (fact.kind === 'payment_failed') {
    detail.declineCode = fact.declineCode;
    detail.code = fact.code;
    detail.message = fact.message;
  }
  if (fact.kind === 'checkout_completed') detail.paymentStatus = fact.paymentStatus;
  if (fact.kind === 'refunds_reported') {
    if (fact.chargeId) detail.chargeId = fact.chargeId;
    const refunds = decision.refunds ?? fact.refunds ?? [];
    detail.refunds = refunds.map((r) => ({
      id: r.id,
      amount: r.amount,
      status: r.status,
      reason: r.reason,
      failureReason: r.failureReason,
      ...(r.requestedBy ? { requestedBy: r.requestedBy } : {}),
    }));
    if (decision.paymentRefunded) detail.amountRefunded = decision.paymentRefunded.amountRefunded;
  }
  if (fact.kind === 'dispute_reported') {
    const dispute = decision.dispute;
    detail.disputeId = fact.id;
    detail.status = dispute?.status ?? fact.status;
    detail.reason = fact.reason;
    detail.amount = fact.amount;
    detail.evidenceDueBy = (dispute?.evidenceDueBy ?? fact.evidenceDueBy)?.toISOString() ?? null;
    detail.amountWithdrawn = dispute?.amountWithdrawn ?? fact.amountWithdrawn;
    detail.amountReinstated = dispute?.amountReinstated ?? fact.amountReinstated;
  }
  if (fact.kind === 'fraud_warning_reported') {
    detail.warningId = fact.id;
    detail.fraudType = fact.fraudType;
    detail.actionable = decision.fraudWarning?.actionable ?? fact.actionable;
  }
  if (decision.afterFulfilment) detail.afterFulfilment = true;
  if (decision.primary?.charges) detail.charges = decision.primary.charges;
  if (decision.newPayment) {
    detail.amountReceived = decision.newPayment.amount;
    detail.currency = decision.newPayment.currency;
  }
  if (decision.flags) detail.flags = decision.flags;
  return detail;
}

/**
 * A session's figures as the order's breakdown: the shipping method by its name in the attempt's plan (the
 * session names the option only by position among those offered), whether prices included tax (the plan), and
 * the code the customer typed (read from Stripe once: the session names only its id).
 */
function chargedOf(
  charges: SessionCharges,
  currency: string,
  attempt: CheckoutAttemptRow | null,
  verified: Verified,
): OrderChargesJson {
  let promotionCode: string | null = null;
  if (charges.promotionCodeId) {
    const known = verified.promotionCodes.get(charges.promotionCodeId);
    if (known === undefined) {
      throw new NeedsVerification({ kind: 'read_promotion_code', promotionCodeId: charges.promotionCodeId });
    }
    promotionCode = known;
  }
  const options = attempt?.plan.shippingOptions ?? [];
  return {
    currency,
    subtotal: charges.subtotal,
    discount: charges.discount,
    shipping: charges.shipping,
    tax: charges.tax,
    total: charges.total,
    taxIncluded: attempt?.plan.tax?.inclusive ?? false,
    promotionCode,
    shippingMethod:
      charges.shippingOptionIndex !== null ? (options[charges.shippingOptionIndex]?.name ?? null) : null,
  };
}
