import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionParams, startHarness, waitFor, type Harness } from './support/harness.js';

/**
 * Events are rendered for the webhook endpoint's API version: an endpoint pinned to a version older than one of
 * Stripe's breaking changes receives the object in the shape it had then (webhooks/version-shapes.ts), signed
 * like any delivery; the emulator's own `--forward-to` endpoint, pinned to nothing, gets the current shape.
 */
let h: Harness;
const verifier = new Stripe('sk_test_verifier');

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

/** Creates an endpoint pinned to `version` for `events`; returns a reader of its deliveries and the forwarded ones. */
async function pinned(version: Stripe.WebhookEndpointCreateParams.ApiVersion, events: string[]) {
  const path = `/pinned-${version}`;
  const endpoint = await h.stripe.webhookEndpoints.create({
    url: `${h.receiver.url}${path}`,
    enabled_events: events as Stripe.WebhookEndpointCreateParams.EnabledEvent[],
    api_version: version,
  });
  /** The event of `type` about `objectId`, as the pinned endpoint and the forward endpoint received it. */
  return async (type: string, objectId: string) =>
    waitFor(() => {
      const find = (at: string, secret: string) => {
        for (const request of h.receiver.webhooks().filter((r) => r.path === at)) {
          const event = verifier.webhooks.constructEvent(
            request.body,
            request.headers['stripe-signature'] as string,
            secret,
          );
          const object = event.data.object as unknown as Record<string, unknown>;
          if (event.type === type && object.id === objectId) return { event, object };
        }
        return undefined;
      };
      const old = find(path, endpoint.secret ?? '');
      const current = find('/webhook', h.emulator.webhookSecret);
      return old && current && { old, current };
    });
}

describe('events rendered for an endpoint pinned to an older API version', () => {
  it('before 2025-03-31: a session has shipping_details at its top level, intents and charges an invoice', async () => {
    const received = await pinned('2025-02-24.acacia', [
      'checkout.session.completed',
      'payment_intent.succeeded',
    ]);
    const session = await h.stripe.checkout.sessions.create(
      sessionParams({ shipping_address_collection: { allowed_countries: ['DE'] } }),
    );
    expect((await h.control.pay(session.id, { card: '4242424242424242' })).body.outcome).toBe('succeeded');

    const completed = await received('checkout.session.completed', session.id);
    expect(completed.old.event.api_version).toBe('2025-02-24.acacia');
    expect(completed.old.event.id).toBe(completed.current.event.id);
    const collected = completed.current.object.collected_information as { shipping_details: unknown };
    expect(collected.shipping_details).toMatchObject({ address: { country: 'DE' } });
    expect(completed.old.object.shipping_details).toEqual(collected.shipping_details);
    expect(completed.current.object).not.toHaveProperty('shipping_details');

    const intentId = completed.current.object.payment_intent as string;
    const succeeded = await received('payment_intent.succeeded', intentId);
    expect(succeeded.old.object.invoice).toBeNull();
    expect(succeeded.current.object).not.toHaveProperty('invoice');
  });

  it('before 2025-09-30: a promotion code embeds its coupon instead of promotion.coupon', async () => {
    const received = await pinned('2025-08-27.basil', ['promotion_code.created']);
    const coupon = await h.stripe.coupons.create({ duration: 'once', percent_off: 15 });
    const code = await h.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'SPRING15',
    });
    const created = await received('promotion_code.created', code.id);
    expect(created.current.object.promotion).toEqual({ type: 'coupon', coupon: coupon.id });
    expect(created.current.object).not.toHaveProperty('coupon');
    expect(created.old.object).not.toHaveProperty('promotion');
    expect(created.old.object.coupon).toMatchObject({ id: coupon.id, object: 'coupon', percent_off: 15 });
  });

  it('before 2024-04-10: a product has features, not marketing_features', async () => {
    const received = await pinned('2023-10-16', ['product.created']);
    const product = await h.stripe.products.create({
      name: 'Mug',
      marketing_features: [{ name: 'Dishwasher safe' }],
    });
    const created = await received('product.created', product.id);
    expect(created.old.event.api_version).toBe('2023-10-16');
    expect(created.old.object.features).toEqual([{ name: 'Dishwasher safe' }]);
    expect(created.old.object).not.toHaveProperty('marketing_features');
    expect(created.current.object.marketing_features).toEqual([{ name: 'Dishwasher safe' }]);
    expect(created.current.object).not.toHaveProperty('features');
  });
});
