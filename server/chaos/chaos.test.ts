import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../src/db/database.js';
import { eventually } from '../test/support/net.js';
import { afterPaymentActual, afterPaymentTruth, afterPlanOf, payAndAfter } from './support/after-payment.js';
import { type AuditReport, type ChaosOrder, type TruthView, World, pool } from './support/world.js';

/**
 * Proof under fire: hundreds of real checkouts through the Stripe emulator while faults are injected,
 * then an audit against Stripe's truth. CHAOS_ORDERS sets the size per scenario (200; 100 in CI, to keep the
 * whole suite well under 15 minutes on two cores).
 */
const ORDERS = Number(process.env.CHAOS_ORDERS ?? (process.env.CI ? 100 : 200));

let world: World | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

function report(name: string, orders: ChaosOrder[], audit: AuditReport, mismatches: string[]) {
  console.info(
    `[chaos] ${name}: ${orders.length} checkouts, ${audit.events} events, ${audit.deliveryAttempts} delivery attempts ` +
      `(${audit.failedAttempts} failed, ${audit.retries} retries), ${audit.duplicatesAtStore} duplicates absorbed, ` +
      `${audit.errorsAtStore} store-side 5xx, ${audit.recorded} recorded, mismatches = ${mismatches.length}, ` +
      `lost = ${audit.lost.length}, doubled = ${audit.doubled.length}`,
  );
}

async function verdict(name: string, w: World, orders: ChaosOrder[], view?: TruthView) {
  // Stripe retries what failed during the fault; then time passes (delayed payments, expiries).
  const undelivered = await w.settleDeliveries();
  await w.letTimePass();
  undelivered.push(...(await w.settleDeliveries()));
  const mismatches = await w.converge(orders, view);
  const audit = await w.audit();
  expect(undelivered, 'events Stripe could never deliver').toEqual([]);
  report(name, orders, audit, mismatches);
  expect(mismatches.slice(0, 10)).toEqual([]);
  expect(audit.lost).toEqual([]);
  expect(audit.doubled).toEqual([]);
  expect(audit.unrecordedTransitions).toEqual([]);
  // Thousands of log lines (every request, every warning): not one carries a secret of this run.
  expect(w.leakedSecrets(orders)).toEqual([]);
  return audit;
}

