import {
  FULFILMENT_STATUSES,
  ORDER_FLAGS,
  ORDER_STATUSES,
  type FulfilmentStatus,
  type OrderStatus,
  notReadyBecause,
} from '@checkstand/contract';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, type TestDatabase, closeTemplate, readyDatabase } from '../../../test/support/databases.js';
import { createPendingOrder } from '../../../test/support/orders.js';
import { queryRows } from '../../db/database.js';
import { adminOrdersRepository as repo, readyToShipSql } from './admin-orders.repository.js';

/**
 * "Ready to ship" has one rule (the contract's `notReadyBecause`) and one SQL twin (the list filter, spelled like
 * the partial index `orders_ready_to_ship_idx`): every combination of status, flags and fulfilment must agree.
 */
describe.each(ENGINES)('ready to ship, the rule and its SQL, on %s', (engine) => {
  let test: TestDatabase;
  const combos: { id: string; status: OrderStatus; flags: string[]; fulfilment: FulfilmentStatus }[] = [];

  beforeAll(async () => {
    test = await readyDatabase(engine);
    const db = test.database.db;
    const flagSets = [[], ...ORDER_FLAGS.map((f) => [f]), [...ORDER_FLAGS]];
    let n = 0;
    for (const status of ORDER_STATUSES) {
      for (const flags of flagSets) {
        for (const fulfilment of FULFILMENT_STATUSES) {
          const id = `ord_ready${String(n++).padStart(8, '0')}`;
          await createPendingOrder(db, id);
          await db.execute(
            sql`update orders set status = ${status}, flags = ${`{${flags.join(',')}}`}::text[],
                fulfilment_status = ${fulfilment} where id = ${id}`,
          );
          combos.push({ id, status, flags, fulfilment });
        }
      }
    }
  }, 120_000);

  afterAll(async () => {
    await test?.dispose();
    await closeTemplate();
  });

  const listed = async (ready: boolean) => {
    const rows = await repo.list(
      test.database.db,
      { statuses: [], from: null, to: null, q: null, ready, flag: null },
      null,
      1000,
    );
    return new Set(rows.map((r) => r.id));
  };

  it('lists as ready exactly the orders the rule calls ready', async () => {
    const ready = await listed(true);
    for (const c of combos) {
      const rule = notReadyBecause({ status: c.status, flags: c.flags, fulfilmentStatus: c.fulfilment });
      expect(ready.has(c.id), `${c.status} ${c.flags.join('+')} ${c.fulfilment}`).toBe(rule.length === 0);
    }
  });

  it('lists as blocked the unshipped orders holding money that a flag or a mismatch stops', async () => {
    const blocked = await listed(false);
    for (const c of combos) {
      const reasons = notReadyBecause({ status: c.status, flags: c.flags, fulfilmentStatus: c.fulfilment });
      const expected =
        c.fulfilment === 'unfulfilled' &&
        ['paid', 'partially_refunded', 'payment_mismatch'].includes(c.status) &&
        reasons.length > 0;
      expect(blocked.has(c.id), `${c.status} ${c.flags.join('+')} ${c.fulfilment}`).toBe(expected);
    }
  });

  it.runIf(engine === 'postgres')('walks the partial index for the ready list', async () => {
    const db = test.database.db;
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const plan = await queryRows<{ 'QUERY PLAN': string }>(
        tx,
        sql`explain select id from orders where ${readyToShipSql} order by created_at desc nulls last, id desc nulls last limit 50`,
      );
      expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('orders_ready_to_ship_idx');
    });
  });
});
