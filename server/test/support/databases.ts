import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase, wrapPglite } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { seedCatalog } from '../../src/modules/catalog/products.repository.js';
import { seedShop } from '../../src/modules/shop/shop-seed.js';
import { storeSettings } from '../../src/db/schema.js';

export type Engine = 'pglite' | 'postgres';

/** The engines database tests run on here: PGlite always, PostgreSQL when the run found one. */
export const ENGINES: Engine[] = inject('pgAdminUrl') ? ['pglite', 'postgres'] : ['pglite'];

/** Creates an empty PostgreSQL database for one test; `drop()` removes it. */
export async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  if (!adminUrl) throw new Error('PostgreSQL is not available in this run');
  const name = `${inject('pgDatabasePrefix')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * A fresh shop (its seed), set to charge for the items alone: no shipping, and Stripe Tax, which charges nothing
 * where the test customer is (the emulator's US rate is 0 %). The suites about payments then see the money they
 * sent; the shop's own tests (test/shop.test.ts) switch shipping back on, and the chaos suite runs a fresh shop
 * as seeded (shipping and tax included).
 */
async function itemsOnlyShop(db: Database['db']): Promise<void> {
  await seedShop(db);
  await db.update(storeSettings).set({ shippingCountries: [] });
}

let template: Promise<PGlite> | undefined;

/** An in-memory PGlite with the schema and seed applied, cloned from one migrated template per file. */
async function pgliteFromTemplate(): Promise<Database> {
  template ??= (async () => {
    const base = await PGlite.create();
    const db = wrapPglite(base);
    await migrate(db.db);
    await seedCatalog(db.db);
    await itemsOnlyShop(db.db);
    return base;
  })();
  const clone = await (await template).clone();
  // clone() is typed as the interface, but it returns a PGlite instance like the one it came from.
  return wrapPglite(clone as PGlite);
}

export interface TestDatabase {
  database: Database;
  /** The connection URL (PostgreSQL only). */
  url?: string;
  /** Closes the connection and removes what the test created. */
  dispose(): Promise<void>;
}

/** A ready database (migrated and seeded) on the given engine, isolated from every other test. */
export async function readyDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const database = await pgliteFromTemplate();
    return { database, dispose: () => database.close() };
  }
  const { url, drop } = await createPgDatabase();
  const database = await openDatabase({ kind: 'postgres', url });
  await migrate(database.db);
  await seedCatalog(database.db);
  await itemsOnlyShop(database.db);
  return {
    database,
    url,
    async dispose() {
      await database.close();
      await drop();
    },
  };
}

/** Builds the per-file PGlite template ahead of the tests (call from `beforeAll`: it takes seconds). */
export async function warmTemplate(): Promise<void> {
  const database = await pgliteFromTemplate();
  await database.close();
}

/** Closes the per-file PGlite template; call from `afterAll`. */
export async function closeTemplate(): Promise<void> {
  if (!template) return;
  const base = await template;
  template = undefined;
  await base.close();
}
