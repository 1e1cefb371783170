import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { DEFAULT_API_VERSION, type EmulatorCore } from '../emulator-core.js';
import type { EventRecord } from '../state/store.js';
import type { DeliveryRecord } from '../webhooks/delivery-queue.js';
import { renderEvent } from '../webhooks/render.js';
import { signatureHeader } from '../webhooks/signature.js';
import { parseIncoming, type StripeCliSession, type WebhookEventMessage } from './protocol.js';

/** Where the CLI dials (on the emulator's own port). */
export const LISTEN_PATH = '/stripecli/subscribe';

/** The features `stripe listen` asks for: snapshot events (`webhooks`) and thin events (`v2_events`). */
const FEATURES = ['webhooks', 'v2_events'] as const;

/** The CLI redials after this many seconds (its own default when a session names none). */
const RECONNECT_DELAY_SECONDS = 60;
/** A session nobody has been connected to for this long is forgotten (the CLI then opens a new one). */
const IDLE_SESSION_MS = 5 * 60_000;
/** Events kept for a session while its CLI redials. */
const MAX_QUEUED = 1000;
/** A forwarded event whose answer has not come back after this long is no longer waited for. */
const CONVERSATION_TTL_MS = 10 * 60_000;
/** The delivery queue keeps this many attempt records; the CLI's join the same list, under the same bound. */
const MAX_RECORDS = 50_000;

type Copy = 'original' | 'resend';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Ids of the listen machinery come straight from crypto randomness, not from the emulator's id source: the
 * websocket id is the connection's credential (it must not follow from a `--seed`), and listening must not shift
 * the seeded sequence of the ids the store hands out.
 */
function secureId(prefix: string, length: number): string {
  let out = prefix;
  for (const byte of randomBytes(length)) out += ALPHABET.charAt(byte % ALPHABET.length);
  return out;
}

interface Conversation {
  eventId: string;
  eventType: string;
  sessionId: string | null;
  copy: Copy;
  sentAt: Date;
  started: number;
}

/** One `stripe listen` (one session; its connection comes and goes as the CLI redials). */
export class ListenSession {
  socket: WebSocket | undefined;
  /** Real time it was last connected (or created). */
  lastSeen = Date.now();
  connectedOnce = false;
  readonly queue: string[] = [];
  readonly conversations = new Map<string, Conversation>();
  /** The two virtual endpoints: events in the account's default API version, and in the latest one. */
  readonly webhookIds = { default: secureId('we_1', 23), latest: secureId('we_1', 23) };

  constructor(
    readonly id: string,
    readonly feature: string,
    /** Whether it asked for snapshot events (the only kind the emulator has). */
    readonly snapshotEvents: boolean,
  ) {}

  get connected(): boolean {
    return this.socket?.readyState === 1; // WebSocket.OPEN
  }

  /** Sends now, or keeps the message for the next connection. */
  send(message: string): void {
    if (this.socket && this.connected) this.socket.send(message);
    else if (this.queue.length < MAX_QUEUED) this.queue.push(message);
  }
}

export interface SessionRequest {
  websocketFeatures: string[];
}

/**
 * The `stripe listen` side of the emulator: sessions, their websocket connections, and every event the
 * emulator emits pushed to each session that has connected, signed with the account's listen secret
 * (`core.listenSecret`, kept with the state, so `--print-secret` and a running `stripe listen` agree, as with
 * Stripe where the secret is stable per account and device). The endpoint's answer, which the CLI sends back, is
 * recorded as a delivery attempt next to the emulator's own (`GET /_emulator/deliveries`). CLI deliveries are
 * not retried and chaos does not apply to them: the emulator plays Stripe, and the CLI does the forwarding.
 */
export class ListenHub {
  private readonly sessions = new Map<string, ListenSession>();
  private outbox: { eventId: string; copy: Copy }[] = [];
  private flushScheduled = false;

  constructor(private readonly core: EmulatorCore) {
    core.bus.onEvent((record) => {
      this.publish(record);
    });
  }

  /** `POST /v1/stripecli/sessions`. */
  createSession(request: SessionRequest): StripeCliSession {
    this.forgetIdle();
    const snapshot = request.websocketFeatures.includes('webhooks');
    const feature = snapshot ? 'webhook-payloads' : 'v2-events';
    const session = new ListenSession(secureId('cliws_', 32), feature, snapshot);
    this.sessions.set(session.id, session);
    const wsBase = this.core.publicUrl.replace(/^http/i, 'ws');
    return {
      websocket_id: session.id,
      websocket_url: `${wsBase}${LISTEN_PATH}`,
      websocket_authorized_feature: feature,
      secret: this.core.listenSecret,
      reconnect_delay: RECONNECT_DELAY_SECONDS,
      display_connect_filter_warning: false,
      default_version: this.core.defaultApiVersion,
      latest_version: DEFAULT_API_VERSION,
    };
  }

  /** The features the emulator knows; anything else (`request_logs` of `stripe logs tail`) is refused. */
  static unsupportedFeature(features: readonly string[]): string | undefined {
    return features.find((feature) => !(FEATURES as readonly string[]).includes(feature));
  }

  session(id: string): ListenSession | undefined {
    this.forgetIdle();
    return this.sessions.get(id);
  }

