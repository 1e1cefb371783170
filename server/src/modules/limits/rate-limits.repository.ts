import { and, eq, sql } from 'drizzle-orm';
import { type Conn, queryRows } from '../../db/database.js';
import { rateLimits } from '../../db/schema.js';

/** The most a window grows: base × 2^6 (15 minutes become 16 hours). */
export const MAX_STRIKES = 6;

export interface Consumed {
  /** Hits in the current window, this one included. */
  hits: number;
  /** Seconds until the current window ends. */
  retryAfter: number;
}

/**
 * Fixed windows counted in PostgreSQL, so every instance shares one budget. One atomic statement per hit: the
 * row is locked by the upsert, so parallel requests are counted one after the other (none slips through).
 */
export const rateLimitsRepository = {
  /**
   * Counts a hit for `key`. When the window has ended a new one starts; a key that went over `limit` in the window
   * that ended gets a longer one (`base × 2^strikes`) when `grow` is set.
   */
  async consume(
    conn: Conn,
    key: string,
    { limit, windowSeconds, grow }: { limit: number; windowSeconds: number; grow: boolean },
  ): Promise<Consumed> {
    const maxStrikes = grow ? MAX_STRIKES : 0;
    const ended = sql`r.window_start + make_interval(secs => r.window_seconds) <= now()`;
    const nextStrikes = sql`case when r.hits > ${limit} then least(r.strikes + 1, ${maxStrikes}) else 0 end`;
    const [row] = await queryRows<{ hits: number; retry_after: number }>(
      conn,
      sql`insert into ${rateLimits} as r (key, window_start, window_seconds, hits, strikes)
          values (${key}, now(), ${windowSeconds}, 1, 0)
          on conflict (key) do update set
            strikes = case when ${ended} then ${nextStrikes} else r.strikes end,
            window_seconds = case when ${ended}
              then (${windowSeconds} * power(2, ${nextStrikes}))::int else r.window_seconds end,
            hits = case when ${ended} then 1 else r.hits + 1 end,
            window_start = case when ${ended} then now() else r.window_start end
          returning hits,
            greatest(1, ceil(extract(epoch from (window_start + make_interval(secs => window_seconds) - now()))))::int
              as retry_after`,
    );
    return { hits: Number(row?.hits ?? 1), retryAfter: Number(row?.retry_after ?? windowSeconds) };
  },

  /** The hits of `key` in its current window (0 when none or ended). */
  async peek(conn: Conn, key: string): Promise<number> {
    const [row] = await conn
      .select({ hits: rateLimits.hits })
      .from(rateLimits)
      .where(
        and(
          eq(rateLimits.key, key),
          sql`${rateLimits.windowStart} + make_interval(secs => ${rateLimits.windowSeconds}) > now()`,
        ),
      );
    return row?.hits ?? 0;
  },

  /** Takes one hit back (a login that succeeded does not count against its client). */
  async refund(conn: Conn, key: string): Promise<void> {
    await conn
      .update(rateLimits)
      .set({ hits: sql`greatest(${rateLimits.hits} - 1, 0)` })
      .where(eq(rateLimits.key, key));
  },

  async forget(conn: Conn, key: string): Promise<void> {
    await conn.delete(rateLimits).where(eq(rateLimits.key, key));
  },
};
