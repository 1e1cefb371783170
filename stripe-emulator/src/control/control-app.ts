import { invalidRequest, resourceMissing, StripeFailure } from '../domain/errors.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ListenHub } from '../listen/listen-hub.js';
import { failureResponse } from '../http/errors.js';
import { Router } from '../http/router.js';
import { json, type App, type HttpRequest, type HttpResponse } from '../http/types.js';
import type { PayInput, PayResult } from '../domain/checkout-payments.js';
import type { CheckoutSelection } from '../domain/checkout-pricing.js';
import { parseFaultSpec } from '../faults/fault-spec.js';
import { parseAuthenticationOutcome, parseChaosPatch, parseJsonBody, parsePayBody } from './bodies.js';
import { health } from './health.js';
import { rollSecret } from './webhook-secrets.js';

type Handler = (
  body: Record<string, unknown>,
  params: Record<string, string>,
  query: URLSearchParams,
) => HttpResponse;

/** The control API (`/_emulator/…`) used by tests, demos and the chaos suite. JSON in, JSON out. */
export function createControlApp(core: EmulatorCore, listen: ListenHub): App {
  const router = new Router<Handler>();

  const startedAt = Date.now();
  router.add('GET', '/_emulator/health', () => json(200, health(core, startedAt)));

  router.add('POST', '/_emulator/checkout/sessions/:id/pay', (body, params) => {
    const id = params.id ?? '';
    const result = core.checkout.pay(id, withTestDefaults(core, id, parsePayBody(body)));
    return payResponse(result);
  });

  // Ends a 3-D Secure challenge as the customer would on the authentication page.
  router.add('POST', '/_emulator/payment_intents/:id/authenticate', (body, params) => {
    const outcome = parseAuthenticationOutcome(body, 'outcome');
    const record = core.intents.requireIntent(params.id ?? '', 'id');
    if (record.sessionId !== null) return payResponse(core.checkout.authenticate(record.intent.id, outcome));
    const intent = core.intents.authenticate(record, outcome);
    return json(200, { outcome: intent.status, paymentIntent: intent });
  });

  function payResponse(result: PayResult): HttpResponse {
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
    if (result.outcome === 'requires_action')
      return json(200, {
        outcome: 'requires_action',
        paymentIntent: result.paymentIntent,
        session: result.session,
      });
    return json(200, { outcome: result.outcome, session: result.session });
  }

  router.add('POST', '/_emulator/disputes/:id/close', (body, params) => {
    const outcome = body.outcome;
    if (outcome !== 'won' && outcome !== 'lost')
      throw invalidRequest('outcome must be "won" or "lost"', 'outcome');
    return json(200, core.disputes.resolve(params.id ?? '', outcome));
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
    const endpoints = listen.resendEverywhere(record);
    return json(200, { eventId: id, endpoints });
  });

  router.add('GET', '/_emulator/chaos', () => json(200, core.chaos));
  router.add('POST', '/_emulator/chaos', (body) => json(200, core.updateChaos(parseChaosPatch(body))));
  router.add('DELETE', '/_emulator/chaos', () => json(200, core.resetChaos()));

  router.add('GET', '/_emulator/faults', () => json(200, faultList(core)));
  router.add('POST', '/_emulator/faults', (body) => json(200, core.faults.add(parseFaultSpec(body))));
  router.add('DELETE', '/_emulator/faults', () => {
    core.faults.clear();
    return json(200, faultList(core));
  });

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

  router.add('POST', '/_emulator/webhook_endpoints/:id/roll_secret', (body, params) =>
    json(200, rollSecret(core, params.id ?? '', body)),
  );

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
        throw new StripeFailure(404, {
          type: 'invalid_request_error',
          message: `Unknown control route (${req.method}: ${req.path})`,
        });
      const body = req.method === 'POST' ? parseJsonBody(req.body) : {};
      return match.handler(body, match.params, new URLSearchParams(req.query));
    } catch (error) {
      if (error instanceof StripeFailure) return failureResponse(error);
      throw error;
    }
  };
}

/** The pending fault rules (`data`) and the calls they failed so far (`injected`, oldest first). */
function faultList(core: EmulatorCore): { data: unknown[]; injected: unknown[] } {
  return { data: core.faults.list(), injected: core.faults.injected };
}

/** What a test customer types when the test does not say (like the card, which defaults to 4242…). */
export const TEST_CUSTOMER = {
  name: 'Jenny Rosen',
  phone: '+15555550123',
  address: { line1: '1 Test Street', line2: null, city: 'Testville', state: null, postal_code: '10001' },
} as const;

/**
 * The control route pays like a customer on the hosted page, which requires what the session collects. A test
 * that does not give it gets test values: a shipping address in the first allowed country, a phone number, and
 * for automatic tax without a shipping address, a billing country (the first allowed one, else US). Anything the
 * test gives is used as given (and checked as the page checks it).
 */
function withTestDefaults(core: EmulatorCore, sessionId: string, input: PayInput): PayInput {
  const session = core.store.sessions.get(sessionId)?.session;
  if (!session) return input;
  const selection: CheckoutSelection = { ...input.selection };
  const allowed = session.shipping_address_collection?.allowed_countries ?? [];
  if (session.shipping_address_collection && selection.shipping === undefined) {
    selection.shipping = {
      name: input.name ?? TEST_CUSTOMER.name,
      address: { ...TEST_CUSTOMER.address, country: allowed[0] ?? 'US' },
    };
  }
  if (session.phone_number_collection?.enabled && selection.phone === undefined) {
    selection.phone = TEST_CUSTOMER.phone;
  }
  if (
    session.automatic_tax?.enabled &&
    !session.shipping_address_collection &&
    selection.address === undefined
  ) {
    selection.address = { ...TEST_CUSTOMER.address, country: allowed[0] ?? 'US' };
  }
  return Object.keys(selection).length > 0 ? { ...input, selection } : input;
}
