import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DATABASE, LOGGER } from '../../common/tokens.js';
import type { Database, Tx } from '../../db/database.js';
import type { CheckoutAttemptRow, OrderRow } from '../../db/schema.js';
import type { AttemptStatus, Decision, OrderSnapshot, PaymentFact } from './payment-facts.js';
import { decide } from './payment-facts.js';
import { type OrderStatus, isOrderStatus } from './order-state-machine.js';
import {
  type AttemptPatch,
  type DeliveryRow,
  type OrderEventSource,
  type OrderPatch,
  ordersRepository as repo,
} from './orders.repository.js';
import type { FactRouting } from './stripe-facts.js';

export interface ApplyContext {
  source: OrderEventSource;
  /** The history's `kind`: the Stripe event type, or what read the fact (`session_synced`…). */
  kind: string;
  stripeEventId?: string;
  /** When Stripe says it happened (the event's `created`), used as `paid_at`. */
  occurredAt: Date;
  /** Webhooks record every event in the history; syncs record only what changed something. */
  recordIgnored: boolean;
  /** The webhook delivery carrying the fact: logged in the same statement as the fact's effects. */
  delivery?: Omit<DeliveryRow, 'orderId'>;
}

/** An order already found and locked by the caller (with the attempt the fact is about). */
export type Located = { order: OrderRow; attempt: CheckoutAttemptRow | null };

export type ApplyResult =
  | { outcome: 'unmatched'; note: string }
  | {
      outcome: 'applied' | 'ignored';
      note: string;
      orderId: string;
      from: OrderStatus;
      to: OrderStatus;
      order: OrderRow;
      /** The open session of the current attempt, when a payment on another attempt settled the order. */
      supersededOpenSessionId: string | null;
    };

/** An event about one of our orders that cannot be placed yet: the caller answers 5xx so Stripe retries. */
export class NotPlaceableYetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotPlaceableYetError';
  }
}

const ATTEMPT_RANK: Record<AttemptStatus, number> = {
  creating: 0,
  open: 1,
  abandoned: 2,
  expired: 3,
  complete: 3,
};

/** An attempt's status only moves forward: a late "expired" never undoes "complete", and vice versa. */
function nextAttemptStatus(current: string, proposed: AttemptStatus | undefined): AttemptStatus | undefined {
  if (!proposed || proposed === current) return undefined;
  const rank = ATTEMPT_RANK[current as AttemptStatus] ?? 0;
  return ATTEMPT_RANK[proposed] > rank ? proposed : undefined;
}

export function snapshotOf(order: OrderRow): OrderSnapshot {
  if (!isOrderStatus(order.status)) throw new Error(`order ${order.id} has unknown status ${order.status}`);
  return {
    status: order.status,
    totalAmount: order.totalAmount,
    currency: order.currency,
    currentAttemptNo: order.currentAttemptNo,
    paymentIntentId: order.paymentIntentId,
    amountReceived: order.amountReceived,
    amountRefunded: order.amountRefunded,
    flags: order.flags,
  };
}

/**
 * The one place a Stripe fact meets an order (STYLE §3). The webhook, the success-page sync, the
 * admin's sync and the reconciler all call `applyFact` inside their own transaction.
 */
@Injectable()
export class OrderLifecycle {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Applies a fact in a transaction of its own. */
  applyFactNow(routing: FactRouting, fact: PaymentFact, ctx: ApplyContext): Promise<ApplyResult> {
    return this.database.db.transaction((tx) => this.applyFact(tx, routing, fact, ctx));
  }

  /**
   * Finds and locks the order a fact is about, with the attempt it concerns. The common case, a session
   * we know, is one round trip; otherwise the order is found by metadata or payment intent, then locked
   * before any of its child rows is read.
   */
  private async locate(
    tx: Tx,
    routing: FactRouting,
    sessionLookedUp = false,
  ): Promise<Located | { unmatched: string }> {
    if (routing.sessionId && !sessionLookedUp) {
      const known = await repo.lockOrderBySession(tx, routing.sessionId);
      if (known) return known;
    }
    let orderId = routing.orderId;
    if (!orderId && routing.paymentIntentId) {
      orderId = await repo.findOrderIdByPaymentIntent(tx, routing.paymentIntentId);
    }
    if (!orderId) return { unmatched: 'no_order_reference' };
    const order = await repo.lockOrder(tx, orderId);
    if (!order) return { unmatched: 'unknown_order' };
    let attemptNo = routing.attemptNo;
    if (attemptNo === null && routing.paymentIntentId) {
      attemptNo =
        (await repo.findAttemptByPaymentIntent(tx, order.id, routing.paymentIntentId))?.attemptNo ?? null;
    }
    if (attemptNo === null) return { order, attempt: null };
    const attempt = await repo.findAttempt(tx, order.id, attemptNo);
    if (!attempt)
      throw new NotPlaceableYetError(`order ${order.id} has no checkout attempt ${attemptNo} yet`);
    return { order, attempt };
  }

