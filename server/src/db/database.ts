import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Config } from '../config/config.js';
import * as schema from './schema.js';

/** The query API every repository uses; identical on PostgreSQL and on PGlite. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle: what `db.transaction(tx => …)` passes in. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: repository functions work inside or outside one. */
export type Conn = Db | Tx;

/**
 * Runs raw SQL and returns its rows. Both drivers answer `execute` with an object holding `rows`,
 * but the shared base type cannot say so, hence the one narrowing cast here.
 */
export async function queryRows<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const result: { rows: T[] } = (await db.execute(query)) as never;
  return result.rows;
}

export interface Database {
  readonly engine: 'postgres' | 'pglite';
  readonly db: Db;
  /**
   * For logs (webhook deliveries), not facts: on PostgreSQL a small pool whose commits do not wait for
   * the disk flush (`synchronous_commit = off`), so a log line costs one round trip and no fsync.
   */
  readonly logDb: Db;
  /** Round-trips to the database; rejects when it is unreachable. */
  ping(): Promise<void>;
  /**
   * Runs `fn` only if this instance gets the cluster-wide lock `key` (PostgreSQL advisory lock, held
   * on one connection for the duration); resolves undefined without running it when another has it.
   */
  withExclusiveLock<T>(key: number, fn: () => Promise<T>): Promise<T | undefined>;
  close(): Promise<void>;
}

export type DatabaseConfig = Config['database'];

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'postgres' ? openPostgres(config.url) : openPglite(config.dataDir);
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // Bounded statements: a stuck query must fail (and be retried by Stripe), not hang a worker.
    statement_timeout: 15_000,
  });
  // A connection lost while idle emits on the pool, and one lost while checked out (between two
  // statements of a transaction) emits on the client: without listeners either would crash the process.
  // The query in flight fails on its own; the pool replaces the connection.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const logPool = new pg.Pool({
    connectionString: url,
    max: 2,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    options: '-c synchronous_commit=off',
  });
  logPool.on('error', () => undefined);
  logPool.on('connect', (client) => client.on('error', () => undefined));
  try {
    await refuseTransactionPooling(pool);
  } catch (error) {
    await Promise.all([pool.end(), logPool.end()]);
    throw error;
  }
  const db: Db = drizzleNodePg({ client: pool, schema });
  const locks = new LockConnection(url);
  let closed = false;
  return {
    engine: 'postgres',
    db,
    logDb: drizzleNodePg({ client: logPool, schema }),
    async ping() {
      await db.execute(sql`select 1`);
    },
    withExclusiveLock: (key, fn) => locks.withLock(key, fn),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([pool.end(), logPool.end(), locks.close()]);
    },
  };
}

/**
 * The connection that holds the cluster-wide locks of background jobs (a session-level advisory lock lives as long
 * as its connection). A dedicated one, not a pooled one, with TCP keepalives on both ends: if the process dies or
 * the network drops, PostgreSQL notices within about a minute and frees the lock for another instance, instead
 * of keeping it for the hours a half-open connection can last. A connection that errored is replaced on next use.
 */
class LockConnection {
  private client: pg.Client | null = null;

  constructor(private readonly url: string) {}

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = new pg.Client({
      connectionString: this.url,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      connectionTimeoutMillis: 5_000,
      statement_timeout: 5_000,
      application_name: 'checkstand-jobs',
      options: '-c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3',
    });
    const drop = () => {
      if (this.client === client) this.client = null;
    };
    client.on('error', drop);
    client.on('end', drop);
    await client.connect();
    this.client = client;
    return client;
  }

  async withLock<T>(key: number, fn: () => Promise<T>): Promise<T | undefined> {
    const client = await this.connection();
    const result = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [key]);
    if (result.rows[0]?.ok !== true) return undefined;
    try {
      return await fn();
    } finally {
      // If the connection died meanwhile, its lock died with it: nothing to release.
      if (this.client === client) {
        await client.query('select pg_advisory_unlock($1)', [key]).catch(() => undefined);
      }
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}

/**
 * Refuses a connection pooler in transaction mode (PgBouncer's `pool_mode = transaction`): consecutive statements
 * of one client then run on different server sessions, which breaks the named prepared statements of the hot
 * paths and the session-level locks of the background jobs. Statements that land on the same server session by
 * chance prove nothing, so several pairs are tried; a pair that differs proves the pooler. docs/scaling.md says
 * how to run behind PgBouncer.
 */
async function refuseTransactionPooling(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    for (let i = 0; i < 5; i += 1) {
      const first = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      const second = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      if (first.rows[0]?.pid !== second.rows[0]?.pid) {
        throw new Error(
          'The database connection changes server session between statements: a pooler in transaction mode ' +
            '(e.g. PgBouncer pool_mode=transaction) is in front of PostgreSQL. Checkstand needs session pooling ' +
            'or a direct connection (docs/scaling.md, "Connection poolers").',
        );
      }
    }
  } finally {
    client.release();
  }
}

/** Opens an embedded PostgreSQL (PGlite) stored in `dataDir`, which survives restarts. */
export async function openPglite(dataDir: string): Promise<Database> {
  fs.mkdirSync(dataDir, { recursive: true });
  const releaseLock = acquireDirLock(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir });
  } catch (error) {
    releaseLock();
    throw error;
  }
  return wrapPglite(client, releaseLock);
}

/** Wraps an already-open PGlite instance (tests use in-memory clones). */
export function wrapPglite(client: PGlite, onClose: () => void = () => undefined): Database {
  const db: Db = drizzlePglite({ client, schema });
  let closed = false;
  // PGlite serves one process: a lock held by this process is the only contention there is.
  const held = new Set<number>();
  return {
    engine: 'pglite',
    db,
    logDb: db,
    async ping() {
      await db.execute(sql`select 1`);
    },
    async withExclusiveLock(key, fn) {
      if (held.has(key)) return undefined;
      held.add(key);
      try {
        return await fn();
      } finally {
        held.delete(key);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        onClose();
      }
    },
  };
}

/**
 * PGlite is a single-process database: two servers opening the same directory would corrupt it.
 * A lock file holding the owner's pid refuses the second one with a clear message.
 */
function acquireDirLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, '.checkstand.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `The embedded database in ${dataDir} is in use by process ${owner}. ` +
            'Stop that server, use another DATA_DIR, or set DATABASE_URL to share a PostgreSQL server.',
          { cause: error },
        );
      }
      fs.rmSync(lockPath, { force: true }); // left behind by a process that died
    }
  }
  throw new Error(`Could not lock the embedded database directory ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
