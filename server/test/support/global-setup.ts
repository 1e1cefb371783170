import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * Decides once per run whether PostgreSQL tests run. In CI they must: an unreachable server fails the run.
 * Every database a test creates is named with this run's prefix and dropped at the end.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string | null;
    pgDatabasePrefix: string;
  }
}

const ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prefix = `checkstand_t${Date.now().toString(36)}${process.pid}`;
  project.provide('pgDatabasePrefix', prefix);
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.end();
    project.provide('pgAdminUrl', ADMIN_URL);
  } catch (error) {
    if (process.env.CI) {
      throw new Error(`PostgreSQL is required in CI but ${redact(ADMIN_URL)} is unreachable`, {
        cause: error,
      });
    }
    console.warn(
      `\n[checkstand] PostgreSQL at ${redact(ADMIN_URL)} is unreachable: PostgreSQL tests are skipped.\n`,
    );
    project.provide('pgAdminUrl', null);
    return () => Promise.resolve();
  }
  return async () => {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(
        'select datname from pg_database where datname like $1',
        [`${prefix}%`],
      );
      for (const { datname } of rows) {
        await admin.query(`drop database if exists "${datname}" with (force)`);
      }
    } finally {
      await admin.end();
    }
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
