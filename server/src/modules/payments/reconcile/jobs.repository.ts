import { eq, sql } from 'drizzle-orm';
import type { Conn } from '../../../db/database.js';
import { jobs } from '../../../db/schema.js';

export type JobName = 'reconcile' | 'events_sweep';

/** What the background jobs keep between passes (and show the owner): state, last run, last error. */
export const jobsRepository = {
  async get(conn: Conn, name: JobName) {
    const [row] = await conn.select().from(jobs).where(eq(jobs.name, name));
    return row ?? null;
  },

  async save(
    conn: Conn,
    name: JobName,
    patch: { state?: Record<string, unknown>; lastRunAt?: Date; lastError?: string | null },
  ): Promise<void> {
    await conn
      .insert(jobs)
      .values({ name, ...patch, updatedAt: sql`now()` })
      .onConflictDoUpdate({ target: jobs.name, set: { ...patch, updatedAt: sql`now()` } });
  },
};
