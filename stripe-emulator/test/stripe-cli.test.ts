import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_IBAN_SETTLEMENT_SECONDS } from '../src/domain/checkout-payments.js';
import { startHarness, waitFor, type Harness } from './support/harness.js';
import { findStripeCli, StripeCli } from './support/stripe-cli.js';

/**
 * The official Stripe CLI (`@stripe/cli`, a real client nobody here wrote) against the emulator: `stripe trigger`
 * runs Stripe's own recipes (built into the CLI binary), then the events, their signed deliveries and the
 * objects are checked. One emulator for the file; triggers run one after the other.
 */
const found = findStripeCli();
// The lockfile carries the linux-x64 binary package (what CI runs); elsewhere a missing binary skips the file.
const required = `${process.platform}-${process.arch}` === 'linux-x64';
if ('missing' in found && !required) console.warn(`Skipping the Stripe CLI tests: ${found.missing}`);

let h: Harness;
let cli: StripeCli;
/** How many events the emulator had before the current trigger. */
let seen = 0;

beforeAll(async () => {
  if ('missing' in found) throw new Error(found.missing);
  h = await startHarness();
  cli = new StripeCli(found.path, h.emulator.url, h.emulator.secretKey);
});

afterAll(async () => {
  cli?.dispose();
  await h?.close();
});

async function allEvents(): Promise<Stripe.Event[]> {
  const { body } = await h.control.request<{ data: Stripe.Event[] }>('GET', '/_emulator/events');
  return body.data;
}

/** Runs `stripe trigger <event>`; returns the events it caused, oldest first. */
async function trigger(event: string): Promise<Stripe.Event[]> {
  const result = await cli.run(['trigger', event]);
  expect(result.output, result.output).toContain('Trigger succeeded');
  expect(result.code).toBe(0);
  const events = (await allEvents()).slice(seen);
  seen += events.length;
  return events;
}

/** Waits until every event reached the receiver, and checks each delivery's signature like a store does. */
async function delivered(events: Stripe.Event[]): Promise<Stripe.Event[]> {
  const ids = new Set(events.map((event) => event.id));
  const hooks = await waitFor(() => {
    const matching = h.receiver.webhooks().filter((hook) => {
      const { id } = JSON.parse(hook.body) as { id: string };
      return ids.has(id);
    });
    return new Set(matching.map((hook) => (JSON.parse(hook.body) as { id: string }).id)).size === ids.size
      ? matching
      : false;
  });
  return hooks.map((hook) =>
    h.stripe.webhooks.constructEvent(
      hook.body,
      hook.headers['stripe-signature'] as string,
      h.emulator.webhookSecret,
    ),
  );
}

function types(events: Stripe.Event[]): string[] {
  return events.map((event) => event.type);
}

function objectOf<T>(events: Stripe.Event[], type: string): T {
  const event = events.find((e) => e.type === type);
  if (!event) throw new Error(`no ${type} event`);
  return event.data.object as T;
}

async function expectDelivered(events: Stripe.Event[]): Promise<void> {
  const verified = await delivered(events);
  expect(new Set(verified.map((event) => event.id))).toEqual(new Set(events.map((event) => event.id)));
  // Triggered objects carry no order metadata: a store records these events as unmatched.
  for (const event of verified) expect(event.livemode).toBe(false);
}

