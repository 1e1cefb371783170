import { Inject, Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import type { ErrorBody } from '../../common/errors.js';
import { CONFIG, DATABASE, LOGGER } from '../../common/tokens.js';
import type { Database } from '../../db/database.js';
import { type Located, NotPlaceableYetError, OrderLifecycle } from '../orders/order-lifecycle.service.js';
import { OrderActions } from '../orders/order-actions.service.js';
import { ordersRepository as repo } from '../orders/orders.repository.js';
import { MalformedEventError, factFromEvent } from '../orders/stripe-facts.js';
import {
  type StripeEventEnvelope,
  type StripeGateway,
  WEBHOOK_TOLERANCE_SECONDS,
} from '../stripe/stripe-gateway.js';
import { STRIPE_GATEWAY } from '../stripe/stripe.module.js';

export type WebhookReply =
  { status: 200; body: { received: true; duplicate?: true } } | { status: 400 | 500 | 503; body: ErrorBody };

type DeliveryResult = 'accepted' | 'duplicate' | 'rejected' | 'error';

interface Verdict {
  reply: WebhookReply;
  result: DeliveryResult;
  signatureOk: boolean;
  event?: StripeEventEnvelope;
  orderId?: string | null;
  /** What an unverified body says it is (shown to the admin as such, never acted on). */
  claimedEventId?: string;
  claimedEventType?: string;
  error?: string;
  supersededOpenSessionId?: string | null;
  /** The delivery's log row was written with the event's effects (same statement, same commit). */
  deliveryRecorded?: boolean;
}

const reject = (status: 400 | 500 | 503, code: string, message: string): WebhookReply => ({
  status,
  body: { error: { code, message } },
});

/**
 * Stripe's webhook (DESIGN §5): verify the signature on the raw body, then in ONE transaction record
 * the event id (the dedupe) and apply it to its order. The reply is 2xx only once the event is durably
 * recorded; any fault rolls everything back and answers 5xx, so Stripe delivers it again.
 */
@Injectable()
export class WebhookService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(STRIPE_GATEWAY) private readonly stripe: StripeGateway,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly lifecycle: OrderLifecycle,
    private readonly actions: OrderActions,
  ) {}

  async receive(rawBody: unknown, signature: string | undefined): Promise<WebhookReply> {
    const started = Date.now();
    const verdict = await this.judge(rawBody, signature, started);
    if (!verdict.deliveryRecorded) await this.recordDelivery(verdict, Date.now() - started);
    if (verdict.supersededOpenSessionId) await this.actions.expireSuperseded(verdict.supersededOpenSessionId);
    return verdict.reply;
  }

  private async judge(rawBody: unknown, signature: string | undefined, started: number): Promise<Verdict> {
    const secret = this.config.stripe.webhookSecret;
    if (!secret) {
      this.logger.error(
        'webhook refused: STRIPE_WEBHOOK_SECRET is not set, so no event can be verified (set it; Stripe will retry)',
      );
      return {
        reply: reject(503, 'webhook_not_configured', 'Webhook signing secret is not configured.'),
        result: 'rejected',
        signatureOk: false,
        error: 'webhook_not_configured',
      };
    }
    if (!signature) {
      return this.rejected('missing_signature', 'The Stripe-Signature header is missing.');
    }
    if (!Buffer.isBuffer(rawBody) || rawBody.length === 0) {
      return this.rejected('invalid_payload', 'The request body is empty.');
    }
    // Stripe's check refuses old timestamps; one from the future is as suspect (a replay prepared ahead).
    const timestamp = Number(/(?:^|,)\s*t=(\d{1,12})(?:,|$)/.exec(signature)?.[1]);
    if (Number.isFinite(timestamp) && timestamp > Date.now() / 1000 + WEBHOOK_TOLERANCE_SECONDS) {
      return this.rejected('invalid_signature', 'The signature timestamp is in the future.', rawBody);
    }
    let event: StripeEventEnvelope;
    try {
      event = this.stripe.constructEvent(rawBody, signature, secret);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
        return this.rejected('invalid_signature', `The signature does not verify: ${error.message}`, rawBody);
      }
      return { ...this.rejected('invalid_payload', 'The body is not a JSON event.'), signatureOk: true };
    }
    if (!isEnvelope(event)) {
      return { ...this.rejected('invalid_event', 'The body is not a Stripe event.'), signatureOk: true };
    }
    let routed;
    try {
      routed = factFromEvent(event);
    } catch (error) {
      if (!(error instanceof MalformedEventError)) throw error;
      return {
        ...this.rejected('invalid_event', `Malformed ${event.type} event: ${error.message}.`),
        signatureOk: true,
        event,
      };
    }

    try {
      const outcome = await this.database.db.transaction(async (tx) => {
        const row = {
          id: event.id,
          type: event.type,
          apiVersion: event.api_version,
          created: new Date(event.created * 1000),
          objectId: typeof event.data.object.id === 'string' ? event.data.object.id : null,
          payload: storable(event),
          outcome: 'ignored',
        };
        // The dedupe first; for a session's event, its order is locked in the same round trip.
        let fresh: boolean;
        let located: Located | null | undefined;
        const sessionId = routed?.routing.sessionId;
        if (sessionId) ({ fresh, located } = await repo.insertStripeEventLockingSession(tx, row, sessionId));
        else fresh = await repo.insertStripeEvent(tx, row);
        if (!fresh) return { duplicate: true as const };
        if (!routed) {
          await repo.setStripeEventOutcome(tx, event.id, 'ignored', null, 'unhandled_type');
          return { duplicate: false as const, orderId: null, superseded: null };
        }
        const result = await this.lifecycle.applyFact(
          tx,
          routed.routing,
          routed.fact,
          {
            source: 'webhook',
            kind: event.type,
            stripeEventId: event.id,
            occurredAt: new Date(event.created * 1000),
            recordIgnored: true,
            delivery: {
              eventId: event.id,
              eventType: event.type,
              signatureOk: true,
              result: 'accepted',
              httpStatus: 200,
              error: null,
              durationMs: Date.now() - started,
            },
          },
          located,
        );
        const orderId = result.outcome === 'unmatched' ? null : result.orderId;
        // A matched event's outcome was written with its effects; an unmatched one is recorded here.
        if (result.outcome === 'unmatched') {
          await repo.setStripeEventOutcome(tx, event.id, 'unmatched', null, result.note);
        }
        return {
          duplicate: false as const,
          orderId,
          superseded: result.outcome === 'unmatched' ? null : result.supersededOpenSessionId,
        };
      });
      if (outcome.duplicate) {
        return {
          reply: { status: 200, body: { received: true, duplicate: true } },
          result: 'duplicate',
          signatureOk: true,
          event,
        };
      }
      return {
        reply: { status: 200, body: { received: true } },
        result: 'accepted',
        signatureOk: true,
        event,
        orderId: outcome.orderId,
        supersededOpenSessionId: outcome.superseded,
        // An event matched to an order had its delivery logged with its effects.
        deliveryRecorded: outcome.orderId !== null,
      };
    } catch (error) {
      if (error instanceof NotPlaceableYetError) {
        this.logger.warn({ eventId: event.id, type: event.type, reason: error.message }, 'webhook deferred');
        return {
          reply: reject(
            503,
            'retry_later',
            'This event cannot be applied yet; it will be accepted on a later delivery.',
          ),
          result: 'error',
          signatureOk: true,
          event,
          error: error.message,
        };
      }
      this.logger.error(
        { err: error, eventId: event.id, type: event.type },
        'webhook failed: rolled back for a retry',
      );
      return {
        reply: reject(500, 'internal_error', 'The event could not be recorded; please retry.'),
        result: 'error',
        signatureOk: true,
        event,
        error: error instanceof Error ? error.message.slice(0, 500) : 'unknown error',
      };
    }
  }

  private rejected(code: string, message: string, rawBody?: unknown): Verdict {
    this.logger.warn({ code }, `webhook rejected: ${message}`);
    return {
      reply: reject(400, code, message),
      result: 'rejected',
      signatureOk: false,
      error: code,
      ...claimedBy(rawBody),
    };
  }

  /** Written outside the event's transaction, so rejected and failed deliveries are visible too. */
  private async recordDelivery(verdict: Verdict, durationMs: number): Promise<void> {
    try {
      await repo.insertDelivery(this.database.logDb, {
        eventId: verdict.event?.id ?? verdict.claimedEventId ?? null,
        eventType: verdict.event?.type ?? verdict.claimedEventType ?? null,
        orderId: verdict.orderId ?? null,
        signatureOk: verdict.signatureOk,
        result: verdict.result,
        httpStatus: verdict.reply.status,
        error: verdict.error ?? null,
        durationMs,
      });
    } catch (error) {
      this.logger.warn({ err: error, eventId: verdict.event?.id }, 'could not record the webhook delivery');
    }
  }
}

