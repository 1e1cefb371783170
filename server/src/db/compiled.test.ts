import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENGINES,
  type TestDatabase,
  closeTemplate,
  readyDatabase,
  warmTemplate,
} from '../../test/support/databases.js';
import { createPendingOrder } from '../../test/support/orders.js';
import { Compiled, CompiledFamily } from './compiled.js';
import { orders } from './schema.js';

/** A title that JSON and SQL must both carry unchanged. */
const MUGS = [{ productId: 'prod_x', title: 'Mug "Ø"', unitAmount: 2800, quantity: 2 }];

beforeAll(warmTemplate, 60_000);
afterAll(closeTemplate);

async function withDatabase(engine: (typeof ENGINES)[number], fn: (t: TestDatabase) => Promise<void>) {
  const t = await readyDatabase(engine);
  try {
    await fn(t);
  } finally {
    await t.dispose();
  }
}

describe.each(ENGINES)('compiled statements on %s', (engine) => {
  it('map rows exactly as the drizzle builder does, with fresh values on every run', async () => {
    await withDatabase(engine, async (t) => {
      await createPendingOrder(t.database.db, 'ord_compiled_one', { items: MUGS, email: 'one@example.com' });
      await createPendingOrder(t.database.db, 'ord_compiled_two', { items: MUGS });
      const byId = new Compiled<{ id: string }, { order: typeof orders.$inferSelect }>(
        `test_by_id_${engine}`,
        (conn) =>
          conn
            .select({ order: orders })
            .from(orders)
            .where(eq(orders.id, sql.placeholder('id'))),
        { order: orders },
      );
      for (const id of ['ord_compiled_one', 'ord_compiled_two', 'ord_compiled_one']) {
        const [compiled] = await byId.rows(t.database.db, { id });
        const [built] = await t.database.db.select().from(orders).where(eq(orders.id, id));
        expect(compiled?.order).toEqual(built);
        expect(compiled?.order.createdAt).toBeInstanceOf(Date);
      }
      expect((await byId.rows(t.database.db, { id: 'ord_none' })).length).toBe(0);
      const [two] = await t.database.db.select().from(orders).where(eq(orders.id, 'ord_compiled_two'));
      expect(two?.customerEmail).toBeNull();
      expect(two?.items[0]?.title).toBe('Mug "Ø"');
    });
  });

  it('run inside a transaction and roll back with it; each shape of a family is its own statement', async () => {
    await withDatabase(engine, async (t) => {
      await createPendingOrder(t.database.db, 'ord_compiled_tx');
      const setColumns = new CompiledFamily<Record<string, unknown>>(`test_set_${engine}`, (conn, shape) =>
        conn
          .update(orders)
          .set(Object.fromEntries(shape.split(',').map((key) => [key, sql.placeholder(key)])))
          .where(eq(orders.id, sql.placeholder('id'))),
      );
      await expect(
        t.database.db.transaction(async (tx) => {
          await setColumns.get('status').rows(tx, { id: 'ord_compiled_tx', status: 'paid' });
          const [inside] = await tx.select().from(orders).where(eq(orders.id, 'ord_compiled_tx'));
          expect(inside?.status).toBe('paid');
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      const paidAt = new Date('2026-11-26T10:00:00.123Z');
      await setColumns
        .get('flags,paidAt,status')
        .rows(t.database.db, { id: 'ord_compiled_tx', status: 'failed', paidAt, flags: ['a', 'b,c'] });
      await setColumns.get('status').rows(t.database.db, { id: 'ord_compiled_tx', status: 'expired' });
      const [after] = await t.database.db.select().from(orders).where(eq(orders.id, 'ord_compiled_tx'));
      expect(after).toMatchObject({ status: 'expired', paidAt, flags: ['a', 'b,c'] });
    });
  });
});