describe.skipIf('missing' in found && !required)('the Stripe CLI against the emulator', () => {
  it('trigger checkout.session.completed: pays a session by card through payment_pages', async () => {
    const events = await trigger('checkout.session.completed');
    expect(types(events)).toEqual([
      'product.created',
      'price.created',
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.completed',
    ]);
    await expectDelivered(events);
    const completed = objectOf<Stripe.Checkout.Session>(events, 'checkout.session.completed');
    const session = await h.stripe.checkout.sessions.retrieve(completed.id, {
      expand: ['payment_intent.latest_charge', 'line_items'],
    });
    expect(session).toMatchObject({ status: 'complete', payment_status: 'paid', amount_total: 3000 });
    expect(session.customer_details).toMatchObject({ email: 'stripe@example.com', name: 'Jenny Rosen' });
    expect(session.line_items?.data[0]).toMatchObject({ description: 'myproduct', quantity: 2 });
    const intent = session.payment_intent as Stripe.PaymentIntent;
    expect(intent).toMatchObject({ status: 'succeeded', amount_received: 3000, metadata: {} });
    expect(intent.shipping?.name).toBe('Jenny Rosen');
    expect((intent.latest_charge as Stripe.Charge).payment_method_details?.card?.last4).toBe('4242');
  });

  it('trigger checkout.session.async_payment_succeeded: SEPA Direct Debit, the test IBAN succeeds', async () => {
    const events = await trigger('checkout.session.async_payment_succeeded');
    const atPayment = [
      'product.created',
      'price.created',
      'payment_intent.created',
      'charge.pending',
      'payment_intent.processing',
      'checkout.session.completed',
    ];
    expect(types(events).slice(0, 6)).toEqual(atPayment);
    const completed = objectOf<Stripe.Checkout.Session>(events, 'checkout.session.completed');
    expect(completed).toMatchObject({ status: 'complete', payment_status: 'unpaid', currency: 'eur' });
    // AT611904300234573201 settles within seconds (real time moves the emulator clock too).
    await h.control.advance(TEST_IBAN_SETTLEMENT_SECONDS);
    const all = [...events, ...(await allEvents()).slice(seen)];
    seen += all.length - events.length;
    expect(types(all)).toEqual([
      ...atPayment,
      'charge.succeeded',
      'payment_intent.succeeded',
      'checkout.session.async_payment_succeeded',
    ]);
    await expectDelivered(all);
    const session = await h.stripe.checkout.sessions.retrieve(completed.id, { expand: ['payment_intent'] });
    expect(session).toMatchObject({ status: 'complete', payment_status: 'paid' });
    expect(session.payment_intent).toMatchObject({
      status: 'succeeded',
      payment_method_types: ['sepa_debit'],
    });
  });

  it('trigger checkout.session.async_payment_failed: SEPA Direct Debit, the test IBAN fails', async () => {
    const events = await trigger('checkout.session.async_payment_failed');
    await h.control.advance(TEST_IBAN_SETTLEMENT_SECONDS);
    const all = [...events, ...(await allEvents()).slice(seen)];
    seen += all.length - events.length;
    expect(types(all)).toEqual([
      'product.created',
      'price.created',
      'payment_intent.created',
      'charge.pending',
      'payment_intent.processing',
      'checkout.session.completed',
      'charge.failed',
      'payment_intent.payment_failed',
      'checkout.session.async_payment_failed',
    ]);
    await expectDelivered(all);
    const failed = objectOf<Stripe.Checkout.Session>(all, 'checkout.session.async_payment_failed');
    const session = await h.stripe.checkout.sessions.retrieve(failed.id, { expand: ['payment_intent'] });
    expect(session).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    const intent = session.payment_intent as Stripe.PaymentIntent;
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.last_payment_error?.payment_method?.sepa_debit?.last4).toBe('3456');
  });

  it('trigger checkout.session.expired', async () => {
    const events = await trigger('checkout.session.expired');
    expect(types(events)).toEqual(['product.created', 'price.created', 'checkout.session.expired']);
    await expectDelivered(events);
    const expired = objectOf<Stripe.Checkout.Session>(events, 'checkout.session.expired');
    expect((await h.stripe.checkout.sessions.retrieve(expired.id)).status).toBe('expired');
  });

  it('trigger payment_intent.succeeded: create + confirm with pm_card_visa', async () => {
    const events = await trigger('payment_intent.succeeded');
    expect(types(events)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
    await expectDelivered(events);
    const intent = await h.stripe.paymentIntents.retrieve(
      objectOf<Stripe.PaymentIntent>(events, 'payment_intent.succeeded').id,
    );
    expect(intent).toMatchObject({
      status: 'succeeded',
      amount: 2000,
      amount_received: 2000,
      currency: 'usd',
      description: '(created by Stripe CLI)',
    });
    expect(intent.shipping?.address?.city).toBe('San Francisco');
    expect(intent.payment_method).toMatch(/^pm_1/);
  });

  it('trigger payment_intent.payment_failed: the 402 card_error is what the recipe expects', async () => {
    const events = await trigger('payment_intent.payment_failed');
    expect(types(events)).toEqual([
      'payment_intent.created',
      'charge.failed',
      'payment_intent.payment_failed',
    ]);
    await expectDelivered(events);
    const intent = await h.stripe.paymentIntents.retrieve(
      objectOf<Stripe.PaymentIntent>(events, 'payment_intent.payment_failed').id,
    );
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.last_payment_error).toMatchObject({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
    });
  });

  it('trigger charge.refunded: a full refund', async () => {
    const events = await trigger('charge.refunded');
    expect(types(events)).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'refund.created',
      'charge.refunded',
    ]);
    await expectDelivered(events);
    const charge = await h.stripe.charges.retrieve(objectOf<Stripe.Charge>(events, 'charge.refunded').id);
    expect(charge).toMatchObject({ amount: 100, amount_refunded: 100, refunded: true });
    expect(objectOf<Stripe.Refund>(events, 'refund.created')).toMatchObject({
      amount: 100,
      status: 'succeeded',
    });
  });

  it('trigger charge.refund.updated: the refund metadata update', async () => {
    const events = await trigger('charge.refund.updated');
    expect(types(events)).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'refund.created',
      'charge.refunded',
      'refund.updated',
      'charge.refund.updated',
    ]);
    await expectDelivered(events);
    const updated = events.find((event) => event.type === 'charge.refund.updated');
    expect(updated?.data.previous_attributes).toEqual({ metadata: { order_id: null } });
    const refund = await h.stripe.refunds.retrieve((updated?.data.object as Stripe.Refund).id);
    expect(refund).toMatchObject({ amount: 100, metadata: { order_id: '6735' } });
  });

  it('trigger charge.dispute.created: pm_card_createDisputeInquiry, an inquiry right after the payment', async () => {
    const events = await trigger('charge.dispute.created');
    // The dispute comes at the emulator's next sweep (before its next request, or within a second).
    const all = await waitFor(async () => {
      const more = [...events, ...(await allEvents()).slice(seen)];
      return more.length >= 4 && more;
    });
    seen += all.length - events.length;
    expect(types(all)).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'charge.dispute.created',
    ]);
    await expectDelivered(all);
    const dispute = objectOf<Stripe.Dispute>(all, 'charge.dispute.created');
    expect(dispute).toMatchObject({
      status: 'warning_needs_response',
      amount: 100,
      currency: 'usd',
      is_charge_refundable: true,
      payment_intent: objectOf<Stripe.PaymentIntent>(all, 'payment_intent.succeeded').id,
    });
  });

  it('trigger charge.dispute.updated and charge.dispute.closed: the CLI lists the dispute, then updates / closes it', async () => {
    const updated = await trigger('charge.dispute.updated');
    expect(types(updated)).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'charge.dispute.created',
      'charge.dispute.updated',
    ]);
    await expectDelivered(updated);
    expect(updated.at(-1)?.data.previous_attributes).toEqual({ metadata: { foo: null } });
    expect(objectOf<Stripe.Dispute>(updated, 'charge.dispute.updated').metadata).toEqual({ foo: 'bar' });

    const closed = await trigger('charge.dispute.closed');
    expect(types(closed).slice(-2)).toEqual(['charge.dispute.created', 'charge.dispute.closed']);
    await expectDelivered(closed);
    expect(objectOf<Stripe.Dispute>(closed, 'charge.dispute.closed').status).toBe('warning_closed');
  });

  it.each([
    ['coupon.created', ['coupon.created']],
    ['coupon.updated', ['coupon.created', 'coupon.updated']],
    ['coupon.deleted', ['coupon.created', 'coupon.deleted']],
    ['promotion_code.created', ['coupon.created', 'promotion_code.created']],
    ['promotion_code.updated', ['coupon.created', 'promotion_code.created', 'promotion_code.updated']],
    ['tax_rate.created', ['tax_rate.created']],
    ['tax_rate.updated', ['tax_rate.created', 'tax_rate.updated']],
  ])('trigger %s', async (name, expected) => {
    const events = await trigger(name);
    expect(types(events)).toEqual(expected);
    await expectDelivered(events);
  });

  it('get, post and list sessions, list events, resend an event', async () => {
    const [latest] = (await h.stripe.checkout.sessions.list({ limit: 1 })).data;
    if (!latest) throw new Error('no session');
    const got = await cli.json<Stripe.Checkout.Session>(['get', `/v1/checkout/sessions/${latest.id}`]);
    expect(got).toMatchObject({ id: latest.id, object: 'checkout.session', status: latest.status });

    const price = await cli.json<Stripe.Price>([
      'post',
      '/v1/prices',
      '-d',
      'currency=eur',
      '-d',
      'unit_amount=990',
      '-d',
      'product_data[name]=Enamel mug',
    ]);
    const created = await cli.json<Stripe.Checkout.Session>([
      'post',
      '/v1/checkout/sessions',
      '-d',
      'mode=payment',
      '-d',
      'success_url=https://example.com/success',
      '-d',
      `line_items[0][price]=${price.id}`,
      '-d',
      'line_items[0][quantity]=3',
    ]);
    expect(created).toMatchObject({ status: 'open', amount_total: 2970, currency: 'eur' });
    const expired = await cli.json<Stripe.Checkout.Session>([
      'post',
      `/v1/checkout/sessions/${created.id}/expire`,
    ]);
    expect(expired.status).toBe('expired');

    const sessions = await cli.json<Stripe.ApiList<Stripe.Checkout.Session>>([
      'checkout',
      'sessions',
      'list',
      '--limit',
      '2',
    ]);
    expect(sessions.data.map((s) => s.id)).toEqual([created.id, latest.id]);
    expect(sessions.has_more).toBe(true);

    const listed = await cli.json<Stripe.ApiList<Stripe.Event>>(['events', 'list', '--limit', '3']);
    const newest = (await allEvents()).slice(-3).reverse();
    expect(listed.data.map((event) => event.id)).toEqual(newest.map((event) => event.id));
    const [expiredEvent] = listed.data;
    expect(expiredEvent?.type).toBe('checkout.session.expired');
    seen = (await allEvents()).length;

    if (!expiredEvent) throw new Error('no event');
    await delivered([expiredEvent]);
    const before = h.receiver.webhooks().length;
    const resent = await cli.json<Stripe.Event>(['events', 'resend', expiredEvent.id]);
    expect(resent.id).toBe(expiredEvent.id);
    const again = await waitFor(
      () => h.receiver.webhooks().length > before && h.receiver.webhooks().slice(before),
    );
    const verified = h.stripe.webhooks.constructEvent(
      again[0]?.body ?? '',
      again[0]?.headers['stripe-signature'] as string,
      h.emulator.webhookSecret,
    );
    expect(verified.id).toBe(expiredEvent.id);
    // The attempt is recorded once the receiver's answer is back, which may be just after it got the request.
    const deliveries = await waitFor(async () => {
      const rows = await h.control.deliveries(`?event_id=${expiredEvent.id}`);
      return rows.length === 2 && rows;
    });
    expect(deliveries.map((d) => d.copy ?? 'original')).toEqual(['original', 'resend']);
  });
});
