import { ApiError, apiRequest, isRecord } from '../api/api-client';
import { ORDER_STATUSES, type OrderStatus } from '../api/orders';

/**
 * The admin API (README "Admin panel", DESIGN §6). The session is an httpOnly cookie on `/api/admin`, so the
 * panel never sees it: `GET /api/admin/me` says whether someone is logged in, and any other call answers 401
 * once the session has ended. Amounts are integer minor units, as everywhere else.
 */

export interface AdminUser {
  email: string;
}

export interface AdminOrderSummary {
  id: string;
  createdAt: string;
  updatedAt: string;
  status: OrderStatus;
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

export interface AdminOrdersPage {
  orders: AdminOrderSummary[];
  nextCursor: string | null;
}

export interface AdminOrderItem {
  productId: string;
  title: string;
  unitAmount: number;
  quantity: number;
  lineTotal: number;
}

export interface AdminPayment {
  amountReceived: number;
  amountRefunded: number;
  /** What can still be refunded now; 0 unless the order is paid. */
  refundable: number;
  currency: string;
  paymentIntentId: string | null;
  paidAt: string | null;
  customerEmail: string | null;
}

export const ATTEMPT_STATUSES = ['creating', 'open', 'complete', 'expired', 'abandoned'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export interface AdminAttempt {
  attemptNo: number;
  sessionId: string | null;
  status: AttemptStatus;
  paymentStatus: string | null;
  paymentIntentId: string | null;
  createdAt: string;
  expiresAt: string;
  current: boolean;
}

export const EVENT_SOURCES = ['webhook', 'customer', 'admin', 'reconcile'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export interface AdminOrderEvent {
  id: number | string;
  at: string;
  source: EventSource;
  /** `order_created`, `checkout.session.completed`, `refund_requested`…: open-ended on purpose. */
  kind: string;
  fromStatus: string | null;
  /** Null when nothing changed. */
  toStatus: string | null;
  /** `applied`, `ignored` or `failed` (kept as text: a new outcome must not hide the whole history). */
  outcome: string;
  stripeEventId: string | null;
  detail: Record<string, unknown>;
  /** The Stripe event as received, for the events that came from Stripe. */
  stripeEvent: unknown;
}

export interface AdminDelivery {
  id: number | string;
  receivedAt: string;
  eventId: string | null;
  eventType: string | null;
  signatureOk: boolean;
  /** `accepted`, `duplicate`, `rejected` or `error`. */
  result: string;
  httpStatus: number | null;
  error: string | null;
  durationMs: number | null;
}

export interface AdminOrderDetail {
  order: {
    id: string;
    createdAt: string;
    updatedAt: string;
    status: OrderStatus;
    statusReason: string | null;
    customerEmail: string | null;
    items: AdminOrderItem[];
    total: number;
    currency: string;
    sessionId: string | null;
    currentAttemptNo: number;
    flags: string[];
    version: number;
  };
  payment: AdminPayment | null;
  attempts: AdminAttempt[];
  events: AdminOrderEvent[];
  deliveries: AdminDelivery[];
}

export interface AdminRefund {
  id: string;
  amount: number;
  currency: string;
  status: string;
}

export interface AdminDashboard {
  byStatus: Record<OrderStatus, number>;
  revenue: { today: Record<string, number>; last7Days: Record<string, number> };
  failed: number;
  expired: number;
  /** 14 UTC days, oldest first. */
  perDay: { date: string; byStatus: Partial<Record<OrderStatus, number>> }[];
}

/** The list's filters as the API takes them (dates already turned into instants). */
export interface AdminOrdersQuery {
  status?: string;
  from?: string;
  to?: string;
  q?: string;
  cursor?: string;
  limit?: number;
}

// Query keys: everything under `admin`, so logging out can forget it all at once.
export const adminKeys = {
  all: ['admin'] as const,
  me: ['admin', 'me'] as const,
  dashboard: ['admin', 'dashboard'] as const,
  orders: (query: AdminOrdersQuery) => ['admin', 'orders', query] as const,
  order: (orderId: string) => ['admin', 'order', orderId] as const,
};

/** The error of a call made without a live session (as opposed to a wrong password, also a 401). */
export function isSessionError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 401 && error.code !== 'invalid_credentials';
}

export function login(email: string, password: string): Promise<AdminUser> {
  return apiRequest('/admin/login', parseUserEnvelope, { method: 'POST', body: { email, password } });
}

export function logout(): Promise<void> {
  return apiRequest('/admin/logout', () => undefined, { method: 'POST', body: {} });
}

/** Who is logged in, or null when nobody is (the 401 is the answer here, not an error). */
export async function fetchMe(signal?: AbortSignal): Promise<AdminUser | null> {
  try {
    return await apiRequest('/admin/me', parseUserEnvelope, { signal });
  } catch (error) {
    if (isSessionError(error)) return null;
    throw error;
  }
}

export function searchString(query: AdminOrdersQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function fetchOrders(query: AdminOrdersQuery, signal?: AbortSignal): Promise<AdminOrdersPage> {
  return apiRequest(`/admin/orders${searchString(query)}`, parseOrdersPage, { signal });
}

/** Where the browser downloads the filtered list as CSV (the cookie goes along: same origin, same path). */
export function ordersCsvUrl(query: Omit<AdminOrdersQuery, 'cursor' | 'limit'>): string {
  return `/api/admin/orders.csv${searchString(query)}`;
}

export function fetchOrderDetail(orderId: string, signal?: AbortSignal): Promise<AdminOrderDetail> {
  return apiRequest(`/admin/orders/${encodeURIComponent(orderId)}`, parseOrderDetail, { signal });
}

export function syncOrder(orderId: string): Promise<AdminOrderDetail> {
  return apiRequest(`/admin/orders/${encodeURIComponent(orderId)}/sync`, parseOrderDetail, {
    method: 'POST',
    body: {},
  });
}

export function refundOrder(orderId: string, amount: number, idempotencyKey: string): Promise<AdminRefund> {
  return apiRequest(`/admin/orders/${encodeURIComponent(orderId)}/refund`, parseRefundEnvelope, {
    method: 'POST',
    body: { amount, idempotencyKey },
  });
}

export function fetchDashboard(signal?: AbortSignal): Promise<AdminDashboard> {
  return apiRequest('/admin/dashboard', parseDashboard, { signal });
}

// Parsing: the pages trust these shapes, so anything else becomes an `invalid_response` error, not a crash.

function fail(what: string): never {
  throw new TypeError(`malformed ${what}`);
}

function str(value: unknown, what: string): string {
  return typeof value === 'string' ? value : fail(what);
}

function strOrNull(value: unknown, what: string): string | null {
  return value === null || value === undefined ? null : str(value, what);
}

function int(value: unknown, what: string): number {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : fail(what);
}

function intOrNull(value: unknown, what: string): number | null {
  return value === null || value === undefined ? null : int(value, what);
}

function record(value: unknown, what: string): Record<string, unknown> {
  return isRecord(value) ? value : fail(what);
}

function list<T>(value: unknown, what: string, parse: (item: unknown) => T): T[] {
  return Array.isArray(value) ? value.map(parse) : fail(what);
}

function status(value: unknown): OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value)
    ? (value as OrderStatus)
    : fail('order status');
}

function oneOf<T extends string>(values: readonly T[], value: unknown, what: string): T {
  return typeof value === 'string' && (values as readonly string[]).includes(value)
    ? (value as T)
    : fail(what);
}

function flags(value: unknown): string[] {
  return list(value ?? [], 'flags', (flag) => str(flag, 'flag'));
}

function idOf(value: unknown, what: string): number | string {
  return typeof value === 'number' || typeof value === 'string' ? value : fail(what);
}

function amounts(value: unknown, what: string): Record<string, number> {
  const object = record(value, what);
  return Object.fromEntries(Object.entries(object).map(([currency, n]) => [currency, int(n, what)]));
}

export function parseUserEnvelope(body: unknown): AdminUser {
  const { user } = record(body, 'user response');
  return { email: str(record(user, 'user').email, 'user email') };
}

export function parseOrderSummary(value: unknown): AdminOrderSummary {
  const o = record(value, 'order');
  return {
    id: str(o.id, 'order id'),
    createdAt: str(o.createdAt, 'createdAt'),
    updatedAt: str(o.updatedAt, 'updatedAt'),
    status: status(o.status),
    statusReason: strOrNull(o.statusReason, 'statusReason'),
    customerEmail: strOrNull(o.customerEmail, 'customerEmail'),
    total: int(o.total, 'total'),
    currency: str(o.currency, 'currency').toLowerCase(),
    sessionId: strOrNull(o.sessionId, 'sessionId'),
    paymentIntentId: strOrNull(o.paymentIntentId, 'paymentIntentId'),
    amountReceived: intOrNull(o.amountReceived, 'amountReceived'),
    amountRefunded: intOrNull(o.amountRefunded, 'amountRefunded') ?? 0,
    paidAt: strOrNull(o.paidAt, 'paidAt'),
    flags: flags(o.flags),
    attemptCount: intOrNull(o.attemptCount, 'attemptCount') ?? 1,
  };
}

export function parseOrdersPage(body: unknown): AdminOrdersPage {
  const page = record(body, 'orders response');
  return {
    orders: list(page.orders, 'orders', parseOrderSummary),
    nextCursor: strOrNull(page.nextCursor, 'nextCursor'),
  };
}

function parseItem(value: unknown): AdminOrderItem {
  const item = record(value, 'item');
  return {
    productId: str(item.productId, 'productId'),
    title: str(item.title, 'title'),
    unitAmount: int(item.unitAmount, 'unitAmount'),
    quantity: int(item.quantity, 'quantity'),
    lineTotal: int(item.lineTotal, 'lineTotal'),
  };
}

function parsePayment(value: unknown): AdminPayment | null {
  if (value === null || value === undefined) return null;
  const p = record(value, 'payment');
  return {
    amountReceived: int(p.amountReceived, 'amountReceived'),
    amountRefunded: int(p.amountRefunded, 'amountRefunded'),
    refundable: int(p.refundable, 'refundable'),
    currency: str(p.currency, 'payment currency').toLowerCase(),
    paymentIntentId: strOrNull(p.paymentIntentId, 'paymentIntentId'),
    paidAt: strOrNull(p.paidAt, 'paidAt'),
    customerEmail: strOrNull(p.customerEmail, 'customerEmail'),
  };
}

function parseAttempt(value: unknown): AdminAttempt {
  const a = record(value, 'attempt');
  return {
    attemptNo: int(a.attemptNo, 'attemptNo'),
    sessionId: strOrNull(a.sessionId, 'sessionId'),
    status: oneOf(ATTEMPT_STATUSES, a.status, 'attempt status'),
    paymentStatus: strOrNull(a.paymentStatus, 'paymentStatus'),
    paymentIntentId: strOrNull(a.paymentIntentId, 'paymentIntentId'),
    createdAt: str(a.createdAt, 'createdAt'),
    expiresAt: str(a.expiresAt, 'expiresAt'),
    current: a.current === true,
  };
}

function parseEvent(value: unknown): AdminOrderEvent {
  const e = record(value, 'event');
  return {
    id: idOf(e.id, 'event id'),
    at: str(e.at, 'event time'),
    source: oneOf(EVENT_SOURCES, e.source, 'event source'),
    kind: str(e.kind, 'event kind'),
    fromStatus: strOrNull(e.fromStatus, 'fromStatus'),
    toStatus: strOrNull(e.toStatus, 'toStatus'),
    outcome: str(e.outcome, 'outcome'),
    stripeEventId: strOrNull(e.stripeEventId, 'stripeEventId'),
    detail: isRecord(e.detail) ? e.detail : {},
    stripeEvent: e.stripeEvent ?? null,
  };
}

function parseDelivery(value: unknown): AdminDelivery {
  const d = record(value, 'delivery');
  return {
    id: idOf(d.id, 'delivery id'),
    receivedAt: str(d.receivedAt, 'receivedAt'),
    eventId: strOrNull(d.eventId, 'eventId'),
    eventType: strOrNull(d.eventType, 'eventType'),
    signatureOk: d.signatureOk === true,
    result: str(d.result, 'result'),
    httpStatus: intOrNull(d.httpStatus, 'httpStatus'),
    error: strOrNull(d.error, 'error'),
    durationMs: intOrNull(d.durationMs, 'durationMs'),
  };
}

export function parseOrderDetail(body: unknown): AdminOrderDetail {
  const b = record(body, 'order detail');
  const o = record(b.order, 'order');
  return {
    order: {
      id: str(o.id, 'order id'),
      createdAt: str(o.createdAt, 'createdAt'),
      updatedAt: str(o.updatedAt, 'updatedAt'),
      status: status(o.status),
      statusReason: strOrNull(o.statusReason, 'statusReason'),
      customerEmail: strOrNull(o.customerEmail, 'customerEmail'),
      items: list(o.items, 'items', parseItem),
      total: int(o.total, 'total'),
      currency: str(o.currency, 'currency').toLowerCase(),
      sessionId: strOrNull(o.sessionId, 'sessionId'),
      currentAttemptNo: intOrNull(o.currentAttemptNo, 'currentAttemptNo') ?? 1,
      flags: flags(o.flags),
      version: intOrNull(o.version, 'version') ?? 0,
    },
    payment: parsePayment(b.payment),
    attempts: list(b.attempts ?? [], 'attempts', parseAttempt),
    events: list(b.events ?? [], 'events', parseEvent),
    deliveries: list(b.deliveries ?? [], 'deliveries', parseDelivery),
  };
}

export function parseRefundEnvelope(body: unknown): AdminRefund {
  const r = record(record(body, 'refund response').refund, 'refund');
  return {
    id: str(r.id, 'refund id'),
    amount: int(r.amount, 'refund amount'),
    currency: str(r.currency, 'refund currency').toLowerCase(),
    status: str(r.status, 'refund status'),
  };
}

export function parseDashboard(body: unknown): AdminDashboard {
  const d = record(body, 'dashboard');
  const counts = record(d.byStatus, 'byStatus');
  const byStatus = Object.fromEntries(
    ORDER_STATUSES.map((s) => [s, intOrNull(counts[s], 'status count') ?? 0]),
  ) as Record<OrderStatus, number>;
  const revenue = record(d.revenue, 'revenue');
  return {
    byStatus,
    revenue: {
      today: amounts(revenue.today ?? {}, 'revenue today'),
      last7Days: amounts(revenue.last7Days ?? {}, 'revenue last 7 days'),
    },
    failed: intOrNull(d.failed, 'failed') ?? byStatus.failed,
    expired: intOrNull(d.expired, 'expired') ?? byStatus.expired,
    perDay: list(d.perDay ?? [], 'perDay', (value) => {
      const day = record(value, 'day');
      const dayCounts = record(day.byStatus ?? {}, 'day counts');
      const parsed: Partial<Record<OrderStatus, number>> = {};
      for (const [key, n] of Object.entries(dayCounts)) {
        if ((ORDER_STATUSES as readonly string[]).includes(key)) parsed[key as OrderStatus] = int(n, 'count');
      }
      return { date: str(day.date, 'date'), byStatus: parsed };
    }),
  };
}
