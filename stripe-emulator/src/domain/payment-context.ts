import type { EventPayloadObject } from '../objects/stripe-object.js';
import type { EmitOptions, EventOrigin } from '../state/event-bus.js';
import { ids } from '../core/ids.js';
import type { FollowUp, FollowUpAction, PaymentIntentRecord, SessionRecord, Store } from '../state/store.js';
import { resourceMissing } from './errors.js';

/**
 * What the emulator's timers carry: a session's expiry, the outcome of its delayed payment, or a follow-up
 * (refund outcomes, disputes, early fraud warnings: `Store.followUps`).
 */
export type TimerPayload =
  | { kind: 'expire'; sessionId: string }
  | { kind: 'settle'; sessionId: string }
  | { kind: 'follow_up'; id: string };

/** Emulator seconds between an operation and what Stripe does later about it. */
export interface FollowUpSettings {
  /** A delayed (SEPA) payment's outcome. */
  readonly delayedPaymentSeconds: number;
  /** A pending or failing refund's final status (test cards 4000 0000 0000 7726 and …5126). */
  readonly refundOutcomeSeconds: number;
  /** A test card's dispute or early fraud warning after its charge, and a dispute's decision after test evidence. */
  readonly disputeDelaySeconds: number;
}

/**
 * What the payment use cases need from the emulator, and nothing more: the objects, the clock, where events go,
 * the timers for outcomes that come later, and the settings. The composition root (`emulator-core.ts`) provides
 * it, so nothing in domain/ depends on how the emulator is assembled or served.
 */
export interface PaymentContext {
  readonly store: Store;
  readonly clock: { now(): number };
  readonly events: { emit(type: string, object: EventPayloadObject, options: EmitOptions): unknown };
  readonly timers: { push(at: number, payload: TimerPayload): void };
  readonly settings: FollowUpSettings;
  /** API version of events no request or session decides (the latest `Stripe-Version` a request sent). */
  defaultApiVersion(): string;
  /** The absolute URL of one of the emulator's pages (`/c/…`), e.g. the 3-D Secure page in `next_action`. */
  pageUrl(path: string): string;
}

/** Where an operation's events go: the session they are about, the request that caused them, the API version. */
export interface EmitContext {
  sessionId: string | null;
  origin: EventOrigin;
  apiVersion: string;
}

/** The API request behind an operation: its origin (`event.request`) and `Stripe-Version`. */
export type RequestContext = Pick<EmitContext, 'origin' | 'apiVersion'>;

export function emitEvent(
  ctx: PaymentContext,
  where: EmitContext,
  type: string,
  object: EventPayloadObject,
  previousAttributes?: Record<string, unknown>,
): void {
  ctx.events.emit(type, object, {
    sessionId: where.sessionId,
    origin: where.origin,
    apiVersion: where.apiVersion,
    ...(previousAttributes ? { previousAttributes } : {}),
  });
}

/** Schedules a follow-up `afterSeconds` from now (kept in the store, fired by the timers). */
export function scheduleFollowUp(ctx: PaymentContext, afterSeconds: number, action: FollowUpAction): void {
  const scheduled: FollowUp = {
    id: ids.followUp(),
    at: ctx.clock.now() + Math.max(0, Math.round(afterSeconds)),
    action,
  };
  ctx.store.followUps.set(scheduled.id, scheduled);
  ctx.timers.push(scheduled.at, { kind: 'follow_up', id: scheduled.id });
}

/**
 * Events about a payment (its charge, refunds, disputes, …) belong to its Checkout Session when it has one, with
 * that session's API version; otherwise to the request's version, or the latest one seen.
 */
export function paymentEmitContext(
  ctx: PaymentContext,
  intentId: string | null,
  origin: EventOrigin,
  apiVersion?: string,
): EmitContext {
  const sessionId = (intentId ? ctx.store.paymentIntents.get(intentId)?.sessionId : null) ?? null;
  const sessionRecord = sessionId ? ctx.store.sessions.get(sessionId) : undefined;
  return {
    sessionId,
    origin,
    apiVersion: sessionRecord?.apiVersion ?? apiVersion ?? ctx.defaultApiVersion(),
  };
}

/** Events about a session carry the API version of the request that created it. */
export function sessionEmitContext(record: SessionRecord, origin: EventOrigin): EmitContext {
  return { sessionId: record.session.id, origin, apiVersion: record.apiVersion };
}

export function requireSession(store: Store, sessionId: string): SessionRecord {
  const record = store.sessions.get(sessionId);
  if (!record) throw resourceMissing('checkout.session', sessionId, 'session');
  return record;
}

export function requireIntent(store: Store, intentId: string, param = 'intent'): PaymentIntentRecord {
  const record = store.paymentIntents.get(intentId);
  if (!record) throw resourceMissing('payment_intent', intentId, param);
  return record;
}
