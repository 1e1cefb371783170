import type { EventPayloadObject } from '../objects/types.js';
import type { EmitOptions, EventOrigin } from '../state/event-bus.js';
import type { PaymentIntentRecord, SessionRecord, Store } from '../state/store.js';
import { resourceMissing } from './errors.js';

/** What the emulator's timers carry: a session's expiry, or the outcome of its delayed payment. */
export type TimerPayload = { kind: 'expire'; sessionId: string } | { kind: 'settle'; sessionId: string };

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
  readonly settings: { readonly delayedPaymentSeconds: number };
  /** API version of events no request or session decides (the latest `Stripe-Version` a request sent). */
  defaultApiVersion(): string;
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