  /** A connection for `session` (replacing the previous one); sends what was queued meanwhile. */
  attach(session: ListenSession, socket: WebSocket): void {
    const previous = session.socket;
    session.socket = socket;
    session.connectedOnce = true;
    session.lastSeen = Date.now();
    if (previous && previous !== socket) previous.close(1000, 'Replaced by a new connection');
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const buffer = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      this.receive(session, buffer.toString('utf8'));
    });
    socket.on('close', () => {
      if (session.socket === socket) session.socket = undefined;
      session.lastSeen = Date.now();
    });
    socket.on('error', () => socket.terminate());
    const queued = session.queue.splice(0);
    for (const message of queued) session.send(message);
  }

  /**
   * Sends the event to every session that has connected (now or recently: its CLI is redialling); returns how
   * many. Only schedules the sending, so all events of one operation are stored before any goes out.
   */
  /**
   * A resend from the control API or the dashboard: every endpoint enabled for the event and every connected
   * `stripe listen` session get it again (same id). Returns how many targets it went to.
   */
  resendEverywhere(record: EventRecord): number {
    return this.core.delivery.enqueue(record, 'resend') + this.publish(record, 'resend');
  }

  publish(record: EventRecord, copy: Copy = 'original'): number {
    const targets = this.liveSessions().length;
    if (targets === 0) return 0;
    this.outbox.push({ eventId: record.event.id, copy });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return targets;
  }

  /** Closes every connection (the emulator is stopping). */
  close(): void {
    for (const session of this.sessions.values()) session.socket?.terminate();
    this.sessions.clear();
    this.outbox = [];
  }

  private liveSessions(): ListenSession[] {
    const now = Date.now();
    return [...this.sessions.values()].filter(
      (session) =>
        session.snapshotEvents &&
        session.connectedOnce &&
        (session.connected || now - session.lastSeen < IDLE_SESSION_MS),
    );
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.outbox;
    this.outbox = [];
    const sessions = this.liveSessions();
    for (const { eventId, copy } of batch) {
      const record = this.core.store.events.get(eventId);
      if (!record) continue; // forgotten by a reset meanwhile
      // Stripe formats each event for the account's default API version (`endpoint.api_version: null`, what a
      // plain `stripe listen` forwards) and for the latest one (what `stripe listen --latest` forwards); the CLI
      // drops the copy it did not ask for. The emulator has one object shape, so only the label differs.
      const now = Math.floor(Date.now() / 1000);
      const variants = (['default', 'latest'] as const).map((variant) => {
        const apiVersion = variant === 'default' ? null : DEFAULT_API_VERSION;
        const payload = renderEvent(record.event, apiVersion, this.core.store);
        const headers = {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          Accept: '*/*; q=0.5, application/xml',
          'Cache-Control': 'no-cache',
          'Stripe-Signature': signatureHeader(payload, this.core.listenSecret, now),
        };
        return { variant, apiVersion, payload, headers };
      });
      for (const session of sessions) {
        for (const { variant, apiVersion, payload, headers } of variants) {
          const conversationId = secureId('wc_', 24);
          const message: WebhookEventMessage = {
            type: 'webhook_event',
            webhook_id: session.webhookIds[variant],
            webhook_conversation_id: conversationId,
            event_payload: payload,
            http_headers: headers,
            endpoint: { api_version: apiVersion },
          };
          this.remember(session, conversationId, {
            eventId,
            eventType: record.event.type,
            sessionId: record.sessionId,
            copy,
            sentAt: new Date(),
            started: performance.now(),
          });
          session.send(JSON.stringify(message));
        }
      }
    }
  }

  private remember(session: ListenSession, id: string, conversation: Conversation): void {
    // Only one of the two copies is ever answered: drop the oldest unanswered ones (insertion order).
    const cutoff = Date.now() - CONVERSATION_TTL_MS;
    for (const [key, value] of session.conversations) {
      if (value.sentAt.getTime() >= cutoff) break;
      session.conversations.delete(key);
    }
    session.conversations.set(id, conversation);
  }

  private receive(session: ListenSession, data: string): void {
    const message = parseIncoming(data);
    if (message?.type !== 'webhook_response') return;
    const conversation = session.conversations.get(message.webhook_conversation_id);
    if (!conversation) return;
    session.conversations.delete(message.webhook_conversation_id);
    const ok = message.status >= 200 && message.status < 300;
    const entry: DeliveryRecord = {
      eventId: conversation.eventId,
      eventType: conversation.eventType,
      endpointId: session.id,
      endpointUrl: message.forward_url,
      attempt: 1,
      status: message.status,
      ok,
      durationMs: Math.round(performance.now() - conversation.started),
      at: conversation.sentAt.toISOString(),
    };
    if (conversation.sessionId) entry.sessionId = conversation.sessionId;
    if (conversation.copy === 'resend') entry.copy = 'resend';
    const records = this.core.delivery.records;
    records.push(entry);
    if (records.length > MAX_RECORDS) records.splice(0, records.length - MAX_RECORDS);
    const copy = entry.copy ? ` (${entry.copy})` : '';
    this.core.settings.log(
      `${entry.at}  --> ${entry.eventType} [${entry.eventId}]${copy}  stripe listen POST ${entry.endpointUrl} [${entry.status}] ${entry.durationMs} ms`,
    );
  }

  /** Sessions whose CLI is gone (or that never connected, like `--print-secret`'s) are forgotten after a while. */
  private forgetIdle(): void {
    const now = Date.now();
    for (const [id, session] of this.sessions)
      if (!session.socket && now - session.lastSeen > IDLE_SESSION_MS) this.sessions.delete(id);
  }
}
