import { describe, expect, it } from 'vitest';
import { ENGINES } from './support/databases.js';
import { eventually } from './support/net.js';
import { PRODUCTS, type Stack, orderReaches, stacksForEachTest } from './support/stack.js';

/**
 * 3-D Secure through the store: Stripe's test cards that ask for authentication, answered as the customer would
 * on Stripe's test page (the emulator's control API stands in for the clicks).
 */
const stack = stacksForEachTest();

interface AuthenticateReply {
  outcome: string;
  code?: string;
  session: { payment_intent: string | null; status: string };
}

async function authenticate(s: Stack, intentId: string, outcome: 'complete' | 'fail') {
  const res = await fetch(`${s.emulator.url}/_emulator/payment_intents/${intentId}/authenticate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcome }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as AuthenticateReply;
}

/** The store has recorded (and answered) the webhook of this type for the session's intent. */
function storeSaw(s: Stack, intentId: string, type: string) {
  return eventually(
    async () => {
      const events = await s.control.allEvents();
      const event = events.find((e) => e.type === type && e.data.object.id === intentId);
      return event ? ((await s.sql.stripeEvent(event.id)) ?? undefined) : undefined;
    },
    { timeoutMs: 15_000, what: `the store to record ${type}` },
  );
}

describe.each(ENGINES)('3-D Secure on %s', (engine) => {
  it('success: the payment waits for authentication (the order stays pending), then the order is paid', async () => {
    const s = await stack(engine);
    const { orderId, orderToken, sessionId } = await s.api.order([{ id: PRODUCTS[1]!.id, quantity: 1 }]);
    const waiting = (await s.control.pay(sessionId, '4000002760003184')) as unknown as {
      outcome: string;
      paymentIntent: { id: string; status: string };
    };
    expect(waiting.outcome).toBe('requires_action');
    const intentId = waiting.paymentIntent.id;
    // payment_intent.requires_action reaches the store, which acknowledges it and changes nothing.
    expect(await storeSaw(s, intentId, 'payment_intent.requires_action')).not.toBeNull();
    expect(await s.sql.order(orderId)).toMatchObject({ status: 'pending', amount_received: null });
    expect((await s.api.get(orderId, orderToken)).body.order.status).toBe('pending');

    const done = await authenticate(s, intentId, 'complete');
    expect(done.outcome).toBe('succeeded');
    const paid = await orderReaches(s, orderId, 'paid');
    expect(paid).toMatchObject({ amount_received: PRODUCTS[1]!.unitAmount, payment_intent_id: intentId });
    expect((await s.sql.attempts(orderId))[0]).toMatchObject({ status: 'complete', payment_status: 'paid' });
  });

  it('failure: the order fails as authentication_failed, keeps its items, and another card then pays it', async () => {
    const s = await stack(engine);
    const items = [
      { id: PRODUCTS[0]!.id, quantity: 2 },
      { id: PRODUCTS[3]!.id, quantity: 1 },
    ];
    const { orderId, orderToken, sessionId } = await s.api.order(items);
    const failed = await s.control.pay(sessionId, '4000000000003220', { three_d_secure: 'fail' });
    expect(failed).toMatchObject({ outcome: 'declined' });

    const order = await orderReaches(s, orderId, 'failed');
    expect(order.status_reason).toBe('payment_intent_authentication_failure');
    const view = (await s.api.get(orderId, orderToken)).body.order;
    expect(view).toMatchObject({
      status: 'failed',
      statusReason: 'authentication_failed',
      actions: { retry: true, cancel: true },
    });
    // Nothing was charged, and the session is still open at Stripe: the customer may try another card there.
    expect((await s.stripe.checkout.sessions.retrieve(sessionId)).status).toBe('open');
    expect(await s.sql.count('payments')).toBe(0);

    // The store's retry: a new session for the same items, paid with a card that needs no challenge.
    const retried = await s.api.retry(orderId, orderToken);
    expect(retried.status).toBe(201);
    const lines = await s.stripe.checkout.sessions.listLineItems(retried.body.sessionId);
    expect(lines.data.map((l) => [l.description, l.quantity])).toEqual([
      [PRODUCTS[0]!.title, 2],
      [PRODUCTS[3]!.title, 1],
    ]);
    await s.control.pay(retried.body.sessionId, '4242424242424242');
    const paid = await orderReaches(s, orderId, 'paid');
    expect(paid.amount_received).toBe(PRODUCTS[0]!.unitAmount * 2 + PRODUCTS[3]!.unitAmount);
  });

  it('failure, then the same session paid with another card: paid', async () => {
    const s = await stack(engine);
    const { orderId, sessionId } = await s.api.order();
    await s.control.pay(sessionId, '4000002500003155', { three_d_secure: 'fail' });
    await orderReaches(s, orderId, 'failed');
    const paid = await s.control.pay(sessionId, '4242424242424242');
    expect(paid.outcome).toBe('succeeded');
    await orderReaches(s, orderId, 'paid');
  });

  it('authenticated, then declined (4000 0082 6000 3178): the order fails as insufficient_funds', async () => {
    const s = await stack(engine);
    const { orderId, orderToken, sessionId } = await s.api.order();
    const declined = await s.control.pay(sessionId, '4000008260003178', { three_d_secure: 'complete' });
    expect(declined).toMatchObject({ outcome: 'declined', declineCode: 'insufficient_funds' });
    const order = await orderReaches(s, orderId, 'failed');
    expect(order.status_reason).toBe('insufficient_funds');
    expect((await s.api.get(orderId, orderToken)).body.order.statusReason).toBe('insufficient_funds');
  });
});
