import {
  AdminOrderDetail,
  AdminOrdersPage,
  Dashboard,
  ErrorBody,
  FulfilmentEnvelope,
  NotReadyDetails,
} from '@checkstand/contract';
import { describe, expect, it } from 'vitest';
import { Reconciler } from '../src/modules/payments/reconcile/reconciler.service.js';
import { ADMIN_ENV, AdminClient } from './support/admin.js';
import { ENGINES } from './support/databases.js';
import { eventually } from './support/net.js';
import { PRODUCTS, type Stack, orderReaches, startStack, stacksForEachTest } from './support/stack.js';

/**
 * After the payment (issue "refunds that fail, disputes, early fraud warnings, and a ready-to-ship gate"): Stripe's
 * documented test cards at the emulator, signed webhooks to the real store, the owner at the admin API.
 */
const stack = stacksForEachTest({ env: ADMIN_ENV });

const CARDS = {
  refundFailsLater: '4000000000005126',
  disputeFraudulent: '4000000000000259',
  disputeNotReceived: '4000000000002685',
  inquiry: '4000000000001976',
  earlyFraudWarning: '4000000000005423',
};
const TOTAL = PRODUCTS[0]!.unitAmount;

async function loggedIn(s: Stack): Promise<AdminClient> {
  const admin = new AdminClient(s.store.baseUrl);
  expect((await admin.login()).status).toBe(200);
  return admin;
}

/** An order of one product, paid with `card` and seen paid by the store. */
async function paidWith(s: Stack, card: string) {
  const created = await s.api.order([{ id: PRODUCTS[0]!.id, quantity: 1 }]);
  expect((await s.control.pay(created.sessionId, card)).outcome).toBe('succeeded');
  await orderReaches(s, created.orderId, 'paid');
  return created;
}

const detailOf = (admin: AdminClient, orderId: string) =>
  admin.expect(AdminOrderDetail, 'GET', `/api/admin/orders/${orderId}`);

/** Waits until the order's admin view satisfies `check`. */
function detailReaches(
  admin: AdminClient,
  orderId: string,
  what: string,
  check: (d: AdminOrderDetail) => boolean,
) {
  return eventually(
    async () => {
      const detail = await detailOf(admin, orderId);
      return check(detail) ? detail : undefined;
    },
    { what: `order ${orderId}: ${what}` },
  );
}