/** Best-effort reading of a rejected body, so the admin can see which event a bad delivery claimed to be. */
function claimedBy(rawBody: unknown): Pick<Verdict, 'claimedEventId' | 'claimedEventType' | 'orderId'> {
  if (!Buffer.isBuffer(rawBody)) return {};
  try {
    const body = JSON.parse(rawBody.toString('utf8')) as Record<string, unknown>;
    const object = (body.data as { object?: Record<string, unknown> } | undefined)?.object;
    const metadata = object?.metadata as Record<string, unknown> | undefined;
    const text = (v: unknown) => (typeof v === 'string' && v.length <= 255 ? v : undefined);
    const orderId = text(metadata?.order_id);
    return {
      ...(text(body.id) ? { claimedEventId: text(body.id) } : {}),
      ...(text(body.type) ? { claimedEventType: text(body.type) } : {}),
      ...(orderId && /^ord_[0-9A-Za-z]{10,40}$/.test(orderId) ? { orderId } : {}),
    };
  } catch {
    return {};
  }
}

function isEnvelope(value: unknown): value is StripeEventEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  const data = e.data as Record<string, unknown> | null | undefined;
  return (
    typeof e.id === 'string' &&
    /^evt_[A-Za-z0-9_]{1,250}$/.test(e.id) &&
    typeof e.type === 'string' &&
    e.type.length > 0 &&
    e.type.length <= 200 &&
    Number.isSafeInteger(e.created) &&
    (e.api_version === undefined || e.api_version === null || typeof e.api_version === 'string') &&
    typeof data === 'object' &&
    data !== null &&
    typeof data.object === 'object' &&
    data.object !== null &&
    !Array.isArray(data.object)
  );
}

/** PostgreSQL's jsonb refuses NUL characters; a verified event must still be recordable. */
function storable(event: StripeEventEnvelope): unknown {
  return JSON.parse(JSON.stringify(event).replaceAll('\\u0000', '\\ufffd')) as unknown;
}
