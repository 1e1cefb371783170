import { Inject, Injectable } from '@nestjs/common';
import type { EventChannel, HistoryKind } from '@checkstand/contract';
import type { Metrics } from '../../../common/metrics.js';
import { DATABASE, METRICS } from '../../../common/tokens.js';
import type { Database } from '../../../db/database.js';
import type { DeliveryRow } from '../../orders/order-change.js';
import type { StripeEventEnvelope } from '../../stripe/stripe-gateway.js';
import { CheckoutSessions } from '../checkout/checkout-sessions.service.js';
import { HANDLED_STRIPE_EVENT_TYPES, factFromEvent } from './event-translation.js';
import { FactApplier } from './fact-applier.service.js';
import { inboxRepository as inbox } from './inbox.repository.js';

export type IngestResult =
  | { duplicate: true }
  | {
      duplicate: false;
      outcome: 'applied' | 'ignored' | 'unmatched';
      note: string;
      orderId: string | null;
    };

const isHandled = (type: string): type is HistoryKind =>
  (HANDLED_STRIPE_EVENT_TYPES as readonly string[]).includes(type);

/**
 * The inbox of authentic Stripe events (a verified webhook, or an event the sweep fetched with our key). In ONE
 * transaction it records the event id (the dedupe) and applies the event to its order; a duplicate changes
 * nothing. Any fault rolls everything back, so the event is not recorded and will come again.
 */
@Injectable()
export class EventInbox {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(METRICS) private readonly metrics: Metrics,
    private readonly applier: FactApplier,
    private readonly sessions: CheckoutSessions,
  ) {}

  /**
   * Throws `MalformedEventError` (nothing recorded) when a handled type lacks what Stripe always sends.
   * `delivery`: the webhook request carrying the event, logged with its effects when it reaches an order.
   */
  async ingest(
    event: StripeEventEnvelope,
    channel: EventChannel,
    delivery?: () => Omit<DeliveryRow, 'orderId'>,
  ): Promise<IngestResult & { deliveryRecorded: boolean }> {
    const routed = factFromEvent(event);
    const row = {
      id: event.id,
      type: event.type,
      apiVersion: event.api_version,
      created: new Date(event.created * 1000),
      objectId: typeof event.data.object.id === 'string' ? event.data.object.id : null,
      payload: storable(event),
      outcome: 'ignored',
      channel,
    };
    let sessionsToClose: string[] = [];
    const stopTimer = this.metrics.applySeconds.startTimer({ channel });
    const result = await this.applier.withVerification((verified) =>
      this.database.db.transaction(async (tx) => {
        sessionsToClose = [];
        // The dedupe first; for a session's event, its order is locked in the same round trip.
        const sessionId = routed?.routing.sessionId;
        let fresh: boolean;
        let located;
        if (sessionId) ({ fresh, located } = await inbox.insertStripeEventLockingSession(tx, row, sessionId));
        else fresh = await inbox.insertStripeEvent(tx, row);
        if (!fresh) return { duplicate: true as const, deliveryRecorded: false };
        if (!routed || !isHandled(event.type)) {
          await inbox.setOutcome(tx, event.id, 'ignored', 'unhandled_type');
          return {
            duplicate: false as const,
            outcome: 'ignored' as const,
            note: 'unhandled_type',
            orderId: null,
            deliveryRecorded: false,
          };
        }
        const applied = await this.applier.applyWithin(
          tx,
          routed.routing,
          routed.fact,
          {
            source: channel,
            kind: event.type,
            stripeEventId: event.id,
            occurredAt: new Date(event.created * 1000),
            recordIgnored: true,
            checked: false,
            ...(delivery ? { delivery: delivery() } : {}),
          },
          verified,
          sessionId ? located : undefined,
        );
        if (applied.outcome === 'unmatched') {
          await inbox.setOutcome(tx, event.id, 'unmatched', applied.note);
          return {
            duplicate: false as const,
            outcome: 'unmatched' as const,
            note: applied.note,
            orderId: null,
            deliveryRecorded: false,
          };
        }
        sessionsToClose = applied.sessionsToClose;
        return {
          duplicate: false as const,
          outcome: applied.outcome,
          note: applied.note,
          orderId: applied.orderId,
          // An event placed on an order had its delivery logged with its effects.
          deliveryRecorded: delivery !== undefined,
        };
      }),
    );
    stopTimer();
    this.metrics.stripeEvents.inc({ channel, outcome: result.duplicate ? 'duplicate' : result.outcome });
    await this.sessions.closeAll(sessionsToClose);
    return result;
  }
}

/** PostgreSQL's jsonb refuses NUL characters; an authentic event must still be recordable. */
function storable(event: StripeEventEnvelope): unknown {
  return JSON.parse(JSON.stringify(event).replaceAll('\\u0000', '\\ufffd')) as unknown;
}
