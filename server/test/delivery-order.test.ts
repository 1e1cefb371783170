import { HANDLED_STRIPE_EVENT_TYPES } from '@checkstand/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deliver, ofType } from './support/events.js';
import {
  PRODUCTS,
  type Stack,
  type StripeEventLike,
  orderReaches,
  stacksForEachTest,
} from './support/stack.js';

/**
 * Delivery order never matters, through the real thing: for each scenario, a real checkout is paid (or not) at the
 * emulator with its webhooks held back, then fast-check delivers the events Stripe made, signed, to the real
 * webhook endpoint in a generated order with generated copies. Every run must end in the same status with one
 * history row per event and a history whose transitions chain. (The decision alone is checked over thousands of
 * permutations in `src/modules/payments/stripe-events/delivery-order.property.test.ts`.)
 */
const stack = stacksForEachTest();
const RUNS = 6;
const DECLINE = '4000000000000002';

interface Outcome {
  status: string;
  flags?: string[];
  amountRefunded?: number;
}

interface Scenario {
  name: string;
  expected: Outcome;
  /** Acts at the emulator (and the store, as the customer would) with the order's webhooks held back. */
  act: (s: Stack, order: { orderId: string; orderToken: string; sessionId: string }) => Promise<string[]>;
  /** Events to deliver besides the ones Stripe made (a second payment reported for the same order). */
  extra?: (s: Stack, events: StripeEventLike[], order: { sessionId: string }) => Promise<StripeEventLike[]>;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'card success',
    expected: { status: 'paid' },
    act: async (s, o) => (await s.control.pay(o.sessionId), [o.sessionId]),
  },
  {
    name: 'decline, then success in the same session',
    expected: { status: 'paid' },
    act: async (s, o) => {
      await s.control.pay(o.sessionId, DECLINE);
      await s.control.pay(o.sessionId);
      return [o.sessionId];
    },
  },
  {
    name: 'decline, then a SEPA debit that succeeds',
    expected: { status: 'paid' },
    act: async (s, o) => {
      await s.control.pay(o.sessionId, DECLINE);
      await s.control.payLater(o.sessionId, 'succeed_later');
      await s.control.advanceClock(181);
      return [o.sessionId];
    },
  },
  {
    name: 'decline, then a SEPA debit that fails',
    expected: { status: 'failed' },
    act: async (s, o) => {
      await s.control.pay(o.sessionId, DECLINE);
      await s.control.payLater(o.sessionId, 'fail_later');
      await s.control.advanceClock(181);
      return [o.sessionId];
    },
  },
  {
    name: 'decline, then expiry',
    expected: { status: 'expired' },
    act: async (s, o) => {
      await s.control.pay(o.sessionId, DECLINE);
      await s.control.advanceClock(61 * 60);
      return [o.sessionId];
    },
  },
  {
    name: 'decline, retry, payment of the new session',
    expected: { status: 'paid' },
    act: async (s, o) => {
      await s.control.pay(o.sessionId, DECLINE);
      const retried = await s.api.retry(o.orderId, o.orderToken);
      expect(retried.status).toBe(201);
      await s.control.chaos({ dropSessions: [o.sessionId, retried.body.sessionId] });
      await s.control.pay(retried.body.sessionId);
      return [o.sessionId, retried.body.sessionId];
    },
  },
  {
    name: 'payment, a partial refund, then the rest refunded',
    expected: { status: 'refunded', amountRefunded: PRODUCTS[0]!.unitAmount },
    act: async (s, o) => {
      await s.control.pay(o.sessionId);
      const session = await s.stripe.checkout.sessions.retrieve(o.sessionId);
      await s.stripe.refunds.create({ payment_intent: session.payment_intent as string, amount: 100 });
      await s.stripe.refunds.create({ payment_intent: session.payment_intent as string });
      return [o.sessionId];
    },
  },
  {
    name: 'a full refund that fails later (the card was closed)',
    expected: { status: 'paid', amountRefunded: 0 },
    act: async (s, o) => {
      await s.control.pay(o.sessionId, '4000000000005126');
      const session = await s.stripe.checkout.sessions.retrieve(o.sessionId);
      await s.stripe.refunds.create({ payment_intent: session.payment_intent as string });
      await s.control.advanceClock(10);
      return [o.sessionId];
    },
  },
  {
    name: 'a dispute, lost',
    expected: { status: 'paid', flags: ['dispute_lost'] },
    act: async (s, o) => {
      await s.control.pay(o.sessionId, '4000000000000259');
      const session = await s.stripe.checkout.sessions.retrieve(o.sessionId);
      const [dispute] = (await s.stripe.disputes.list({ payment_intent: session.payment_intent as string }))
        .data;
      await s.control.closeDispute(dispute!.id, 'lost');
      return [o.sessionId];
    },
  },
  {
    name: 'an early fraud warning answered with a full refund',
    expected: { status: 'refunded', flags: [], amountRefunded: PRODUCTS[0]!.unitAmount },
    act: async (s, o) => {
      await s.control.pay(o.sessionId, '4000000000005423');
      const session = await s.stripe.checkout.sessions.retrieve(o.sessionId);
      await s.stripe.refunds.create({ payment_intent: session.payment_intent as string });
      return [o.sessionId];
    },
  },
  {
    name: 'a second payment reported for the same order',
    expected: { status: 'paid', flags: ['duplicate_payment'] },
    act: async (s, o) => (await s.control.pay(o.sessionId), [o.sessionId]),
    extra: async (s, events) => {
      const second = await s.stripe.paymentIntents.create({
        amount: PRODUCTS[0]!.unitAmount,
        currency: 'usd',
        payment_method: 'pm_card_visa',
        confirm: true,
      });
      const ghost = structuredClone(ofType(events, 'checkout.session.completed'));
      ghost.id = `evt_second_${second.id}`;
      Object.assign(ghost.data.object, { payment_intent: second.id });
      return [ghost];
    },
  },
];