describe('chaos', () => {
  it('the store is killed with SIGKILL in the middle of a webhook storm and restarted', async () => {
    world = await World.create({ instances: 1 });
    const w = world;
    const orders = await w.createOrders(ORDERS);
    const fault: { done?: Promise<void> } = {};
    await w.storm(orders, (done) => {
      if (done === Math.floor(orders.length / 3) && !fault.done) {
        fault.done = (async () => {
          await w.stores[0]!.kill('SIGKILL');
          await new Promise((r) => setTimeout(r, 1500));
          await w.stores[0]!.start();
        })();
      }
    });
    await fault.done;
    const audit = await verdict('sigkill', w, orders);
    expect(audit.failedAttempts).toBeGreaterThan(0); // the kill was felt
  });

  it('PostgreSQL is unreachable for 10 s during a storm: 5xx, retries, nothing lost', async () => {
    world = await World.create({ instances: 1, databaseProxy: true });
    const w = world;
    const orders = await w.createOrders(ORDERS);
    const fault: { done?: Promise<void> } = {};
    await w.storm(orders, (done) => {
      if (done === Math.floor(orders.length / 4) && !fault.done) {
        fault.done = (async () => {
          w.proxy!.cut();
          await new Promise((r) => setTimeout(r, 10_000));
          w.proxy!.restore();
        })();
      }
    });
    await fault.done;
    const audit = await verdict('database outage', w, orders);
    expect(audit.failedAttempts).toBeGreaterThan(0);
  });

  it('two store instances on one PostgreSQL behind a round-robin front, with duplicated deliveries: one confirmation e-mail per paid order', async () => {
    world = await World.create({ instances: 2, mail: true });
    const w = world;
    await w.control.chaos({ duplicateRate: 0.5 });
    const orders = await w.createOrders(ORDERS);
    await w.storm(orders);
    const audit = await verdict('two instances', w, orders);
    expect(audit.duplicatesAtStore).toBeGreaterThan(0);
    // Both instances send from the one outbox: every paid order exactly one confirmation, none sent twice.
    const mail = await w.mailAudit(orders);
    console.info(`[chaos] two instances: ${mail.paid} paid orders, ${mail.sent} e-mails received`);
    expect(mail.paid).toBeGreaterThan(0);
    expect(mail.wrong.slice(0, 10)).toEqual([]);
    expect(mail.duplicated).toEqual([]);
  });

  it('emulator chaos: 30 % duplicates, reordering within 2 s, 20 % failing attempts, delays', async () => {
    world = await World.create({ instances: 1 });
    const w = world;
    await w.control.chaos({ duplicateRate: 0.3, reorderWindowMs: 2000, failRate: 0.2, delayMs: 200 });
    const orders = await w.createOrders(ORDERS);
    await w.storm(orders);
    const audit = await verdict('emulator chaos', w, orders);
    expect(audit.duplicatesAtStore).toBeGreaterThan(0);
    expect(audit.retries).toBeGreaterThan(0);
  });

  it('every webhook of some sessions is lost: reconciliation brings them right', async () => {
    world = await World.create({ instances: 1 });
    const w = world;
    const orders = await w.createOrders(ORDERS);
    const dropped = orders.filter((o) => o.index % 5 === 0);
    await w.control.chaos({ dropSessions: dropped.map((o) => o.sessionId) });
    await w.storm(orders);
    await verdict('lost webhooks', w, orders);
  });

  it('abandoned flood: a paid order whose webhooks were all lost is found among 1,000 abandoned checkouts, pending debits and lost sessions', async () => {
    world = await World.create({ instances: 1 });
    const w = world;
    const abandoned = await w.createOrders(10 * ORDERS);
    const debits = abandoned.slice(0, 20);
    await pool(debits, 8, (o) => w.control.payLater(o.sessionId, 'succeed_later').then(() => undefined));
    // Sessions Stripe answers 404 for (created with another account's key, or purged).
    const gone = abandoned.slice(20, 40);
    for (const o of gone) {
      await w.database.db.execute(
        sql`update checkout_attempts set session_id = ${`cs_test_gone_${o.index}`} where order_id = ${o.orderId}`,
      );
    }
    const paid = (await w.createOrders(50)).map((o) => ({ ...o, plan: 'pay' as const }));
    await w.control.chaos({ dropSessions: paid.map((o) => o.sessionId) });
    await pool(paid, 16, (o) => w.control.pay(o.sessionId).then(() => undefined));
    const passes = new Set<string>();
    await eventually(
      async () => {
        passes.add(String(await w.lastReconcileRun()));
        const statuses = await w.statuses();
        return paid.every((o) => statuses.get(o.orderId) === 'paid') ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 200, what: 'every paid order to be found' },
    );
    console.info(
      `[chaos] abandoned flood: ${abandoned.length} abandoned, ${debits.length} pending debits, ${gone.length} lost sessions; ` +
        `50 paid orders with every webhook lost all found within ${passes.size} reconcile passes`,
    );
    // Found by the events sweep in the first passes after the payments, whatever the size of the watch list.
    expect(passes.size).toBeLessThanOrEqual(3);
    const recovered = await queryRows<{ n: number }>(
      w.database.db,
      sql`select count(*)::int as n from stripe_events where channel = 'sweep' and type = 'checkout.session.completed'
          and object_id in ${paid.map((o) => o.sessionId)}`,
    );
    // (A pending debit's own completion may be swept too when the sweep passes before its webhook lands.)
    expect(Number(recovered[0]?.n)).toBe(50);
    await w.control.chaos({ dropSessions: [] });
    await verdict('abandoned flood', w, [...abandoned.filter((o) => !gone.includes(o)), ...paid]);
  });

  it("foreign sessions: sessions carrying real orders' ids, paid and expired during a storm, change no order", async () => {
    world = await World.create({ instances: 1 });
    const w = world;
    const orders = await w.createOrders(ORDERS);
    const targets = orders.filter((o) => o.index % 3 === 0);
    const foreign: string[] = [];
    const attack = pool(targets, 4, async (target) => {
      const claims = { order_id: target.orderId, attempt_no: '1' };
      const session = await w.stripe.checkout.sessions.create({
        mode: 'payment',
        success_url: 'https://elsewhere.example/ok',
        line_items: [
          {
            quantity: 1,
            price_data: { currency: 'usd', unit_amount: 50, product_data: { name: 'Sticker' } },
          },
        ],
        client_reference_id: target.orderId,
        metadata: claims,
        payment_intent_data: { metadata: claims },
      });
      foreign.push(session.id);
      if (target.index % 2 === 0) {
        await w.control.pay(session.id, '4000000000000002');
        await w.control.pay(session.id);
      } else {
        await w.stripe.checkout.sessions.expire(session.id);
      }
    });
    await Promise.all([w.storm(orders), attack]);
    const audit = await verdict('foreign sessions', w, orders);
    // Everything the foreign sessions caused is recorded as unmatched; none of it reached an order.
    const placed = await queryRows<{ n: number }>(
      w.database.db,
      sql`select count(*)::int as n from stripe_events e
          where e.object_id in ${foreign} and e.outcome <> 'unmatched'`,
    );
    expect(Number(placed[0]?.n)).toBe(0);
    const foreignPayments = await queryRows<{ n: number }>(
      w.database.db,
      sql`select count(*)::int as n from payments where session_id in ${foreign} or amount = 50`,
    );
    expect(Number(foreignPayments[0]?.n)).toBe(0);
    expect(audit.recorded).toBeGreaterThan(0);
  });

  it('after the payment: refunds (some failing days later), disputes won, lost and open, inquiries and fraud warnings, with dropped, duplicated and reordered webhooks', async () => {
    world = await World.create({ instances: 1 });
    const w = world;
    const orders = await w.createOrders(ORDERS);
    // Every webhook of one order in four is lost (the sweep must find them); the rest are duplicated and reordered.
    await w.control.chaos({
      duplicateRate: 0.3,
      reorderWindowMs: 1000,
      dropSessions: orders.filter((o) => o.index % 4 === 0).map((o) => o.sessionId),
    });
    await payAndAfter(w, orders);
    const audit = await verdict('after the payment', w, orders, {
      truth: (order) => afterPaymentTruth(w, order),
      actual: () => afterPaymentActual(w),
    });
    expect(audit.duplicatesAtStore).toBeGreaterThan(0);
    // Every kind of after-payment object reached the store, through webhooks and through the sweep.
    const kinds = await queryRows<{ type: string; channel: string }>(
      w.database.db,
      sql`select distinct type, channel from stripe_events where type not like 'checkout.%'`,
    );
    for (const type of ['refund.failed', 'charge.dispute.closed', 'radar.early_fraud_warning.updated']) {
      expect(
        kinds
          .filter((k) => k.type === type)
          .map((k) => k.channel)
          .sort(),
      ).toEqual(['sweep', 'webhook']);
    }
    const plans = new Set(orders.map((o) => afterPlanOf(o.index)));
    expect(plans.size).toBe(11);
  });
});
