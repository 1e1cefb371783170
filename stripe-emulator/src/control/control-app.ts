import type { EmulatorCore } from '../core/emulator-core.js';
import type { PayInput } from '../domain/payments.js';
import { errorEnvelope, invalidRequest, resourceMissing, StripeApiError } from '../http/errors.js';
import { Router } from '../http/router.js';
import { json, type App, type HttpRequest, type HttpResponse } from '../http/types.js';
import { parseChaosPatch } from '../webhooks/chaos.js';

type Handler = (
  body: Record<string, unknown>,
  params: Record<string, string>,
  query: URLSearchParams,
) => HttpResponse;

function parseJsonBody(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidRequest('The request body must be JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalidRequest('The request body must be a JSON object.');
  return value as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`${key} must be a string`, key);
  return value;
}

function optionalNumber(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw invalidRequest(`${key} must be a number`, key);
  return value;
}

/** `{ card, exp_month?, exp_year?, cvc?, email?, name? }` or `{ method: 'sepa_debit', outcome, iban?, settleAfterSeconds? }`. */
export function parsePayBody(body: Record<string, unknown>): PayInput {
  const email = optionalString(body, 'email');
  const name = optionalString(body, 'name');
  const method = optionalString(body, 'method') ?? (body.card !== undefined ? 'card' : undefined);
  if (method === 'card') {
    const card = body.card;
    if (typeof card !== 'string' && typeof card !== 'number')
      throw invalidRequest('card must be a card number', 'card');
    const nextYear = new Date().getUTCFullYear() + 5;
    return {
      method: 'card',
      number: String(card),
      expMonth: optionalNumber(body, 'exp_month') ?? 12,
      expYear: optionalNumber(body, 'exp_year') ?? nextYear,
      cvc: optionalString(body, 'cvc') ?? (/^3[47]/.test(String(card)) ? '1234' : '123'),
      email,
      name,
    };
  }
  if (method === 'sepa_debit') {
    const outcome = body.outcome;
    if (outcome !== 'succeed_later' && outcome !== 'fail_later')
      throw invalidRequest('outcome must be "succeed_later" or "fail_later"', 'outcome');
    return {
      method: 'sepa_debit',
      outcome,
      iban: optionalString(body, 'iban'),
      email,
      name,
      settleAfterSeconds: optionalNumber(body, 'settleAfterSeconds'),
    };
  }
  throw invalidRequest(
    'Pass { "card": "4242424242424242" } or { "method": "sepa_debit", "outcome": "succeed_later" }',
    'method',
  );
}

/** The control API (`/_emulator/…`) used by tests, demos and the chaos suite. JSON in, JSON out. */
export function createControlApp(core: EmulatorCore): App {
  const router = new Router<Handler>();

  router.add('GET', '/_emulator/health', () => json(200, { ok: true, now: core.clock.now() }));

  router.add('POST', '/_emulator/checkout/sessions/:id/pay', (body, params) => {
    const result = core.payments.pay(params.id ?? '', parsePayBody(body));
    if (result.outcome === 'declined') {
      const out: Record<string, unknown> = {
        outcome: 'declined',
        code: result.code,
        declineCode: result.declineCode ?? result.code,
        message: result.message,
        session: result.session,
      };
      return json(200, out);
    }
    return json(200, { outcome: result.outcome, session: result.session });
  });

  router.add('GET', '/_emulator/clock', () =>
    json(200, { now: core.clock.now(), offsetSeconds: core.clock.offsetSeconds }),
  );

  router.add('POST', '/_emulator/clock/advance', (body) => {
    const seconds = body.seconds;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0)
      throw invalidRequest('seconds must be a non-negative number', 'seconds');
    const fired = core.advanceClock(seconds);
    return json(200, { now: core.clock.now(), offsetSeconds: core.clock.offsetSeconds, fired });
  });

  router.add('POST', '/_emulator/events/:id/resend', (_body, params) => {
    const id = params.id ?? '';
    const record = core.store.events.get(id);
    if (!record) throw resourceMissing('event', id, 'id');
    const endpoints = core.delivery.enqueue(record, 'resend');
    return json(200, { eventId: id, endpoints });
  });

  router.add('GET', '/_emulator/chaos', () => json(200, core.chaos));
  router.add('POST', '/_emulator/chaos', (body) => json(200, core.updateChaos(parseChaosPatch(body))));
  router.add('DELETE', '/_emulator/chaos', () => json(200, core.resetChaos()));

  router.add('GET', '/_emulator/deliveries', (_body, _params, query) => {
    const eventId = query.get('event_id');
    const type = query.get('type');
    const sessionId = query.get('session_id');
    const data = core.delivery.records.filter(
      (r) =>
        (eventId === null || r.eventId === eventId) &&
        (type === null || r.eventType === type) &&
        (sessionId === null || r.sessionId === sessionId),
    );
    return json(200, { data });
  });

  router.add('GET', '/_emulator/events', (_body, _params, query) => {
    const sessionId = query.get('session_id');
    const type = query.get('type');
    const data = [...core.store.events.values()]
      .filter(
        (r) => (sessionId === null || r.sessionId === sessionId) && (type === null || r.event.type === type),
      )
      .map((r) => r.event);
    return json(200, { data });
  });

  router.add('GET', '/_emulator/webhook_endpoints', () =>
    json(200, {
      data: [...core.store.endpoints.values()].map((r) => ({
        ...r.endpoint,
        secret: r.secret,
        source: r.source,
      })),
    }),
  );

  router.add('POST', '/_emulator/reset', () => {
    core.reset();
    return json(200, { ok: true });
  });

  return (req: HttpRequest): HttpResponse => {
    try {
      const match = router.match(req.method, req.path);
      if (!match)
        throw new StripeApiError(404, {
          type: 'invalid_request_error',
          message: `Unknown control route (${req.method}: ${req.path})`,
        });
      const body = req.method === 'POST' ? parseJsonBody(req.body) : {};
      return match.handler(body, match.params, new URLSearchParams(req.query));
    } catch (error) {
      if (error instanceof StripeApiError) return json(error.status, errorEnvelope(error));
      throw error;
    }
  };
}
