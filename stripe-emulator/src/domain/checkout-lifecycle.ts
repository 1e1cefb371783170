import type { CheckoutSession } from '../objects/session-types.js';
import { NO_ORIGIN, type EventOrigin } from '../state/event-bus.js';
import type { SessionRecord } from '../state/store.js';
import { markChargeFailed, markChargeSucceeded } from './charges.js';
import { invalidRequest } from './errors.js';
import {
  emitEvent,
  requireSession,
  sessionEmitContext,
  type PaymentContext,
  type TimerPayload,
} from './payment-context.js';

const SEPA_FAILURE = {
  code: 'insufficient_funds',
  message: "The customer's account has insufficient funds to cover this payment.",
};

/**
 * What happens to a Checkout Session after it was created or paid: it expires (`expires_at` reached, or the
 * expire call), or its delayed payment settles. Both are timers in emulator time, fired in time order.
 */
export class CheckoutLifecycle {
  constructor(private readonly ctx: PaymentContext) {}

  scheduleExpiry(record: SessionRecord): void {
    this.ctx.timers.push(record.expiresAtEmu, { kind: 'expire', sessionId: record.session.id });
  }

  /** Schedules again what the stored sessions wait for (after loading saved state). */
  scheduleAll(): void {
    for (const record of this.ctx.store.sessions.values()) {
      if (record.session.status === 'open') this.scheduleExpiry(record);
      if (record.pendingSettlement)
        this.ctx.timers.push(record.pendingSettlement.at, { kind: 'settle', sessionId: record.session.id });
    }
  }

  onTimer(payload: Exclude<TimerPayload, { kind: 'follow_up' }>): void {
    const record = this.ctx.store.sessions.get(payload.sessionId);
    if (!record) return;
    if (payload.kind === 'settle') {
      if (record.pendingSettlement && record.pendingSettlement.at <= this.ctx.clock.now())
        this.settle(payload.sessionId);
      return;
    }
    if (record.session.status === 'open' && record.expiresAtEmu <= this.ctx.clock.now())
      this.expire(payload.sessionId);
  }

  /** The delayed payment's outcome: succeeded, or failed (the session stays `complete`, `unpaid`). */
  settle(sessionId: string): void {
    const { store } = this.ctx;
    const record = store.sessions.get(sessionId);
    const pending = record?.pendingSettlement;
    if (!record || !pending) return;
    record.pendingSettlement = null;
    const intentId = record.session.payment_intent;
    const intent = typeof intentId === 'string' ? store.paymentIntents.get(intentId)?.intent : undefined;
    const chargeId = intent?.latest_charge;
    const charge = typeof chargeId === 'string' ? store.charges.get(chargeId) : undefined;
    if (!intent || !charge || intent.status !== 'processing') return;
    const where = sessionEmitContext(record, NO_ORIGIN);
    if (pending.outcome === 'succeed') {
      markChargeSucceeded(charge);
      emitEvent(this.ctx, where, 'charge.succeeded', charge);
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
      emitEvent(this.ctx, where, 'payment_intent.succeeded', intent);
      record.session.payment_status = 'paid';
      emitEvent(this.ctx, where, 'checkout.session.async_payment_succeeded', record.session);
      return;
    }
    const failure = pending.failure ?? SEPA_FAILURE;
    markChargeFailed(charge, failure);
    emitEvent(this.ctx, where, 'charge.failed', charge);
    const pmId = typeof intent.payment_method === 'string' ? intent.payment_method : null;
    const pm = pmId ? store.paymentMethods.get(pmId) : undefined;
    intent.status = 'requires_payment_method';
    intent.payment_method = null;
    intent.last_payment_error = {
      type: 'card_error',
      code: failure.code,
      message: failure.message,
      charge: charge.id,
      payment_method_type: 'sepa_debit',
      ...(pm ? { payment_method: structuredClone(pm) } : {}),
    };
    emitEvent(this.ctx, where, 'payment_intent.payment_failed', intent);
    emitEvent(this.ctx, where, 'checkout.session.async_payment_failed', record.session);
  }

  /** Expires an open session (API call or `expires_at` reached); cancels its payment intent if it has one. */
  expire(sessionId: string, origin: EventOrigin = NO_ORIGIN): CheckoutSession {
    const record = requireSession(this.ctx.store, sessionId);
    const { session } = record;
    if (session.status !== 'open')
      throw invalidRequest(
        `Only Checkout Sessions with a status of \`open\` can be expired. This Checkout Session has a status of \`${session.status}\`.`,
        'session',
      );
    session.status = 'expired';
    session.url = null;
    const where = sessionEmitContext(record, origin);
    emitEvent(this.ctx, where, 'checkout.session.expired', session);
    const intentId = session.payment_intent;
    const intent =
      typeof intentId === 'string' ? this.ctx.store.paymentIntents.get(intentId)?.intent : undefined;
    // Also a payment left waiting for its 3-D Secure challenge.
    record.pendingAuthentication = null;
    if (intent && (intent.status === 'requires_payment_method' || intent.status === 'requires_action')) {
      intent.status = 'canceled';
      intent.next_action = null;
      intent.canceled_at = this.ctx.clock.now();
      intent.cancellation_reason = 'automatic';
      emitEvent(this.ctx, where, 'payment_intent.canceled', intent);
    }
    return session;
  }
}
