import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AppError, badRequest, notFound } from '../../common/errors.js';
import { DATABASE } from '../../common/tokens.js';
import type { Database } from '../../db/database.js';
import { ORDER_STATUSES, type OrderStatus, isPaidStatus } from '../orders/order-state-machine.js';
import { OrderActions, providerError } from '../orders/order-actions.service.js';
import { ordersRepository } from '../orders/orders.repository.js';
import { type StripeGateway, StripeRequestError } from '../stripe/stripe-gateway.js';
import { STRIPE_GATEWAY } from '../stripe/stripe.module.js';
import type { AdminPrincipal } from './admin-auth.service.js';
import {
  type Cursor,
  type OrderFilters,
  type OrderListRow,
  adminOrdersRepository as repo,
} from './admin-orders.repository.js';

export interface AdminOrderSummary {
  id: string;
  createdAt: string;
  updatedAt: string;
  status: string;
  statusReason: string | null;
  customerEmail: string | null;
  total: number;
  currency: string;
  sessionId: string | null;
  paymentIntentId: string | null;
  amountReceived: number | null;
  amountRefunded: number;
  paidAt: string | null;
  flags: string[];
  attemptCount: number;
}

const toSummary = (row: OrderListRow): AdminOrderSummary => ({
  id: row.id,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  status: row.status,
  statusReason: row.statusReason,
  customerEmail: row.customerEmail,
  total: row.totalAmount,
  currency: row.currency,
  sessionId: row.currentSessionId,
  paymentIntentId: row.paymentIntentId,
  amountReceived: row.amountReceived,
  amountRefunded: row.amountRefunded,
  paidAt: row.paidAt?.toISOString() ?? null,
  flags: row.flags,
  attemptCount: row.attemptCount,
});

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());
const querySchema = z.object({
  status: z.string().max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export interface ListQuery {
  filters: OrderFilters;
  cursor: Cursor | null;
  limit: number;
}

/** Parses `?status=paid,failed&from=&to=&q=&cursor=&limit=`; anything malformed is a 400 naming it. */
export function parseListQuery(query: unknown): ListQuery {
  const parsed = querySchema.safeParse(query);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? 'query';
    throw badRequest('invalid_query', `The ${field} filter is not valid.`);
  }
  const { status, from, to, q, cursor, limit } = parsed.data;
  const statuses = (status ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = statuses.filter((s) => !(ORDER_STATUSES as readonly string[]).includes(s));
  if (unknown.length) throw badRequest('invalid_query', `Unknown status: ${unknown.join(', ')}.`);
  // A bare date as "to" means the whole of that day.
  const toDate = to
    ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(to) ? Date.parse(to) + 86_400_000 : Date.parse(to))
    : null;
  return {
    filters: {
      statuses: statuses as OrderStatus[],
      from: from ? new Date(Date.parse(from)) : null,
      to: toDate,
      q: q || null,
    },
    cursor: cursor ? decodeCursor(cursor) : null,
    limit: limit ?? 25,
  };
}

function encodeCursor(row: OrderListRow): string {
  return Buffer.from(JSON.stringify([row.cursorTs, row.id])).toString('base64url');
}

function decodeCursor(value: string): Cursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(createdAt))) {
      return { createdAt, id };
    }
  } catch {
    // fall through
  }
  throw badRequest('invalid_query', 'The cursor is not valid.');
}

const refundSchema = z.object({
  amount: z.number().int().positive(),
  // One per confirmation in the panel: a double submit replays the same refund instead of a second one.
  idempotencyKey: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/),
});

