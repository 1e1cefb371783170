import { Inject, Injectable } from '@nestjs/common';
import {
  ADMIN_EXPORT_MAX_ROWS,
  ADMIN_PAGE_SIZE_DEFAULT,
  type AdminOrderDetail,
  type AdminOrderSummary,
  type AdminOrdersPage,
  AdminOrdersQuery,
  type Dashboard,
  ORDER_STATUSES,
  type OrderFlag,
  type RefundEnvelope,
  type UnmatchedEventsPage,
  type WatchReport,
  Currency,
  UnmatchedReason,
} from '@checkstand/contract';
import { badRequest, notFound } from '../../common/errors.js';
import { DATABASE } from '../../common/tokens.js';
import type { Database } from '../../db/database.js';
import type { OrderRow } from '../../db/schema.js';
import { type OrderStatus, isOrderStatus } from '../orders/order-state-machine.js';
import { fulfilmentOf, orderDetailView, statusOf } from './admin-order-detail.js';
import { writeChange } from '../orders/order-writer.js';
import { ordersRepository } from '../orders/orders.repository.js';
import { SessionSync } from '../payments/customer/session-sync.service.js';
import { providerError } from '../stripe/provider-errors.js';
import { jobsRepository } from '../payments/reconcile/jobs.repository.js';
import { WatchList } from '../payments/reconcile/watch-list.service.js';
import { Refunds } from '../payments/refunds/refunds.service.js';
import { claimsOfEvent } from '../payments/stripe-events/event-translation.js';
import type { StripeEventEnvelope } from '../stripe/stripe-gateway.js';
import type { AdminPrincipal } from './admin-auth.service.js';
import {
  type Cursor,
  type OrderFilters,
  type OrderListRow,
  adminOrdersRepository as repo,
} from './admin-orders.repository.js';

const toSummary = (row: OrderListRow): AdminOrderSummary => ({
  id: row.id,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  status: statusOf(row.status),
  statusReason: row.statusReason,
  customerEmail: row.customerEmail,
  total: row.totalAmount,
  currency: row.currency,
  sessionId: row.currentSessionId,
  paymentIntentId: row.paymentIntentId,
  amountReceived: row.amountReceived,
  amountRefunded: row.amountRefunded,
  paidAt: row.paidAt?.toISOString() ?? null,
  flags: row.flags as OrderFlag[],
  sessionCount: Number(row.sessionCount),
  fulfilmentStatus: fulfilmentOf(row).fulfilmentStatus,
  readyToShip: fulfilmentOf(row).readyToShip,
  shippingCountry: row.shippingCountry,
  shippingMethod: row.charges?.shippingMethod ?? null,
  discount: row.charges?.discount ?? null,
  tax: row.charges?.tax ?? null,
  promotionCode: row.charges?.promotionCode ?? null,
});

export interface ListQuery {
  filters: OrderFilters;
  cursor: Cursor | null;
  limit: number;
}

/**
 * Parses `?status=paid,failed&from=&to=&q=&cursor=&limit=` against the contract; anything malformed is a 400
 * naming it. Repeated statuses count once.
 */
export function parseListQuery(query: unknown): ListQuery {
  const parsed = AdminOrdersQuery.safeParse(query);
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? 'query';
    throw badRequest('invalid_query', `The ${field} filter is not valid.`);
  }
  const { status, from, to, q, cursor, limit, ready, flag } = parsed.data;
  const statuses = [
    ...new Set(
      (status ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
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
      ready: ready === undefined ? null : ready === 'true',
      flag: flag ?? null,
    },
    cursor: cursor ? decodeCursor(cursor) : null,
    limit: limit ?? ADMIN_PAGE_SIZE_DEFAULT,
  };
}

