import { afterEach, describe, expect, it } from 'vitest';
import { type AuditReport, type ChaosOrder, World } from './support/world.js';

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

async function verdict(name: string, w: World, orders: ChaosOrder[]) {
  // Stripe retries what failed during the fault; then time passes (delayed payments, expiries).
  const undelivered = await w.settleDeliveries();
  await w.letTimePass();
  undelivered.push(...(await w.settleDeliveries()));
  const mismatches = await w.converge(orders);
  const audit = await w.audit();
  expect(undelivered, 'events Stripe could never deliver').toEqual([]);
  report(name, orders, audit, mismatches);
  expect(mismatches.slice(0, 10)).toEqual([]);
  expect(audit.lost).toEqual([]);
  expect(audit.doubled).toEqual([]);
  expect(audit.unrecordedTransitions).toEqual([]);
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

  it('two store instances on one PostgreSQL behind a round-robin front, with duplicated deliveries', async () => {
    world = await World.create({ instances: 2 });
    const w = world;
    await w.control.chaos({ duplicateRate: 0.5 });
    const orders = await w.createOrders(ORDERS);
    await w.storm(orders);
    const audit = await verdict('two instances', w, orders);
    expect(audit.duplicatesAtStore).toBeGreaterThan(0);
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
});