/** Every order and copy of the events: a shuffle, then each event 1 to 3 times, copies anywhere after it. */
const deliveries = (count: number) =>
  fc.tuple(
    fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: count, maxLength: count }),
    fc.array(fc.integer({ min: 0, max: 2 }), { minLength: count, maxLength: count }),
  );

function arrange<T>(items: T[], [keys, copies]: [number[], number[]]): T[] {
  const order = items.map((item, i) => ({ item, key: keys[i]! })).sort((a, b) => a.key - b.key);
  const sequence = order.map((o) => o.item);
  order.forEach(({ item }, i) => {
    for (let c = 0; c < copies[i]!; c += 1) {
      const at = sequence.indexOf(item);
      sequence.splice(at + 1 + Math.floor(keys[i]! * (sequence.length - at)), 0, item);
    }
  });
  return sequence;
}

describe('delivery order never matters, through the webhook', () => {
  it.each(SCENARIOS)('$name', async (scenario) => {
    const s = await stack('pglite');
    await fc.assert(
      fc.asyncProperty(deliveries(12), async (arrangement) => {
        const order = await s.api.order([{ id: PRODUCTS[0]!.id, quantity: 1 }]);
        await s.control.chaos({ dropSessions: [order.sessionId] });
        const sessions = await scenario.act(s, order);
        const made: StripeEventLike[] = [];
        for (const sessionId of sessions) made.push(...(await s.control.events(sessionId)));
        const handled = made.filter((e) =>
          (HANDLED_STRIPE_EVENT_TYPES as readonly string[]).includes(e.type),
        );
        handled.push(...((await scenario.extra?.(s, handled, order)) ?? []));
        const sequence = arrange(handled, [
          arrangement[0].slice(0, handled.length),
          arrangement[1].slice(0, handled.length),
        ]);
        // An event that cannot be placed yet (a refund before its payment) is answered 503: Stripe delivers it
        // again later, as here once the others are in.
        let deferred: StripeEventLike[] = [];
        for (const event of sequence) {
          const res = await deliver(s, event);
          if (res.status === 503) deferred.push(event);
          else expect(res.status).toBe(200);
        }
        for (let round = 0; round < 3 && deferred.length > 0; round += 1) {
          const again = deferred;
          deferred = [];
          for (const event of again) if ((await deliver(s, event)).status === 503) deferred.push(event);
        }
        expect(deferred.map((e) => e.type)).toEqual([]);

        const final = await orderReaches(s, order.orderId, scenario.expected.status, 5_000);
        expect(final).toMatchObject({
          ...(scenario.expected.flags ? { flags: scenario.expected.flags } : { flags: [] }),
          ...(scenario.expected.amountRefunded !== undefined
            ? { amount_refunded: scenario.expected.amountRefunded }
            : {}),
        });
        const history = await s.sql.history(order.orderId);
        const fromEvents = history.filter((h) => h.stripe_event_id !== null).map((h) => h.stripe_event_id);
        expect(new Set(fromEvents).size).toBe(fromEvents.length);
        let status: string | null = null;
        for (const row of history.filter((h) => h.to_status !== null)) {
          if (status !== null) expect(row.from_status).toBe(status);
          status = row.to_status;
        }
        expect(status).toBe(scenario.expected.status);
      }),
      { numRuns: RUNS },
    );
  });
});
