import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Conn } from '../../db/database.js';
import { adminSessions, adminUsers } from '../../db/schema.js';

export type AdminUserRow = typeof adminUsers.$inferSelect;

export const adminRepository = {
  async findUserByEmail(conn: Conn, email: string): Promise<AdminUserRow | null> {
    const [row] = await conn
      .select()
      .from(adminUsers)
      .where(sql`lower(${adminUsers.email}) = lower(${email})`);
    return row ?? null;
  },

  async countUsers(conn: Conn): Promise<number> {
    const [row] = await conn.select({ n: sql<number>`count(*)::int` }).from(adminUsers);
    return Number(row?.n ?? 0);
  },

  /** False when an account with that email exists already (another instance may have just made it). */
  async insertUser(conn: Conn, row: typeof adminUsers.$inferInsert): Promise<boolean> {
    const inserted = await conn
      .insert(adminUsers)
      .values(row)
      .onConflictDoNothing()
      .returning({ id: adminUsers.id });
    return inserted.length > 0;
  },

  async setPassword(conn: Conn, userId: string, passwordHash: string): Promise<void> {
    await conn.update(adminUsers).set({ passwordHash }).where(eq(adminUsers.id, userId));
    // A new password ends every session opened with the old one.
    await conn.delete(adminSessions).where(eq(adminSessions.userId, userId));
  },

  async touchLogin(conn: Conn, userId: string): Promise<void> {
    await conn
      .update(adminUsers)
      .set({ lastLoginAt: sql`now()` })
      .where(eq(adminUsers.id, userId));
  },

  async insertSession(conn: Conn, row: typeof adminSessions.$inferInsert): Promise<void> {
    await conn.insert(adminSessions).values(row);
  },

  /** The live session of a token hash with its user, or null (unknown or past its idle expiry). */
  async findLiveSession(conn: Conn, tokenHash: string) {
    const [row] = await conn
      .select({
        tokenHash: adminSessions.tokenHash,
        lastSeenAt: adminSessions.lastSeenAt,
        userId: adminUsers.id,
        email: adminUsers.email,
      })
      .from(adminSessions)
      .innerJoin(adminUsers, eq(adminUsers.id, adminSessions.userId))
      .where(and(eq(adminSessions.tokenHash, tokenHash), gt(adminSessions.expiresAt, sql`now()`)));
    return row ?? null;
  },

  /** Slides the idle expiry, never past the session's absolute end (`created_at` + `maxSeconds`). */
  async extendSession(conn: Conn, tokenHash: string, idleSeconds: number, maxSeconds: number): Promise<void> {
    await conn
      .update(adminSessions)
      .set({
        lastSeenAt: sql`now()`,
        expiresAt: sql`least(now() + make_interval(secs => ${idleSeconds}), ${adminSessions.createdAt} + make_interval(secs => ${maxSeconds}))`,
      })
      .where(eq(adminSessions.tokenHash, tokenHash));
  },

  /** A stronger hash of the same password (parameters raised): open sessions stay. */
  async rehashPassword(conn: Conn, userId: string, passwordHash: string): Promise<void> {
    await conn.update(adminUsers).set({ passwordHash }).where(eq(adminUsers.id, userId));
  },

  async deleteSession(conn: Conn, tokenHash: string): Promise<void> {
    await conn.delete(adminSessions).where(eq(adminSessions.tokenHash, tokenHash));
  },

  async deleteExpiredSessions(conn: Conn): Promise<void> {
    await conn.delete(adminSessions).where(lt(adminSessions.expiresAt, sql`now()`));
  },
};
