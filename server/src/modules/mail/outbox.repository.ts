import { asc, eq, sql } from 'drizzle-orm';
import type { Conn } from '../../db/database.js';
import { queryRows } from '../../db/database.js';
import { adminUsers, type OrderRow, orders, type OutboxMessageRow } from '../../db/schema.js';

interface RawOutboxRow {
  id: string;
  order_id: string | null;
  kind: string;
  dedupe_key: string;
  data: Record<string, unknown> | string;
  status: string;
  recipient: string | null;
  attempts: number | string;
  next_attempt_at: Date | string;
  last_error: string | null;
  created_at: Date | string;
  sent_at: Date | string | null;
}

const date = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

function fromRaw(row: RawOutboxRow): OutboxMessageRow {
  return {
    id: row.id,
    orderId: row.order_id,
    kind: row.kind,
    dedupeKey: row.dedupe_key,
    data: typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : row.data,
    status: row.status,
    recipient: row.recipient,
    attempts: Number(row.attempts),
    nextAttemptAt: date(row.next_attempt_at),
    lastError: row.last_error,
    createdAt: date(row.created_at),
    sentAt: row.sent_at === null ? null : date(row.sent_at),
  };
}

/** How a try ended, written only if the row is still the one this sender claimed (`attempts` unchanged). */
export type Outcome =
  | { status: 'sent'; recipient: string }
  | { status: 'skipped'; recipient: string | null; why: string }
  | { status: 'retry'; error: string; delaySeconds: number }
  | { status: 'failed'; error: string };

export const outboxRepository = {
  /**
   * Claims up to `limit` due messages in one statement: locked with `FOR UPDATE SKIP LOCKED` (another instance
   * claiming at the same moment skips them), their try counted and their next try pushed `leaseSeconds` ahead, so
   * once committed no other instance takes them until the lease runs out: a sender that dies (SIGKILL between
   * the claim and the send, or mid-send) leaves the row to be tried again, with the same id and Message-ID.
   */
  async claim(conn: Conn, limit: number, leaseSeconds: number): Promise<OutboxMessageRow[]> {
    const rows = await queryRows<RawOutboxRow>(
      conn,
      sql`update outbox_messages m
          set attempts = m.attempts + 1, next_attempt_at = now() + make_interval(secs => ${leaseSeconds})
          from (select id from outbox_messages
                where status = 'pending' and next_attempt_at <= now()
                order by next_attempt_at
                limit ${limit}
                for update skip locked) due
          where m.id = due.id
          returning m.*`,
    );
    return rows.map(fromRaw).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  },

  /** Records how the try numbered `attempts` of message `id` ended; false if the row moved on meanwhile. */
  async finish(conn: Conn, id: string, attempts: number, outcome: Outcome): Promise<boolean> {
    const fence = sql`id = ${id} and attempts = ${attempts} and status = 'pending'`;
    let statement;
    switch (outcome.status) {
      case 'sent':
        statement = sql`update outbox_messages set status = 'sent', sent_at = now(), last_error = null,
                          recipient = ${outcome.recipient} where ${fence} returning id`;
        break;
      case 'skipped':
        statement = sql`update outbox_messages set status = 'skipped', last_error = ${outcome.why},
                          recipient = coalesce(recipient, ${outcome.recipient}) where ${fence} returning id`;
        break;
      case 'retry':
        statement = sql`update outbox_messages set last_error = ${outcome.error},
                          next_attempt_at = now() + make_interval(secs => ${outcome.delaySeconds})
                        where ${fence} returning id`;
        break;
      case 'failed':
        statement = sql`update outbox_messages set status = 'failed', last_error = ${outcome.error}
                        where ${fence} returning id`;
        break;
    }
    const rows = await queryRows<{ id: string }>(conn, statement);
    return rows.length > 0;
  },

  async order(conn: Conn, orderId: string): Promise<OrderRow | null> {
    const [row] = await conn.select().from(orders).where(eq(orders.id, orderId)).limit(1);
    return row ?? null;
  },

  /** The first admin account's e-mail (the owner, when no OWNER_EMAIL is configured). */
  async firstAdminEmail(conn: Conn): Promise<string | null> {
    const [row] = await conn
      .select({ email: adminUsers.email })
      .from(adminUsers)
      .orderBy(asc(adminUsers.createdAt))
      .limit(1);
    return row?.email ?? null;
  },
};