/** The shop owner's view of orders: lists, the full payment story, sync and refunds. */
@Injectable()
export class AdminOrders {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(STRIPE_GATEWAY) private readonly stripe: StripeGateway,
    private readonly actions: OrderActions,
  ) {}

  async list(query: ListQuery): Promise<{ orders: AdminOrderSummary[]; nextCursor: string | null }> {
    const rows = await repo.list(this.database.db, query.filters, query.cursor, query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      orders: page.map(toSummary),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    };
  }

  /** Every row matching the filters, page by page, for the CSV export. */
  async *exportRows(filters: OrderFilters, max = 100_000): AsyncGenerator<AdminOrderSummary> {
    let cursor: Cursor | null = null;
    let sent = 0;
    while (sent < max) {
      const rows = await repo.list(this.database.db, filters, cursor, Math.min(1000, max - sent));
      for (const row of rows) yield toSummary(row);
      sent += rows.length;
      const last = rows.at(-1);
      if (!last || rows.length < 1000) return;
      cursor = { createdAt: last.cursorTs, id: last.id };
    }
  }

  async detail(orderId: string) {
    const db = this.database.db;
    const order = /^ord_[0-9A-Za-z]{10,40}$/.test(orderId)
      ? await ordersRepository.findOrder(db, orderId)
      : null;
    if (!order) throw notFound('order_not_found', 'No such order.');
    const [attempts, history, deliveries] = await Promise.all([
      repo.attempts(db, order.id),
      repo.history(db, order.id),
      repo.deliveries(db, order.id),
    ]);
    return {
      order: {
        id: order.id,
        createdAt: order.createdAt.toISOString(),
        updatedAt: order.updatedAt.toISOString(),
        status: order.status,
        statusReason: order.statusReason,
        customerEmail: order.customerEmail,
        items: order.items.map((item) => ({ ...item, lineTotal: item.unitAmount * item.quantity })),
        total: order.totalAmount,
        currency: order.currency,
        sessionId: order.currentSessionId,
        currentAttemptNo: order.currentAttemptNo,
        flags: order.flags,
        version: order.version,
      },
      payment:
        order.amountReceived !== null
          ? {
              amountReceived: order.amountReceived,
              amountRefunded: order.amountRefunded,
              refundable: isPaidStatus(order.status as OrderStatus)
                ? order.amountReceived - order.amountRefunded
                : 0,
              currency: order.currency,
              paymentIntentId: order.paymentIntentId,
              paidAt: order.paidAt?.toISOString() ?? null,
              customerEmail: order.customerEmail,
            }
          : null,
      attempts: attempts.map((a) => ({
        attemptNo: a.attemptNo,
        sessionId: a.sessionId,
        status: a.status,
        paymentStatus: a.paymentStatus,
        paymentIntentId: a.paymentIntentId,
        createdAt: a.createdAt.toISOString(),
        expiresAt: a.expiresAt.toISOString(),
        current: a.attemptNo === order.currentAttemptNo,
      })),
      events: history.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        source: e.source,
        kind: e.kind,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        outcome: e.outcome,
        stripeEventId: e.stripeEventId,
        detail: e.detail,
        stripeEvent: e.eventPayload ?? null,
      })),
      deliveries: deliveries.map((d) => ({
        id: d.id,
        receivedAt: d.receivedAt.toISOString(),
        eventId: d.eventId,
        eventType: d.eventType,
        signatureOk: d.signatureOk,
        result: d.result,
        httpStatus: d.httpStatus,
        error: d.error,
        durationMs: d.durationMs,
      })),
    };
  }

  /** "Sync from Stripe": reads back every session of the order and applies what they say. */
  async sync(orderId: string, admin: AdminPrincipal) {
    const db = this.database.db;
    const order = await ordersRepository.findOrder(db, orderId);
    if (!order) throw notFound('order_not_found', 'No such order.');
    const before = order.status;
    const attempts = (await repo.attempts(db, order.id)).filter((a) => a.sessionId);
    try {
      for (const attempt of attempts) {
        await this.actions.syncSession(order.id, attempt.sessionId!, attempt.attemptNo, 'admin');
      }
    } catch (error) {
      throw providerError(error);
    }
    const after = (await ordersRepository.findOrder(db, order.id))!;
    await ordersRepository.insertOrderEvent(db, {
      orderId: order.id,
      source: 'admin',
      kind: 'admin_sync',
      fromStatus: before,
      toStatus: after.status === before ? null : after.status,
      outcome: 'applied',
      detail: { by: admin.email, sessions: attempts.map((a) => a.sessionId) },
    });
    return this.detail(order.id);
  }

  /**
   * Asks Stripe for a refund. The order's status follows when Stripe's `charge.refunded` arrives, like
   * every other payment fact; the request itself is recorded in the history now.
   */
  async refund(orderId: string, body: unknown, admin: AdminPrincipal) {
    const parsed = refundSchema.safeParse(body);
    if (!parsed.success)
      throw badRequest(
        'invalid_refund',
        'The refund needs a whole positive amount in minor units and an idempotency key.',
      );
    const db = this.database.db;
    const order = await ordersRepository.findOrder(db, orderId);
    if (!order) throw notFound('order_not_found', 'No such order.');
    if (
      !isPaidStatus(order.status as OrderStatus) ||
      !order.paymentIntentId ||
      order.amountReceived === null
    ) {
      throw new AppError(409, 'order_not_refundable', 'Only a paid order can be refunded.');
    }
    const remaining = order.amountReceived - order.amountRefunded;
    if (parsed.data.amount > remaining) {
      throw badRequest('refund_exceeds_remaining', `At most ${remaining} (minor units) is left to refund.`, {
        remaining,
      });
    }
    const key = parsed.data.idempotencyKey;
    let refund;
    try {
      refund = await this.stripe.createRefund({
        paymentIntentId: order.paymentIntentId,
        amount: parsed.data.amount,
        idempotencyKey: `refund:${order.id}:${key}`,
      });
    } catch (error) {
      if (error instanceof StripeRequestError) {
        throw badRequest('refund_rejected', `Stripe refused the refund: ${error.message}`);
      }
      throw providerError(error);
    }
    await ordersRepository.insertOrderEvent(db, {
      orderId: order.id,
      source: 'admin',
      kind: 'refund_requested',
      fromStatus: order.status,
      toStatus: null,
      outcome: 'applied',
      detail: { by: admin.email, refundId: refund.id, amount: refund.amount, status: refund.status },
    });
    return {
      refund: { id: refund.id, amount: refund.amount, currency: refund.currency, status: refund.status },
    };
  }

  async dashboard() {
    const db = this.database.db;
    const now = new Date();
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const weekAgo = new Date(today.getTime() - 6 * 86_400_000);
    const chartFrom = new Date(today.getTime() - 13 * 86_400_000);
    const [byStatus, revenueToday, revenueWeek, perDay] = await Promise.all([
      repo.countsByStatus(db),
      repo.revenueSince(db, today),
      repo.revenueSince(db, weekAgo),
      repo.perDay(db, chartFrom),
    ]);
    const days: { date: string; byStatus: Record<string, number> }[] = [];
    for (let t = chartFrom.getTime(); t <= today.getTime(); t += 86_400_000) {
      days.push({ date: new Date(t).toISOString().slice(0, 10), byStatus: {} });
    }
    for (const row of perDay) {
      const day = days.find((d) => d.date === row.day);
      if (day) day.byStatus[row.status] = Number(row.n);
    }
    return {
      byStatus: Object.fromEntries(ORDER_STATUSES.map((s) => [s, byStatus[s] ?? 0])),
      revenue: { today: revenueToday, last7Days: revenueWeek },
      failed: byStatus.failed ?? 0,
      expired: byStatus.expired ?? 0,
      perDay: days,
    };
  }
}
