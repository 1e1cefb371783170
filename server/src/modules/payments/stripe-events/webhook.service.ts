import { Inject, Injectable } from '@nestjs/common';
import type { DeliveryResult, ErrorBody, WebhookAck } from '@checkstand/contract';
import type { Logger } from 'pino';
import type { Config } from '../../../config/config.js';
import type { Metrics } from '../../../common/metrics.js';
import { CONFIG, DATABASE, LOGGER, METRICS } from '../../../common/tokens.js';
import type { Database } from '../../../db/database.js';
import {
  type StripeEventEnvelope,
  type StripeGateway,
  StripeNotConfiguredError,
  StripeRequestError,
  StripeUnavailableError,
  WEBHOOK_TOLERANCE_SECONDS,
  WebhookSignatureError,
} from '../../stripe/stripe-gateway.js';
import { STRIPE_GATEWAY } from '../../stripe/stripe.module.js';
import { RateLimits } from '../../limits/rate-limits.service.js';
import { EventInbox } from './event-inbox.service.js';
import { MalformedEventError } from './event-translation.js';
import { NotPlaceableYetError } from './fact-applier.service.js';
import { inboxRepository as inbox } from './inbox.repository.js';
import { isEnvelope } from './envelope.js';

export type WebhookReply = { status: 200; body: WebhookAck } | { status: 400 | 500 | 503; body: ErrorBody };

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
  /** The delivery's log row was written with the event's effects (same statement, same commit). */
  deliveryRecorded?: boolean;
}

const reject = (status: 400 | 500 | 503, code: string, message: string): WebhookReply => ({
  status,
  body: { error: { code, message } },
});

/**
 * Stripe's webhook: verify the signature on the raw body, then hand the event to the inbox, which records it and
 * applies it in one transaction. The reply is 2xx only once the event is durably recorded; any fault rolls
 * everything back and answers 5xx, so Stripe delivers it again.
 */
@Injectable()
export class WebhookService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(STRIPE_GATEWAY) private readonly stripe: StripeGateway,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
    private readonly inbox: EventInbox,
    private readonly limits: RateLimits,
  ) {}

  async receive(rawBody: unknown, signature: string | undefined): Promise<WebhookReply> {
    const started = Date.now();
    const verdict = await this.judge(rawBody, signature, started);
    this.metrics.webhookDeliveries.inc({ result: verdict.result });
    if (!verdict.deliveryRecorded) {
      // Unverified bodies are anyone's: counted always, kept (and logged) only as a sample, so a flood of them
      // cannot grow a table or the logs without bound.
      if (verdict.signatureOk || (await this.limits.sampleRejectedWebhook())) {
        if (verdict.result === 'rejected') this.logger.warn({ code: verdict.error }, 'webhook rejected');
        await this.recordDelivery(verdict, Date.now() - started);
      } else {
        this.metrics.webhookRejectionsNotSampled.inc();
      }
    }
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
      if (error instanceof WebhookSignatureError) {
        return this.rejected('invalid_signature', `The signature does not verify: ${error.message}`, rawBody);
      }
      return { ...this.rejected('invalid_payload', 'The body is not a JSON event.'), signatureOk: true };
    }
    if (!isEnvelope(event)) {
      return { ...this.rejected('invalid_event', 'The body is not a Stripe event.'), signatureOk: true };
    }
    try {
      const result = await this.inbox.ingest(event, 'webhook', () => ({
        eventId: event.id,
        eventType: event.type,
        signatureOk: true,
        result: 'accepted',
        httpStatus: 200,
        error: null,
        durationMs: Date.now() - started,
      }));
      if (result.duplicate) {
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
        orderId: result.orderId,
        deliveryRecorded: result.deliveryRecorded,
      };
    } catch (error) {
      if (error instanceof MalformedEventError) {
        return {
          ...this.rejected('invalid_event', `Malformed ${event.type} event: ${error.message}.`),
          signatureOk: true,
          event,
        };
      }
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
      if (
        error instanceof StripeUnavailableError ||
        error instanceof StripeRequestError ||
        error instanceof StripeNotConfiguredError
      ) {
        // Placing the event needed Stripe's word (whose session or intent it is), and Stripe did not answer.
        this.logger.warn(
          { eventId: event.id, type: event.type, err: error },
          'webhook deferred: Stripe unreachable',
        );
        return {
          reply: reject(
            503,
            'retry_later',
            'This event cannot be placed yet; it will be accepted on a later delivery.',
          ),
          result: 'error',
          signatureOk: true,
          event,
          error: error.message.slice(0, 500),
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
      await inbox.insertDelivery(this.database.logDb, {
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

/**
 * Best-effort reading of a rejected body: which event it claims to be. Never which order it claims to be about:
 * an unverified body is not a fact, and filing it under an order would let anyone bury that order's genuine
 * deliveries.
 */
function claimedBy(rawBody: unknown): Pick<Verdict, 'claimedEventId' | 'claimedEventType'> {
  if (!Buffer.isBuffer(rawBody)) return {};
  try {
    const body = JSON.parse(rawBody.toString('utf8')) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' && v.length <= 255 ? v : undefined);
    return {
      ...(text(body.id) ? { claimedEventId: text(body.id) } : {}),
      ...(text(body.type) ? { claimedEventType: text(body.type) } : {}),
    };
  } catch {
    return {};
  }
}