describe.each(ENGINES)('after the payment, on %s', (engine) => {
  it('a refund that fails days later gives the order its money back, says why, and can be made again', async () => {
    const s = await stack(engine);
    const admin = await loggedIn(s);
    const { orderId } = await paidWith(s, CARDS.refundFailsLater);
    const refund = await admin.call('POST', `/api/admin/orders/${orderId}/refund`, {
      amount: TOTAL,
      idempotencyKey: 'refund-all-1',
    });
    expect(refund.status).toBe(201);
    expect((await orderReaches(s, orderId, 'refunded')).amount_refunded).toBe(TOTAL);

    // The customer's card was closed: Stripe reports the refund failed (refund.updated, charge.refund.updated,
    // refund.failed).
    await s.control.advanceClock(10);
    const back = await orderReaches(s, orderId, 'paid');
    expect(back.amount_refunded).toBe(0);
    const detail = await detailOf(admin, orderId);
    expect(detail.refunds).toEqual([
      expect.objectContaining({ status: 'failed', failureReason: 'expired_or_canceled_card', amount: TOTAL }),
    ]);
    expect(detail.money).toMatchObject({ received: TOTAL, refunded: 0, net: TOTAL, refundsPending: 0 });
    expect(detail.payments[0]!.refundable).toBe(TOTAL);
    const failedRow = detail.events.find((e) => e.detail.note === 'refund_failed' && e.toStatus === 'paid');
    expect(failedRow).toMatchObject({ fromStatus: 'refunded', source: 'webhook' });
    expect(failedRow!.detail.refunds).toEqual([
      expect.objectContaining({ status: 'failed', failureReason: 'expired_or_canceled_card' }),
    ]);

    // The owner tries again (another refund, another key).
    const again = await admin.call('POST', `/api/admin/orders/${orderId}/refund`, {
      amount: TOTAL,
      idempotencyKey: 'refund-all-2',
    });
    expect(again.status).toBe(201);
    await orderReaches(s, orderId, 'refunded');
  });

  it('a dispute blocks shipping, shows on the dashboard, needs an override, and a lost one is money lost', async () => {
    const s = await stack(engine);
    const admin = await loggedIn(s);
    const ready = await paidWith(s, '4242424242424242');
    const { orderId } = await paidWith(s, CARDS.disputeFraudulent);
    const disputed = await detailReaches(admin, orderId, 'a dispute', (d) => d.disputes.length === 1);
    expect(disputed.order.flags).toEqual(['dispute_open']);
    expect(disputed.disputes[0]).toMatchObject({
      status: 'needs_response',
      reason: 'fraudulent',
      amount: TOTAL,
      amountWithdrawn: TOTAL,
      afterFulfilment: false,
    });
    expect(disputed.disputes[0]!.evidenceDueBy).not.toBeNull();
    expect(disputed.fulfilment).toMatchObject({ readyToShip: false, notReadyBecause: ['dispute_open'] });
    expect(disputed.money).toMatchObject({ received: TOTAL, disputed: TOTAL, lost: 0, net: TOTAL });
    expect(disputed.payments[0]!.refundable).toBe(0); // Stripe refuses to refund a disputed charge

    const dashboard = await admin.expect(Dashboard, 'GET', '/api/admin/dashboard');
    expect(dashboard.disputesNeedingResponse).toEqual([
      expect.objectContaining({
        orderId,
        disputeId: disputed.disputes[0]!.id,
        amount: TOTAL,
        currency: 'usd',
      }),
    ]);
    expect(dashboard.amountAtRisk).toEqual({ usd: TOTAL });
    expect(dashboard.readyToShip).toBe(1);
    const readyList = await admin.expect(AdminOrdersPage, 'GET', '/api/admin/orders?ready=true');
    expect(readyList.orders.map((o) => o.id)).toEqual([ready.orderId]);
    const blocked = await admin.expect(AdminOrdersPage, 'GET', '/api/admin/orders?ready=false');
    expect(blocked.orders.map((o) => [o.id, o.readyToShip])).toEqual([[orderId, false]]);
    const flagged = await admin.expect(AdminOrdersPage, 'GET', '/api/admin/orders?flag=dispute_open');
    expect(flagged.orders.map((o) => o.id)).toEqual([orderId]);

    // Shipping it is refused without an override, and nothing changes.
    const refused = await admin.call('POST', `/api/admin/orders/${orderId}/fulfilment`, { action: 'fulfil' });
    expect(refused.status).toBe(409);
    const error = ErrorBody.parse(refused.body).error;
    expect(error.code).toBe('not_ready_to_ship');
    expect(NotReadyDetails.parse(error.details).notReadyBecause).toEqual(['dispute_open']);
    expect((await detailOf(admin, orderId)).fulfilment.status).toBe('unfulfilled');
    // With one, it ships, and the history keeps who overrode what and why.
    const shipped = await admin.expect(
      FulfilmentEnvelope,
      'POST',
      `/api/admin/orders/${orderId}/fulfilment`,
      {
        action: 'fulfil',
        carrier: 'UPS',
        trackingNumber: '1Z999',
        overrideReason: 'The customer called: the dispute is a mistake',
      },
    );
    expect(shipped.fulfilment).toMatchObject({
      status: 'fulfilled',
      carrier: 'UPS',
      trackingNumber: '1Z999',
    });
    const history = (await detailOf(admin, orderId)).events;
    expect(history.find((e) => e.kind === 'order_fulfilled_override')?.detail).toMatchObject({
      by: ADMIN_ENV.ADMIN_EMAIL,
      overrideReason: 'The customer called: the dispute is a mistake',
      notReadyBecause: ['dispute_open'],
    });
    // A ready order ships without one.
    const plain = await admin.call('POST', `/api/admin/orders/${ready.orderId}/fulfilment`, {
      action: 'fulfil',
    });
    expect(plain.status).toBe(200);
    const again = await admin.call('POST', `/api/admin/orders/${ready.orderId}/fulfilment`, {
      action: 'fulfil',
    });
    expect(ErrorBody.parse(again.body).error.code).toBe('fulfilment_not_allowed');

    // The bank sides with the cardholder.
    await s.control.closeDispute(disputed.disputes[0]!.id, 'lost');
    const lost = await detailReaches(
      admin,
      orderId,
      'the dispute lost',
      (d) => d.disputes[0]?.status === 'lost',
    );
    expect(lost.order.flags).toEqual(['dispute_lost']);
    expect(lost.money).toMatchObject({ received: TOTAL, refunded: 0, disputed: 0, lost: TOTAL, net: 0 });
    expect(lost.order.status).toBe('paid');
    expect((await admin.expect(Dashboard, 'GET', '/api/admin/dashboard')).disputesNeedingResponse).toEqual(
      [],
    );
  });

  it('an inquiry blocks until it closes; an early fraud warning is answered with a full refund', async () => {
    const s = await stack(engine);
    const admin = await loggedIn(s);
    const inquiry = await paidWith(s, CARDS.inquiry);
    const asked = await detailReaches(admin, inquiry.orderId, 'an inquiry', (d) => d.disputes.length === 1);
    expect(asked.disputes[0]).toMatchObject({ status: 'warning_needs_response', amountWithdrawn: 0 });
    expect(asked.order.flags).toEqual(['dispute_open']);
    expect(asked.payments[0]!.refundable).toBe(0);

    const warned = await paidWith(s, CARDS.earlyFraudWarning);
    const warning = await detailReaches(
      admin,
      warned.orderId,
      'a warning',
      (d) => d.fraudWarnings.length === 1,
    );
    expect(warning.fraudWarnings[0]).toMatchObject({ actionable: true, afterFulfilment: false });
    expect(warning.fraudWarnings[0]!.fraudType).toMatch(/\w+/);
    expect(warning.order.flags).toEqual(['fraud_warning']);
    expect(warning.fulfilment.notReadyBecause).toEqual(['fraud_warning']);
    // Stripe's advice: refund it in full, which avoids the dispute; the warning is then no longer actionable.
    const refund = await admin.call('POST', `/api/admin/orders/${warned.orderId}/refund`, {
      amount: warning.payments[0]!.refundable,
      idempotencyKey: 'efw-refund',
    });
    expect(refund.status).toBe(201);
    const settled = await detailReaches(
      admin,
      warned.orderId,
      'the warning settled',
      (d) => !d.fraudWarnings[0]!.actionable,
    );
    expect(settled.order).toMatchObject({ status: 'refunded', flags: [] });
    expect(settled.fulfilment.notReadyBecause).toEqual(['refunded_in_full']);
  });

  it('lost webhooks of refunds and disputes are recovered by the events sweep', async () => {
    const s = await stack(engine);
    const created = await s.api.order([{ id: PRODUCTS[0]!.id, quantity: 1 }]);
    await s.control.chaos({ dropSessions: [created.sessionId] });
    await s.control.pay(created.sessionId, CARDS.disputeNotReceived);
    const reconciler = s.store.app.get(Reconciler);
    await reconciler.runOnce();
    const order = await s.sql.order(created.orderId);
    expect(order).toMatchObject({ status: 'paid', flags: ['dispute_open'] });
    const [dispute] = (await s.stripe.disputes.list({ payment_intent: order.payment_intent_id! })).data;
    await s.control.closeDispute(dispute!.id, 'won');
    await reconciler.runOnce();
    expect((await s.sql.order(created.orderId)).flags).toEqual([]);
  });
});

