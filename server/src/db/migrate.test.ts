import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOG_SEED } from '../modules/catalog/catalog-seed.js';
import { seedCatalog } from '../modules/catalog/products.repository.js';
import { ENGINES, createPgDatabase } from '../../test/support/databases.js';
import { type Database, openDatabase, openPglite, queryRows, wrapPglite } from './database.js';
import { MIGRATIONS_FOLDER, migrate } from './migrate.js';
import { readMigrationFiles } from 'drizzle-orm/migrator';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function emptyDatabase(engine: 'pglite' | 'postgres'): Promise<Database> {
  if (engine === 'pglite') {
    const database = wrapPglite(await PGlite.create());
    cleanups.push(() => database.close());
    return database;
  }
  const { url, drop } = await createPgDatabase();
  const database = await openDatabase({ kind: 'postgres', url });
  cleanups.push(async () => {
    await database.close();
    await drop();
  });
  return database;
}

async function tableNames(database: Database): Promise<string[]> {
  const rows = await queryRows<{ table_name: string }>(
    database.db,
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  return rows.map((r) => r.table_name);
}

async function productCount(database: Database): Promise<number> {
  const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from products`);
  return Number(row?.n);
}

const migrationCount = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;

describe.each(ENGINES)('migrations on %s', (engine) => {
  it('apply on an empty database, then re-apply as a no-op', async () => {
    const database = await emptyDatabase(engine);
    expect(await tableNames(database)).toEqual([]);

    expect(await migrate(database.db)).toEqual({ applied: migrationCount, total: migrationCount });
    const tables = await tableNames(database);
    expect(tables).toContain('products');
    expect(tables).toContain('checkstand_migrations');

    expect(await migrate(database.db)).toEqual({ applied: 0, total: migrationCount });
    expect(await tableNames(database)).toEqual(tables);
  });

  it('seeds the catalog once, however often the server starts', async () => {
    const database = await emptyDatabase(engine);
    await migrate(database.db);
    expect(await seedCatalog(database.db)).toBe(CATALOG_SEED.length);
    await migrate(database.db);
    expect(await seedCatalog(database.db)).toBe(0);
    expect(await productCount(database)).toBe(CATALOG_SEED.length);
    expect(CATALOG_SEED.length).toBeGreaterThanOrEqual(12);
  });

  it('never overwrites a product an operator has changed', async () => {
    const database = await emptyDatabase(engine);
    await migrate(database.db);
    await seedCatalog(database.db);
    const first = CATALOG_SEED[0]!;
    await database.db.execute(
      sql`update products set unit_amount = 999, active = false where id = ${first.id}`,
    );
    await seedCatalog(database.db);
    const rows = await queryRows<{ unit_amount: number; active: boolean }>(
      database.db,
      sql`select unit_amount, active from products where id = ${first.id}`,
    );
    expect(rows[0]).toEqual({ unit_amount: 999, active: false });
  });
});

describe.runIf(ENGINES.includes('postgres'))('migrations on one PostgreSQL from two servers at once', () => {
  it('serialize: both succeed, the schema is applied exactly once', async () => {
    const { url, drop } = await createPgDatabase();
    const a = await openDatabase({ kind: 'postgres', url });
    const b = await openDatabase({ kind: 'postgres', url });
    cleanups.push(async () => {
      await a.close();
      await b.close();
      await drop();
    });
    const results = await Promise.all([
      migrate(a.db).then(async (r) => ({ ...r, seeded: await seedCatalog(a.db) })),
      migrate(b.db).then(async (r) => ({ ...r, seeded: await seedCatalog(b.db) })),
    ]);
    expect(results.map((r) => r.applied).sort()).toEqual([0, migrationCount]);
    expect(results.map((r) => r.seeded).reduce((x, y) => x + y)).toBe(CATALOG_SEED.length);
    const applied = await queryRows<{ n: number }>(
      a.db,
      sql`select count(*)::int as n from checkstand_migrations`,
    );
    expect(Number(applied[0]?.n)).toBe(migrationCount);
    expect(await productCount(a)).toBe(CATALOG_SEED.length);
  });
});

describe('embedded PGlite on disk', () => {
  it('keeps its data across a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkstand-pglite-'));
    cleanups.push(() => Promise.resolve(fs.rmSync(dataDir, { recursive: true, force: true })));

    const first = await openPglite(dataDir);
    await migrate(first.db);
    await seedCatalog(first.db);
    await first.db.execute(sql`update products set title = 'Survivor' where id = ${CATALOG_SEED[0]!.id}`);
    await first.close();

    const second = await openPglite(dataDir);
    cleanups.push(() => second.close());
    expect(await migrate(second.db)).toEqual({ applied: 0, total: migrationCount });
    expect(await seedCatalog(second.db)).toBe(0);
    const rows = await queryRows<{ title: string }>(
      second.db,
      sql`select title from products where id = ${CATALOG_SEED[0]!.id}`,
    );
    expect(rows[0]?.title).toBe('Survivor');
    expect(await productCount(second)).toBe(CATALOG_SEED.length);
  });

  it('refuses a second process-level open of the same directory while the first is running', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkstand-pglite-'));
    cleanups.push(() => Promise.resolve(fs.rmSync(dataDir, { recursive: true, force: true })));
    // A live process other than us holds the lock (our parent is alive for the whole test).
    fs.writeFileSync(path.join(dataDir, '.checkstand.lock'), String(process.ppid));
    await expect(openPglite(dataDir)).rejects.toThrow(/in use by process/);
    // A lock left by a dead process is taken over.
    fs.writeFileSync(path.join(dataDir, '.checkstand.lock'), '999999999');
    const database = await openPglite(dataDir);
    cleanups.push(() => database.close());
    await database.ping();
  });
});