function encodeCursor(ts: string, id: string): string {
  return Buffer.from(JSON.stringify([ts, id])).toString('base64url');
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

/** The shop owner's view of orders: lists, the whole payment story, the watch list, sync and refunds. */
@Injectable()
export class AdminOrders {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly sync: SessionSync,
    private readonly refunds: Refunds,
    private readonly watch: WatchList,
  ) {}

  async list(query: ListQuery): Promise<AdminOrdersPage> {
    const rows = await repo.list(this.database.db, query.filters, query.cursor, query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      orders: page.map(toSummary),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.cursorTs, last.id) : null,
    };
  }

  /** Every row matching the filters, page by page, for the CSV export. */
  async *exportRows(filters: OrderFilters, max = ADMIN_EXPORT_MAX_ROWS): AsyncGenerator<AdminOrderSummary> {
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

  private async findOrder(orderId: string): Promise<OrderRow> {
    const order = /^ord_[0-9A-Za-z]{10,40}$/.test(orderId)
      ? await ordersRepository.findOrder(this.database.db, orderId)
      : null;
    if (!order) throw notFound('order_not_found', 'No such order.');
    return order;
  }

  /**
   * The order and everything about it, read in one snapshot (a repeatable-read transaction): a webhook committing
   * between two reads must not show, say, a warning settled while the order still carries its flag.
   */
  async detail(orderId: string): Promise<AdminOrderDetail> {
    if (!/^ord_[0-9A-Za-z]{10,40}$/.test(orderId)) throw notFound('order_not_found', 'No such order.');
    return this.database.db.transaction(
      async (tx) => {
        const order = await ordersRepository.findOrder(tx, orderId);
        if (!order) throw notFound('order_not_found', 'No such order.');
        const attempts = await repo.attempts(tx, order.id);
        const history = await repo.history(tx, order.id);
        const deliveries = await repo.deliveries(tx, order.id);
        const payments = await ordersRepository.listPayments(tx, order.id);
        const refunds = await ordersRepository.listRefunds(tx, order.id);
        const disputes = await ordersRepository.listDisputes(tx, order.id);
        const fraudWarnings = await ordersRepository.listFraudWarnings(tx, order.id);
        const holds = await repo.holds(tx, order.id);
        const messages = await repo.messages(tx, order.id);
        return orderDetailView(order, {
          holds,
          messages,
          attempts,
          history,
          deliveries,
          payments,
          refunds,
          disputes,
          fraudWarnings,
        });
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
  }

  /** "Sync from Stripe": reads back every session of the order and applies what they say. */
  async syncOrder(orderId: string, admin: AdminPrincipal): Promise<AdminOrderDetail> {
    const order = await this.findOrder(orderId);
    let sessions: string[];
    try {
      sessions = await this.sync.syncAll(order, 'admin');
    } catch (error) {
      throw providerError(error, 'owner');
    }
    const after = await this.findOrder(order.id);
    await writeChange(this.database.db, after, {
      history: {
        source: 'admin',
        kind: 'admin_sync',
        detail: { by: admin.email, sessions, statusBefore: order.status },
      },
    });
    return this.detail(order.id);
  }

  refund(orderId: string, body: unknown, admin: AdminPrincipal): Promise<RefundEnvelope> {
    return this.refunds.refund(orderId, body, admin.email);
  }

  async dashboard(): Promise<Dashboard> {
    const db = this.database.db;
    const now = new Date();
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const weekAgo = new Date(today.getTime() - 6 * 86_400_000);
    const chartFrom = new Date(today.getTime() - 13 * 86_400_000);
    const [byStatus, revenueToday, revenueWeek, perDay, needsRefund, watch, unmatchedEvents] =
      await Promise.all([
        repo.countsByStatus(db),
        repo.revenueSince(db, today),
        repo.revenueSince(db, weekAgo),
        repo.perDay(db, chartFrom),
        repo.countNeedsRefund(db),
        this.watch.summary(),
        repo.countUnmatchedSince(db, new Date(now.getTime() - 7 * 86_400_000)),
      ]);
    const [readyToShip, disputesNeedingResponse, amountAtRisk] = await Promise.all([
      repo.countReadyToShip(db),
      repo.disputesNeedingResponse(db, 50),
      repo.amountAtRisk(db),
    ]);
    const days: Dashboard['perDay'] = [];
    for (let t = chartFrom.getTime(); t <= today.getTime(); t += 86_400_000) {
      days.push({ date: new Date(t).toISOString().slice(0, 10), byStatus: {} });
    }
    for (const row of perDay) {
      const day = days.find((d) => d.date === row.day);
      if (day && isOrderStatus(row.status)) day.byStatus[row.status] = Number(row.n);
    }
    return {
      byStatus: Object.fromEntries(ORDER_STATUSES.map((s) => [s, byStatus[s] ?? 0])) as Dashboard['byStatus'],
      revenue: { today: revenueToday, last7Days: revenueWeek },
      perDay: days,
      needsRefund,
      watch,
      unmatchedEvents,
      readyToShip,
      disputesNeedingResponse: disputesNeedingResponse.map((d) => ({
        ...d,
        status: d.status as Dashboard['disputesNeedingResponse'][number]['status'],
        evidenceDueBy: d.evidenceDueBy?.toISOString() ?? null,
      })),
      amountAtRisk,
    };
  }

  /** Stripe events that matched no order: what they are and what they claim, never acted on. */
  async unmatchedEvents(
    cursor: string | undefined,
    limit = ADMIN_PAGE_SIZE_DEFAULT,
  ): Promise<UnmatchedEventsPage> {
    const decoded = cursor ? decodeCursor(cursor) : null;
    const rows = await repo.unmatchedEvents(
      this.database.db,
      decoded ? { receivedAt: decoded.createdAt, id: decoded.id } : null,
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      events: page.map((row) => {
        const claims = claimsOfEvent(row.payload as StripeEventEnvelope);
        return {
          id: row.id,
          type: row.type,
          created: row.created.toISOString(),
          receivedAt: row.receivedAt.toISOString(),
          receivedVia: row.channel as UnmatchedEventsPage['events'][number]['receivedVia'],
          outcome: row.outcome as UnmatchedEventsPage['events'][number]['outcome'],
          note: UnmatchedReason.safeParse(row.note).success ? (row.note as UnmatchedReason) : null,
          objectId: row.objectId,
          amount: claims.amount,
          currency: Currency.safeParse(claims.currency).success ? claims.currency : null,
          claimedOrderId: claims.claimedOrderId,
          stripeEvent: row.payload,
        };
      }),
      nextCursor: rows.length > limit && last ? encodeCursor(last.cursorTs, last.id) : null,
    };
  }

  async watchReport(): Promise<WatchReport> {
    const db = this.database.db;
    const [summary, lost, reconcile, sweep] = await Promise.all([
      this.watch.summary(),
      ordersRepository.lostSessions(db, 100),
      jobsRepository.get(db, 'reconcile'),
      jobsRepository.get(db, 'events_sweep'),
    ]);
    const cursor = (sweep?.state as { cursor?: unknown } | undefined)?.cursor;
    return {
      summary,
      // A lost session is one Stripe was asked about: it always has an id.
      lostSessions: lost
        .flatMap((l) => (l.sessionId ? [l] : []))
        .map((l) => ({
          orderId: l.orderId,
          attemptNo: l.attemptNo,
          sessionId: l.sessionId!,
          orderStatus: statusOf(l.orderStatus),
          checkedAt: l.checkedAt.toISOString(),
          createdAt: l.createdAt.toISOString(),
        })),
      reconcile: {
        lastRunAt: reconcile?.lastRunAt?.toISOString() ?? null,
        lastError: reconcile?.lastError ?? null,
      },
      sweep: {
        lastRunAt: sweep?.lastRunAt?.toISOString() ?? null,
        cursor: typeof cursor === 'number' ? new Date(cursor * 1000).toISOString() : null,
        lastError: sweep?.lastError ?? null,
      },
    };
  }
}