  /**
   * `lockedBySession`: the caller already looked `routing.sessionId` up and locked its order (the
   * webhook claims the event and locks its order in one round trip); null when no order has that
   * session, so only the other routes are tried here. Absent: the whole lookup happens here.
   */
  async applyFact(
    tx: Tx,
    routing: FactRouting,
    fact: PaymentFact,
    ctx: ApplyContext,
    lockedBySession?: Located | null,
  ): Promise<ApplyResult> {
    const located = lockedBySession ?? (await this.locate(tx, routing, lockedBySession === null));
    if ('unmatched' in located) return { outcome: 'unmatched', note: located.unmatched };
    const { order, attempt } = located;
    const attemptNo = attempt?.attemptNo ?? null;

    const from = snapshotOf(order).status;
    const sessionMismatch =
      attempt?.sessionId && routing.sessionId && attempt.sessionId !== routing.sessionId ? true : false;
    const decision: Decision = sessionMismatch
      ? { outcome: 'ignored', note: 'session_mismatch' }
      : decide(snapshotOf(order), fact, attemptNo);

    // The attempt follows its session whatever the order does.
    let attemptPatch: AttemptPatch | null = null;
    if (attempt && !sessionMismatch) {
      const patch: AttemptPatch = {};
      // Stripe spoke about this session before our create call returned: we learn its id here.
      if (!attempt.sessionId && routing.sessionId) patch.sessionId = routing.sessionId;
      const status = nextAttemptStatus(patch.sessionId ? 'open' : attempt.status, decision.attempt?.status);
      if (status) patch.status = status;
      else if (patch.sessionId && attempt.status === 'creating') patch.status = 'open';
      if (decision.attempt?.paymentStatus && decision.attempt.paymentStatus !== attempt.paymentStatus) {
        patch.paymentStatus = decision.attempt.paymentStatus;
      }
      if (decision.attempt?.paymentIntentId && !attempt.paymentIntentId) {
        patch.paymentIntentId = decision.attempt.paymentIntentId;
      }
      if (Object.keys(patch).length > 0) attemptPatch = patch;
    }

    const orderPatch: OrderPatch = {};
    if (attempt && !attempt.sessionId && routing.sessionId && attempt.attemptNo === order.currentAttemptNo) {
      orderPatch.currentSessionId = routing.sessionId;
    }
    if (decision.outcome === 'applied') {
      if (decision.to) orderPatch.status = decision.to;
      if (decision.statusReason !== undefined) orderPatch.statusReason = decision.statusReason;
      if (decision.payment) {
        orderPatch.amountReceived = decision.payment.amountReceived;
        orderPatch.paymentIntentId = decision.payment.paymentIntentId;
        orderPatch.paidAt = ctx.occurredAt;
        if (!order.customerEmail && decision.payment.customerEmail) {
          orderPatch.customerEmail = decision.payment.customerEmail;
        }
      }
      if (decision.addFlags?.length) orderPatch.flags = [...new Set([...order.flags, ...decision.addFlags])];
      if (decision.amountRefunded !== undefined) orderPatch.amountRefunded = decision.amountRefunded;
    }
    const to: OrderStatus = decision.outcome === 'applied' && decision.to ? decision.to : from;
    // Every write of the decision (attempt, order, history, the event's outcome) in one statement.
    const updated = await repo.persistEffects(tx, order, {
      attempt: attemptPatch && attempt ? { attemptNo: attempt.attemptNo, patch: attemptPatch } : null,
      order: Object.keys(orderPatch).length > 0 ? orderPatch : null,
      history:
        decision.outcome === 'applied' || ctx.recordIgnored
          ? {
              orderId: order.id,
              source: ctx.source,
              kind: ctx.kind,
              fromStatus: from,
              toStatus: decision.outcome === 'applied' ? to : null,
              outcome: decision.outcome,
              stripeEventId: ctx.stripeEventId ?? null,
              detail: detailOf(fact, decision, attemptNo),
            }
          : null,
      stripeEvent: ctx.stripeEventId
        ? { id: ctx.stripeEventId, outcome: decision.outcome, note: decision.note }
        : null,
      delivery: ctx.delivery ? { ...ctx.delivery, orderId: order.id } : null,
    });

    let supersededOpenSessionId: string | null = null;
    if (decision.payment && attemptNo !== null && attemptNo !== order.currentAttemptNo) {
      const current = await repo.findAttempt(tx, order.id, order.currentAttemptNo);
      if (current?.sessionId && current.status === 'open') supersededOpenSessionId = current.sessionId;
    }
    if (decision.addFlags?.includes('duplicate_payment')) {
      this.logger.warn(
        { orderId: order.id, paymentIntentId: decision.attempt?.paymentIntentId },
        'duplicate payment: refund needed',
      );
    }
    return {
      outcome: decision.outcome,
      note: decision.note,
      orderId: order.id,
      from,
      to,
      order: updated,
      supersededOpenSessionId,
    };
  }
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
  if (fact.kind === 'charge_refunded') {
    detail.chargeId = fact.chargeId;
    detail.amountRefunded = fact.amountRefunded;
  }
  if (decision.payment) detail.amountReceived = decision.payment.amountReceived;
  if (decision.addFlags) detail.flagsAdded = decision.addFlags;
  return detail;
}