describe('after fulfilment', () => {
  it('a dispute arriving after the goods left is highlighted', async () => {
    const s = await startStack({ engine: 'pglite', env: ADMIN_ENV, emulator: { disputeDelaySeconds: 3600 } });
    try {
      const admin = await loggedIn(s);
      const { orderId } = await paidWith(s, CARDS.disputeFraudulent);
      const shipped = await admin.call('POST', `/api/admin/orders/${orderId}/fulfilment`, {
        action: 'fulfil',
        trackingNumber: 'TRK1',
      });
      expect(shipped.status).toBe(200);
      await s.control.advanceClock(3601);
      const late = await detailReaches(admin, orderId, 'a dispute', (d) => d.disputes.length === 1);
      expect(late.disputes[0]!.afterFulfilment).toBe(true);
      expect(late.events.find((e) => e.kind === 'charge.dispute.created')?.detail).toMatchObject({
        note: 'dispute_opened',
        afterFulfilment: true,
      });
      // Returned goods: the owner says so.
      const returned = await admin.expect(
        FulfilmentEnvelope,
        'POST',
        `/api/admin/orders/${orderId}/fulfilment`,
        {
          action: 'return',
        },
      );
      expect(returned.fulfilment.status).toBe('returned');
    } finally {
      await s.close();
    }
  });
});
