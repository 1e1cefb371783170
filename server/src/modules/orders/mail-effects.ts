import type { MessageKind } from '@checkstand/contract';
import { sql } from 'drizzle-orm';
import { newId } from '../../common/ids.js';
import type { Conn } from '../../db/database.js';
import { type OrderRow, outboxMessages } from '../../db/schema.js';
import type { WrittenChange } from './order-change.js';

/** A dispute whose money is (or may be) taken back and that the owner must answer. */
const OPEN_DISPUTE = new Set([
  'warning_needs_response',
  'warning_under_review',
  'needs_response',
  'under_review',
]);

export interface OutboxEntry {
  kind: MessageKind;
  /** Unique: the second fact that would send the same message writes nothing. */
  dedupeKey: string;
  /** Null: resolved when it is sent (the owner's address, or a customer address learned later). */
  recipient: string | null;
  data: Record<string, unknown>;
  /** Sent no sooner than this many seconds from now (0: at once). */
  delaySeconds: number;
}

/**
 * A declined card leaves Stripe's page open: the customer is usually still there, trying another card. The
 * failure mail is for one who left, so it waits this long, and is dropped if the order was paid meanwhile.
 */
export const DECLINE_MAIL_GRACE_SECONDS = 15 * 60;

/** The customer's address as the order knows it: given at checkout, or the billing e-mail Stripe collected. */
export function customerAddress(order: Pick<OrderRow, 'customerEmail' | 'contact'>): string | null {
  return order.customerEmail ?? order.contact?.billing?.email ?? null;
}

/**
 * The messages a written change causes (docs/design.md, "E-mail"), decided from the change alone, without a
 * query: a payment (the confirmation, once per order), a decline or a failed delayed payment (once per attempt),
 * a delayed payment submitted (once per attempt), a refund that succeeded (once per refund), a dispute opened
 * (once per dispute, to the owner).
 */
export function outboxEntries(written: WrittenChange): OutboxEntry[] {
  const { change, after, from, to } = written;
  const orderId = after.id;
  const customer = customerAddress(after);
  const attemptNo = change.attempt?.row.attemptNo ?? after.currentAttemptNo;
  const entries: OutboxEntry[] = [];
  if (change.trigger === 'payment_succeeded' && to === 'paid') {
    entries.push({
      kind: 'order_confirmation',
      dedupeKey: `confirmation:${orderId}`,
      recipient: customer,
      data: {},
      delaySeconds: 0,
    });
  }
  if (
    (change.trigger === 'payment_declined' || change.trigger === 'async_payment_failed') &&
    to === 'failed'
  ) {
    entries.push({
      kind: 'payment_failed',
      dedupeKey: `payment_failed:${orderId}:${attemptNo}`,
      recipient: customer,
      data: { attemptNo, reason: after.statusReason, delayed: change.trigger === 'async_payment_failed' },
      delaySeconds: change.trigger === 'payment_declined' ? DECLINE_MAIL_GRACE_SECONDS : 0,
    });
  }
  if (change.trigger === 'checkout_completed_unpaid' && to === 'processing' && from !== 'processing') {
    entries.push({
      kind: 'payment_processing',
      dedupeKey: `processing:${orderId}:${attemptNo}`,
      recipient: customer,
      data: { attemptNo },
      delaySeconds: 0,
    });
  }
  for (const refund of change.refunds ?? []) {
    if (refund.status !== 'succeeded') continue;
    entries.push({
      kind: 'refund_issued',
      dedupeKey: `refund:${refund.id}`,
      recipient: customer,
      data: { refundId: refund.id, amount: refund.amount, currency: refund.currency },
      delaySeconds: 0,
    });
  }
  const dispute = change.dispute;
  if (dispute && OPEN_DISPUTE.has(dispute.status)) {
    entries.push({
      kind: 'dispute_opened',
      dedupeKey: `dispute:${dispute.id}`,
      recipient: null,
      data: {
        disputeId: dispute.id,
        amount: dispute.amount,
        currency: dispute.currency,
        reason: dispute.reason,
        status: dispute.status,
        evidenceDueBy: dispute.evidenceDueBy?.toISOString() ?? null,
      },
      delaySeconds: 0,
    });
  }
  return entries;
}

/**
 * The e-mails a written change causes, put in the outbox in the same transaction (docs/design.md, "E-mail"):
 * one row per message, keyed so a replayed or duplicated fact writes nothing. A change that causes no e-mail
 * runs no statement; one that does runs one.
 */
export async function mailEffects(conn: Conn, written: WrittenChange): Promise<void> {
  const entries = outboxEntries(written).filter(
    (entry, i, all) => all.findIndex((other) => other.dedupeKey === entry.dedupeKey) === i,
  );
  if (entries.length === 0) return;
  await conn
    .insert(outboxMessages)
    .values(
      entries.map((entry) => ({
        id: newId('msg'),
        orderId: written.after.id,
        kind: entry.kind,
        dedupeKey: entry.dedupeKey,
        recipient: entry.recipient,
        data: entry.data,
        ...(entry.delaySeconds > 0
          ? { nextAttemptAt: sql`now() + make_interval(secs => ${entry.delaySeconds})` }
          : {}),
      })),
    )
    .onConflictDoNothing({ target: outboxMessages.dedupeKey });
}
