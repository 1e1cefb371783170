import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DELAYED_PAYMENT_SECONDS } from '../src/emulator.js';
import { TEST_IBAN_SETTLEMENT_SECONDS } from '../src/domain/checkout-payments.js';
import { sessionParams, startHarness, waitFor, type Harness } from './support/harness.js';

/**
 * The endpoints the Stripe CLI's trigger recipes call (products, prices, payment methods, payment_pages, payment
 * intents with confirm, refund updates, event retries), through the SDK and raw HTTP: the edge cases the CLI test
 * does not reach.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function form(
  method: string,
  path: string,
  body = '',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${h.emulator.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${h.emulator.secretKey}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    ...(method === 'GET' ? {} : { body }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function errorOf(response: { body: Record<string, unknown> }): Record<string, unknown> {
  return response.body.error as Record<string, unknown>;
}

async function eventsSince(count: number): Promise<Stripe.Event[]> {
  const { body } = await h.control.request<{ data: Stripe.Event[] }>('GET', '/_emulator/events');
  return body.data.slice(count);
}

async function eventCount(): Promise<number> {
  return (await eventsSince(0)).length;
}

async function eurSession(methods: string[] = ['card', 'sepa_debit']): Promise<Stripe.Checkout.Session> {
  return h.stripe.checkout.sessions.create({
    ...sessionParams(),
    allowed_payment_method_types: methods,
  });
}

async function sepaMethod(iban: string): Promise<Stripe.PaymentMethod> {
  return h.stripe.paymentMethods.create({
    type: 'sepa_debit',
    sepa_debit: { iban },
    billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
  });
}

describe('products and prices', () => {
  it('creates, retrieves and lists them, emitting product.created and price.created', async () => {
    const before = await eventCount();
    const product = await h.stripe.products.create({ name: 'Mug', metadata: { sku: 'm1' } });
    const price = await h.stripe.prices.create({ product: product.id, unit_amount: 1250, currency: 'EUR' });
    expect(price).toMatchObject({ active: true, currency: 'eur', unit_amount: 1250, type: 'one_time' });
    expect((await h.stripe.products.retrieve(product.id)).metadata).toEqual({ sku: 'm1' });
    expect((await h.stripe.prices.list({ product: product.id })).data.map((p) => p.id)).toEqual([price.id]);
    const events = await eventsSince(before);
    expect(events.map((e) => e.type)).toEqual(['product.created', 'price.created']);
    expect(events[1]?.data.object).toMatchObject({ id: price.id });

    const session = await h.stripe.checkout.sessions.create({
      ...sessionParams(),
      line_items: [{ price: price.id, quantity: 2 }],
    });
    expect(session.amount_total).toBe(2500);
  });

  it("answers Stripe's errors for what it cannot create", async () => {
    expect(errorOf(await form('POST', '/v1/products', 'description=x'))).toMatchObject({
      code: 'parameter_missing',
      param: 'name',
    });
    expect(
      errorOf(await form('POST', '/v1/prices', 'currency=usd&unit_amount=5&product=prod_nope')),
    ).toMatchObject({ code: 'resource_missing', param: 'product' });
    const recurring = await form(
      'POST',
      '/v1/prices',
      'currency=usd&unit_amount=5&product_data[name]=x&recurring[interval]=month',
    );
    expect(errorOf(recurring).param).toBe('recurring');
    expect((await h.stripe.products.list({ limit: 100 })).data.some((p) => p.name === 'x')).toBe(false);
  });
});

describe('payment methods', () => {
  it('creates cards from test tokens and SEPA Direct Debit methods from IBANs', async () => {
    const card = await h.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_mastercard' } });
    expect(card.card).toMatchObject({ brand: 'mastercard', last4: '4444' });
    expect((await h.stripe.paymentMethods.retrieve(card.id)).id).toBe(card.id);
    const sepa = await sepaMethod('DE89 3704 0044 0532 0130 00');
    expect(sepa.sepa_debit).toMatchObject({ country: 'DE', last4: '3000' });
    expect(
      errorOf(await form('POST', '/v1/payment_methods', 'type=card&card[token]=tok_nope')),
    ).toMatchObject({
      code: 'resource_missing',
      param: 'card[token]',
    });
    expect(
      errorOf(
        await form('POST', '/v1/payment_methods', 'type=sepa_debit&sepa_debit[iban]=DE89370400440532013001'),
      ),
    ).toMatchObject({ code: 'invalid_bank_account_iban' });
  });
});

describe('payment_pages', () => {
  it('describes the session and refuses a confirmation with the wrong amount or method, changing nothing', async () => {
    const session = await eurSession(['card']);
    const page = await form('GET', `/v1/payment_pages/${session.id}`);
    expect(page.body).toMatchObject({ id: session.id, status: 'open', currency: 'eur' });
    expect((page.body.line_item_group as { total: number }).total).toBe(session.amount_total);
    const before = await eventCount();
    const wrong = await form(
      'POST',
      `/v1/payment_pages/${session.id}/confirm`,
      'payment_method=pm_card_visa&expected_amount=1',
    );
    expect(wrong.status).toBe(400);
    expect(errorOf(wrong).param).toBe('expected_amount');
    const sepa = await sepaMethod('AT611904300234573201');
    const notAllowed = await form(
      'POST',
      `/v1/payment_pages/${session.id}/confirm`,
      `payment_method=${sepa.id}&expected_amount=${session.amount_total ?? 0}`,
    );
    expect(errorOf(notAllowed).param).toBe('payment_method');
    expect(await eventsSince(before)).toEqual([]);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });

  it('a declined card answers 402, emits the failure and leaves the session open for a retry', async () => {
    const session = await eurSession(['card']);
    const declined = await form(
      'POST',
      `/v1/payment_pages/${session.id}/confirm`,
      `payment_method=pm_card_chargeDeclinedExpiredCard&expected_amount=${session.amount_total ?? 0}`,
    );
    expect(declined.status).toBe(402);
    expect(errorOf(declined)).toMatchObject({ type: 'card_error', code: 'expired_card' });
    expect(await h.control.eventTypes(session.id)).toEqual([
      'payment_intent.created',
      'charge.failed',
      'payment_intent.payment_failed',
    ]);
    const retry = await form(
      'POST',
      `/v1/payment_pages/${session.id}/confirm`,
      `payment_method=pm_card_visa&expected_amount=${session.amount_total ?? 0}`,
    );
    expect(retry.body).toMatchObject({ status: 'complete', payment_status: 'paid' });
    const again = await form(
      'POST',
      `/v1/payment_pages/${session.id}/confirm`,
      'payment_method=pm_card_visa',
    );
    expect(errorOf(again).code).toBe('checkout_session_complete');
  });

  it('SEPA test IBANs: a delayed success waits for delayedPaymentSeconds, a failure fails', async () => {
    const delayed = await eurSession();
    const late = await sepaMethod('AT321904300235473204');
    await form('POST', `/v1/payment_pages/${delayed.id}/confirm`, `payment_method=${late.id}`);
    const failing = await eurSession();
    const fails = await sepaMethod('DE62370400440532013001');
    await form('POST', `/v1/payment_pages/${failing.id}/confirm`, `payment_method=${fails.id}`);
    await h.control.advance(TEST_IBAN_SETTLEMENT_SECONDS);
    expect((await h.control.eventTypes(failing.id)).slice(-3)).toEqual([
      'charge.failed',
      'payment_intent.payment_failed',
      'checkout.session.async_payment_failed',
    ]);
    expect((await h.control.eventTypes(delayed.id)).at(-1)).toBe('checkout.session.completed');
    await h.control.advance(DEFAULT_DELAYED_PAYMENT_SECONDS);
    expect((await h.control.eventTypes(delayed.id)).at(-1)).toBe('checkout.session.async_payment_succeeded');
    const paid = await h.stripe.checkout.sessions.retrieve(delayed.id);
    expect(paid).toMatchObject({ payment_status: 'paid' });
    expect(paid.customer_details).toMatchObject({ email: 'jenny@example.com', name: 'Jenny Rosen' });
  });
});

describe('payment intents through the API', () => {
  it('creates, attaches, confirms and cancels', async () => {
    const open = await h.stripe.paymentIntents.create({ amount: 500, currency: 'eur' });
    expect(open).toMatchObject({
      status: 'requires_payment_method',
      automatic_payment_methods: { enabled: true },
    });
    const canceled = await h.stripe.paymentIntents.cancel(open.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });

    const waiting = await h.stripe.paymentIntents.create({
      amount: 800,
      currency: 'usd',
      payment_method: 'pm_card_amex',
    });
    expect(waiting.status).toBe('requires_confirmation');
    const confirmed = await h.stripe.paymentIntents.confirm(waiting.id);
    expect(confirmed).toMatchObject({ status: 'succeeded', amount_received: 800 });
    const again = await form('POST', `/v1/payment_intents/${waiting.id}/confirm`);
    expect(errorOf(again).code).toBe('payment_intent_unexpected_state');
    const charges = await h.stripe.charges.list({ payment_intent: waiting.id });
    expect(charges.data.map((c) => c.payment_method_details?.card?.brand)).toEqual(['amex']);
  });

  it('a decline answers 402 card_error with the intent, like Stripe', async () => {
    const error = await h.stripe.paymentIntents
      .create({
        amount: 2000,
        currency: 'usd',
        confirm: true,
        payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    const cardError = error as Stripe.errors.StripeCardError;
    expect(cardError.statusCode).toBe(402);
    expect(cardError.decline_code).toBe('insufficient_funds');
    expect(cardError.payment_intent?.status).toBe('requires_payment_method');

    // The decline happened: the same idempotency key answers the same 402 again, creating nothing.
    const send = () =>
      fetch(`${h.emulator.url}/v1/payment_intents`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${h.emulator.secretKey}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          'Idempotency-Key': 'declined-once',
        },
        body: 'amount=2000&currency=usd&confirm=true&payment_method=pm_card_chargeDeclined',
      });
    const first = await send();
    const before = await eventCount();
    const replay = await send();
    expect([first.status, replay.status]).toEqual([402, 402]);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(await first.json());
    expect(await eventsSince(before)).toEqual([]);
  });

  it('refuses what the emulator cannot do before creating anything', async () => {
    const before = await eventCount();
    const sepa = await sepaMethod('AT611904300234573201');
    const refused = await form(
      'POST',
      '/v1/payment_intents',
      `amount=1000&currency=eur&confirm=true&payment_method=${sepa.id}&payment_method_types[]=sepa_debit`,
    );
    expect(errorOf(refused).param).toBe('payment_method');
    expect(
      errorOf(
        await form(
          'POST',
          '/v1/payment_intents',
          'amount=1000&currency=eur&allowed_payment_method_types[]=ideal',
        ),
      ),
    ).toMatchObject({ param: 'allowed_payment_method_types' });
    expect(errorOf(await form('POST', '/v1/payment_intents', 'amount=10&currency=usd'))).toMatchObject({
      code: 'amount_too_small',
    });
    expect(
      errorOf(await form('POST', '/v1/payment_intents', 'amount=100&currency=usd&confirm=true')),
    ).toMatchObject({
      param: 'payment_method',
    });
    expect(await eventsSince(before)).toEqual([]);
  });

  it('intents created by Checkout are not confirmed or canceled through the API', async () => {
    const session = await eurSession(['card']);
    await h.control.pay(session.id, { card: '4000000000000002' });
    const intentId = (await h.stripe.checkout.sessions.retrieve(session.id)).payment_intent as string;
    expect(
      errorOf(await form('POST', `/v1/payment_intents/${intentId}/confirm`, 'payment_method=pm_card_visa')),
    ).toMatchObject({ param: 'intent' });
    expect(errorOf(await form('POST', `/v1/payment_intents/${intentId}/cancel`))).toMatchObject({
      param: 'intent',
    });
  });
});

describe('refund updates and event retries', () => {
  it('merges refund metadata (an empty value removes a key); no change, no event', async () => {
    const intent = await h.stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      confirm: true,
      payment_method: 'pm_card_visa',
    });
    const refund = await h.stripe.refunds.create({ payment_intent: intent.id, metadata: { a: '1', b: '2' } });
    const before = await eventCount();
    const updated = await h.stripe.refunds.update(refund.id, { metadata: { a: '', c: '3' } });
    expect(updated.metadata).toEqual({ b: '2', c: '3' });
    const events = await eventsSince(before);
    expect(events.map((e) => e.type)).toEqual(['refund.updated', 'charge.refund.updated']);
    expect(events[0]?.data.previous_attributes).toEqual({ metadata: { a: '1', c: null } });
    await h.stripe.refunds.update(refund.id, { metadata: { b: '2' } });
    expect(await eventsSince(before + 2)).toEqual([]);
    const charge = await h.stripe.charges.retrieve(refund.charge as string);
    expect(charge.refunds?.data[0]?.metadata).toEqual({ b: '2', c: '3' });
  });

  it('POST /v1/events/:id/retry resends to every endpoint, or to webhook_endpoint only', async () => {
    const other = await h.stripe.webhookEndpoints.create({
      url: `${h.receiver.url}/other`,
      enabled_events: ['checkout.session.expired'],
    });
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    await h.stripe.checkout.sessions.expire(session.id);
    const [event] = await h.control.events(session.id);
    if (!event) throw new Error('no event');
    expect((await form('POST', `/v1/events/${event.id}/retry`, 'for_stripecli=true')).body.id).toBe(event.id);
    expect((await form('POST', `/v1/events/${event.id}/retry`, `webhook_endpoint=${other.id}`)).status).toBe(
      200,
    );
    const resends = await waitFor(async () => {
      const rows = (await h.control.deliveries(`?event_id=${event.id}`)).filter((d) => d.copy === 'resend');
      return rows.length === 3 && rows;
    });
    expect(resends.map((d) => d.endpointUrl).sort()).toEqual(
      [`${h.receiver.url}/other`, `${h.receiver.url}/other`, `${h.receiver.url}/webhook`].sort(),
    );
    expect((await form('POST', '/v1/events/evt_nope/retry')).status).toBe(404);
    await h.stripe.webhookEndpoints.del(other.id);
  });
});
