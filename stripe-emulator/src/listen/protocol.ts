/**
 * The wire format between Stripe and `stripe listen`, as the open-source CLI speaks it (github.com/stripe/stripe-cli:
 * `pkg/stripeauth` for the session, `pkg/websocket` for the messages, `pkg/proxy` for what it does with them).
 *
 * 1. `POST /v1/stripecli/sessions` (API key auth, form-encoded: `device_name`, `websocket_features[]`,
 *    `forward_to_url`, …) answers the session below.
 * 2. The CLI dials `websocket_url?websocket_feature=<websocket_authorized_feature>` with the header
 *    `Websocket-Id: <websocket_id>` and the subprotocol `stripecli-devproxy-v1`; it pings every few seconds and
 *    drops and redials the connection every `reconnect_delay` seconds. An unknown id is refused with an error whose
 *    message is `Unknown WebSocket ID.`: the CLI then opens a new session.
 * 3. Stripe sends `webhook_event` messages; the CLI acks each (`event_ack`), then, unless `--events` or the API
 *    version filters it out, POSTs `event_payload` with `http_headers` to `--forward-to` and sends the endpoint's
 *    answer back as `webhook_response`.
 */

/** The subprotocol the CLI asks for. */
export const SUBPROTOCOL = 'stripecli-devproxy-v1';

/** The answer to `POST /v1/stripecli/sessions` (the CLI's `StripeCLISession`). */
export interface StripeCliSession {
  websocket_id: string;
  websocket_url: string;
  /** Echoed by the CLI as `?websocket_feature=` when it connects. */
  websocket_authorized_feature: string;
  /** The signing secret of this account's listen sessions (`--print-secret`, and "Ready! … secret is"). */
  secret: string;
  /** Seconds after which the CLI drops and redials the connection. */
  reconnect_delay: number;
  display_connect_filter_warning: boolean;
  /** Shown as "You are using Stripe API Version [...]" (or the latest one with `--latest`). */
  default_version: string;
  latest_version: string;
}

/** Stripe → CLI: one event for the CLI to forward. */
export interface WebhookEventMessage {
  type: 'webhook_event';
  /** The (virtual) endpoint the event is formatted for. */
  webhook_id: string;
  /** This delivery; the ack and the response name it. */
  webhook_conversation_id: string;
  /** The exact body to forward (the signature covers it). */
  event_payload: string;
  /** Headers the CLI adds to the forwarded request, `Stripe-Signature` included. */
  http_headers: Record<string, string>;
  /**
   * `api_version: null`: formatted with the account's default version, what a plain `stripe listen` forwards;
   * a version: formatted with the latest one, what `stripe listen --latest` forwards. The CLI ignores the other.
   */
  endpoint: { api_version: string | null };
}

/** CLI → Stripe: the endpoint's answer to a forwarded event. */
export interface WebhookResponseMessage {
  type: 'webhook_response';
  webhook_id: string;
  webhook_conversation_id: string;
  forward_url: string;
  status: number;
}

/** CLI → Stripe: received (sent before any filtering, for every `webhook_event`). */
export interface EventAckMessage {
  type: 'event_ack';
  webhook_id: string;
  webhook_conversation_id: string;
  event_id: string;
}

export type IncomingMessage = WebhookResponseMessage | EventAckMessage;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a message from the CLI; undefined for anything malformed or of a type the emulator does not use. */
export function parseIncoming(data: string): IncomingMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value.webhook_conversation_id !== 'string') return undefined;
  const conversation = value.webhook_conversation_id;
  const webhookId = typeof value.webhook_id === 'string' ? value.webhook_id : '';
  if (value.type === 'event_ack' && typeof value.event_id === 'string')
    return {
      type: 'event_ack',
      webhook_id: webhookId,
      webhook_conversation_id: conversation,
      event_id: value.event_id,
    };
  if (
    value.type === 'webhook_response' &&
    typeof value.status === 'number' &&
    Number.isInteger(value.status) &&
    typeof value.forward_url === 'string'
  )
    return {
      type: 'webhook_response',
      webhook_id: webhookId,
      webhook_conversation_id: conversation,
      forward_url: value.forward_url,
      status: value.status,
    };
  return undefined;
}
