import { apiRequest, isRecord } from './api-client';

/**
 * Orders and payments as the API shows them to a customer (DESIGN §6). Amounts are integer minor units; the
 * server prices everything, so nothing here is computed from the cart.
 */
export const ORDER_STATUSES = [
  'pending',
  'processing',
  'paid',
  'failed',
  'cancelled',
  'expired',
  'partially_refunded',
  'refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderItem {
  productId: string;
  title: string;
  unitAmount: number;
  quantity: number;
  lineTotal: number;
}

export interface OrderPayment {
  amountReceived: number;
  currency: string;
  paymentIntentId: string | null;
  paidAt: string | null;
}

export interface Order {
  id: string;
  status: OrderStatus;
  statusReason: string | null;
  items: OrderItem[];
  total: number;
  currency: string;
  createdAt: string;
  updatedAt: string;
  sessionId: string | null;
  attemptCount: number;
  payment: OrderPayment | null;
  amountRefunded: number;
  actions: { retry: boolean; cancel: boolean };
}

/** Statuses in which the customer's money has been received (refunds happen after payment). */
export function isPaidStatus(status: OrderStatus): boolean {
  return status === 'paid' || status === 'partially_refunded' || status === 'refunded';
}

/** Still waiting on the payment provider: worth asking again. */
export function isWaitingStatus(status: OrderStatus): boolean {
  return status === 'pending' || status === 'processing';
}

export interface CheckoutCreated {
  orderId: string;
  orderToken: string;
  sessionId: string;
  url: string;
}

export interface CheckoutSession {
  sessionId: string;
  url: string;
}

export interface CheckoutItem {
  id: string;
  quantity: number;
}

const ORDER_TOKEN_HEADER = 'X-Order-Token';

export function createCheckoutSession(items: readonly CheckoutItem[]): Promise<CheckoutCreated> {
  return apiRequest('/payments/create-checkout-session', parseCheckoutCreated, {
    method: 'POST',
    body: { items },
  });
}

export function fetchOrderBySession(sessionId: string, signal?: AbortSignal): Promise<Order> {
  return apiRequest(`/orders/by-session/${encodeURIComponent(sessionId)}`, parseOrderEnvelope, { signal });
}

export function fetchOrder(orderId: string, token: string, signal?: AbortSignal): Promise<Order> {
  return apiRequest(`/orders/${encodeURIComponent(orderId)}`, parseOrderEnvelope, {
    headers: { [ORDER_TOKEN_HEADER]: token },
    signal,
  });
}

export function retryCheckoutSession(orderId: string, token: string): Promise<CheckoutSession> {
  return apiRequest(`/orders/${encodeURIComponent(orderId)}/retry-session`, parseCheckoutSession, {
    method: 'POST',
    headers: { [ORDER_TOKEN_HEADER]: token },
  });
}

export function cancelOrder(orderId: string, token: string): Promise<Order> {
  return apiRequest(`/orders/${encodeURIComponent(orderId)}/cancel`, parseOrderEnvelope, {
    method: 'POST',
    headers: { [ORDER_TOKEN_HEADER]: token },
  });
}

/** Query keys shared by the pages that show one order, so an action on one refreshes the others. */
export const orderQueryKey = (orderId: string) => ['order', orderId] as const;

// Parsing: the pages trust these shapes, so anything else becomes an `invalid_response` error, not a crash.

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function isStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

function fail(what: string): never {
  throw new TypeError(`malformed ${what}`);
}

export function parseCheckoutCreated(body: unknown): CheckoutCreated {
  if (!isRecord(body)) fail('checkout response');
  const { orderId, orderToken, sessionId, url } = body;
  if (!isString(orderId) || !isString(orderToken) || !isString(sessionId) || !isString(url)) {
    fail('checkout response');
  }
  return { orderId, orderToken, sessionId, url };
}

export function parseCheckoutSession(body: unknown): CheckoutSession {
  if (!isRecord(body)) fail('checkout session');
  const { sessionId, url } = body;
  if (!isString(sessionId) || !isString(url)) fail('checkout session');
  return { sessionId, url };
}

export function parseOrderEnvelope(body: unknown): Order {
  if (!isRecord(body)) fail('order response');
  return parseOrder(body.order);
}

export function parseOrder(value: unknown): Order {
  if (!isRecord(value)) fail('order');
  const { id, status, statusReason, items, total, currency, createdAt, updatedAt, sessionId } = value;
  const { attemptCount, payment, amountRefunded, actions } = value;
  if (
    !isString(id) ||
    !isStatus(status) ||
    !(statusReason === null || isString(statusReason)) ||
    !Array.isArray(items) ||
    !isAmount(total) ||
    !isString(currency) ||
    !isString(createdAt) ||
    !isString(updatedAt) ||
    !(sessionId === null || isString(sessionId))
  ) {
    fail('order');
  }
  return {
    id,
    status,
    statusReason,
    items: items.map(parseItem),
    total,
    currency: currency.toLowerCase(),
    createdAt,
    updatedAt,
    sessionId,
    attemptCount: typeof attemptCount === 'number' && Number.isInteger(attemptCount) ? attemptCount : 1,
    payment: payment === null || payment === undefined ? null : parsePayment(payment),
    amountRefunded: isAmount(amountRefunded) ? amountRefunded : 0,
    actions: {
      retry: isRecord(actions) && actions.retry === true,
      cancel: isRecord(actions) && actions.cancel === true,
    },
  };
}

function parseItem(value: unknown): OrderItem {
  if (!isRecord(value)) fail('order item');
  const { productId, title, unitAmount, quantity, lineTotal } = value;
  if (
    !isString(productId) ||
    !isString(title) ||
    !isAmount(unitAmount) ||
    !isAmount(quantity) ||
    !isAmount(lineTotal)
  ) {
    fail('order item');
  }
  return { productId, title, unitAmount, quantity, lineTotal };
}

function parsePayment(value: unknown): OrderPayment {
  if (!isRecord(value)) fail('payment');
  const { amountReceived, currency, paymentIntentId, paidAt } = value;
  if (
    !isAmount(amountReceived) ||
    !isString(currency) ||
    !(paymentIntentId === null || isString(paymentIntentId)) ||
    !(paidAt === null || isString(paidAt))
  ) {
    fail('payment');
  }
  return { amountReceived, currency: currency.toLowerCase(), paymentIntentId, paidAt };
}
