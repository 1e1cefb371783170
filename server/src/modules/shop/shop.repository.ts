import { asc, eq, sql } from 'drizzle-orm';
import type { Conn } from '../../db/database.js';
import {
  type ShippingRateRow,
  type StoreSettingsRow,
  shippingRates,
  storeSettings,
} from '../../db/schema.js';

/** The shop's settings row and its shipping rates. */
export const shopRepository = {
  /** The settings, or null on a database the seed has not reached. */
  async settings(conn: Conn): Promise<StoreSettingsRow | null> {
    const [row] = await conn.select().from(storeSettings).where(eq(storeSettings.id, 1));
    return row ?? null;
  },

  async saveSettings(conn: Conn, values: Omit<typeof storeSettings.$inferInsert, 'id' | 'updatedAt'>) {
    const [row] = await conn
      .insert(storeSettings)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: storeSettings.id, set: { ...values, updatedAt: sql`now()` } })
      .returning();
    return row!;
  },

  rates(conn: Conn): Promise<ShippingRateRow[]> {
    return conn
      .select()
      .from(shippingRates)
      .orderBy(asc(shippingRates.position), asc(shippingRates.createdAt));
  },

  async rate(conn: Conn, id: string): Promise<ShippingRateRow | null> {
    const [row] = await conn.select().from(shippingRates).where(eq(shippingRates.id, id));
    return row ?? null;
  },

  async insertRate(conn: Conn, values: typeof shippingRates.$inferInsert): Promise<ShippingRateRow> {
    const [row] = await conn.insert(shippingRates).values(values).returning();
    return row!;
  },

  async updateRate(
    conn: Conn,
    id: string,
    values: Partial<Omit<typeof shippingRates.$inferInsert, 'id' | 'createdAt'>>,
  ): Promise<ShippingRateRow | null> {
    const [row] = await conn
      .update(shippingRates)
      .set({ ...values, updatedAt: sql`now()` })
      .where(eq(shippingRates.id, id))
      .returning();
    return row ?? null;
  },
};
