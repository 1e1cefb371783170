import type { Clock } from '../core/clock.js';
import { ids } from '../core/ids.js';
import type { EventPayloadObject, StripeEvent } from '../objects/stripe-object.js';
import type { EventRecord, Store } from './store.js';

/** The API request (if any) that caused an event; becomes `event.request`. */
export interface EventOrigin {
  requestId: string | null;
  idempotencyKey: string | null;
}

export const NO_ORIGIN: EventOrigin = { requestId: null, idempotencyKey: null };

export interface EmitOptions {
  sessionId: string | null;
  origin: EventOrigin;
  apiVersion: string;
  /** For `*.updated` events: the changed fields' previous values (`data.previous_attributes`). */
  previousAttributes?: Record<string, unknown>;
}

/**
 * Creates events (a deep snapshot of the object at that moment, like Stripe's), stores them in creation order
 * and hands them to the listeners (the delivery queue). Listeners only schedule work, so every event of one
 * operation is stored before any of them is delivered.
 */
export class EventBus {
  private readonly listeners: ((record: EventRecord) => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly endpointCount: (type: string) => number,
  ) {}

  onEvent(listener: (record: EventRecord) => void): void {
    this.listeners.push(listener);
  }

  emit(type: string, object: EventPayloadObject, options: EmitOptions): EventRecord {
    const event: StripeEvent = {
      id: ids.event(),
      object: 'event',
      api_version: options.apiVersion,
      created: this.clock.now(),
      data: options.previousAttributes
        ? {
            object: structuredClone(object),
            previous_attributes: structuredClone(options.previousAttributes),
          }
        : { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: this.endpointCount(type),
      request: { id: options.origin.requestId, idempotency_key: options.origin.idempotencyKey },
      type,
    };
    const record: EventRecord = { event, sessionId: options.sessionId, deliveredTo: [] };
    this.store.events.set(event.id, record);
    for (const listener of this.listeners) listener(record);
    return record;
  }
}
