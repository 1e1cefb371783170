import {
  AdminHoldList,
  AdminOrderDetail,
  AdminProductEnvelope,
  AdminProductList,
  HoldsReleased,
  AdminOrdersPage,
  AdminPromotionCode,
  Dashboard,
  FulfilmentEnvelope,
  NotReadyDetails,
  PromotionCodeList,
  RefundEnvelope,
  ShippingRate,
  ShippingRateList,
  StoreSettings,
  UnmatchedEventsPage,
  UserEnvelope,
  WatchReport,
  type AdminFulfilment,
  type AdminHold,
  type AdminProduct,
  type AdminOrdersQuery,
  type FulfilmentRequest,
  type LoginRequest,
  type NotReadyReason,
  type PromotionCodeInput,
  type RefundRequest,
  type ShippingRateInput,
  type StockUpdate,
  type StoreSettingsInput,
} from '@checkstand/contract';
import { ApiError, NO_CONTENT, apiRequest } from '../api/api-client';

/**
 * The admin API, every reply parsed with its contract schema. The session is an httpOnly cookie on
 * `/api/admin`, so the panel never sees it: `GET /api/admin/me` says whether someone is logged in, and any
 * other call answers 401 once the session has ended. Amounts are integer minor units, as everywhere else.
 */

export type AdminUser = UserEnvelope['user'];
/** A refund as Stripe accepted it (the order changes when its `charge.refunded` event arrives). */
export type AcceptedRefund = RefundEnvelope['refund'];

// Query keys: everything under `admin`, so logging out can forget it all at once.
export const adminKeys = {
  all: ['admin'] as const,
  me: ['admin', 'me'] as const,
  dashboard: ['admin', 'dashboard'] as const,
  orders: (query: AdminOrdersQuery) => ['admin', 'orders', query] as const,
  order: (orderId: string) => ['admin', 'order', orderId] as const,
  unmatchedEvents: ['admin', 'stripe-events', 'unmatched'] as const,
  watch: ['admin', 'watch'] as const,
  settings: ['admin', 'settings'] as const,
  shippingRates: ['admin', 'shipping-rates'] as const,
  promotionCodes: ['admin', 'promotion-codes'] as const,
  products: ['admin', 'products'] as const,
  holds: ['admin', 'holds'] as const,
};

/** The error of a call made without a live session (as opposed to a wrong password, also a 401). */
export function isSessionError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 401 && error.code !== 'invalid_credentials';
}

export async function login(request: LoginRequest): Promise<AdminUser> {
  const { user } = await apiRequest('/admin/login', UserEnvelope, { method: 'POST', body: request });
  return user;
}

export function logout(): Promise<void> {
  return apiRequest('/admin/logout', NO_CONTENT, { method: 'POST', body: {} });
}

/** Who is logged in, or null when nobody is (the 401 is the answer here, not an error). */
export async function fetchMe(signal?: AbortSignal): Promise<AdminUser | null> {
  try {
    const { user } = await apiRequest('/admin/me', UserEnvelope, { signal });
    return user;
  } catch (error) {
    if (isSessionError(error)) return null;
    throw error;
  }
}

export function searchString(query: AdminOrdersQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if ((typeof value === 'string' && value !== '') || typeof value === 'number')
      params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function fetchOrders(query: AdminOrdersQuery, signal?: AbortSignal): Promise<AdminOrdersPage> {
  return apiRequest(`/admin/orders${searchString(query)}`, AdminOrdersPage, { signal });
}

/** Where the browser downloads the filtered list as CSV (the cookie goes along: same origin, same path). */
export function ordersCsvUrl(query: Omit<AdminOrdersQuery, 'cursor' | 'limit'>): string {
  return `/api/admin/orders.csv${searchString(query)}`;
}

export function fetchOrderDetail(orderId: string, signal?: AbortSignal): Promise<AdminOrderDetail> {
  return apiRequest(`/admin/orders/${encodeURIComponent(orderId)}`, AdminOrderDetail, { signal });
}

export function syncOrder(orderId: string): Promise<AdminOrderDetail> {
  return apiRequest(`/admin/orders/${encodeURIComponent(orderId)}/sync`, AdminOrderDetail, {
    method: 'POST',
    body: {},
  });
}

/** Refunds `amount` of one payment of the order (its primary payment when `paymentIntentId` is left out). */
export async function refundOrder(orderId: string, request: RefundRequest): Promise<AcceptedRefund> {
  const { refund } = await apiRequest(`/admin/orders/${encodeURIComponent(orderId)}/refund`, RefundEnvelope, {
    method: 'POST',
    body: request,
  });
  return refund;
}

/**
 * Marks the order fulfilled (with its carrier and tracking number, if given) or returned. An order that is not
 * ready to ship is refused (`not_ready_to_ship`, see `notReadyReasonsOf`) unless `overrideReason` says why.
 */
export async function updateFulfilment(
  orderId: string,
  request: FulfilmentRequest,
): Promise<AdminFulfilment> {
  const { fulfilment } = await apiRequest(
    `/admin/orders/${encodeURIComponent(orderId)}/fulfilment`,
    FulfilmentEnvelope,
    { method: 'POST', body: request },
  );
  return fulfilment;
}

/** The server's reasons in a `not_ready_to_ship` refusal, or null for any other error. */
export function notReadyReasonsOf(error: unknown): NotReadyReason[] | null {
  if (!(error instanceof ApiError) || error.code !== 'not_ready_to_ship') return null;
  const parsed = NotReadyDetails.safeParse(error.details);
  return parsed.success ? parsed.data.notReadyBecause : [];
}

export function fetchDashboard(signal?: AbortSignal): Promise<Dashboard> {
  return apiRequest('/admin/dashboard', Dashboard, { signal });
}

/** Stripe events that are provably about no order, newest first, a page at a time. */
export function fetchUnmatchedEvents(
  cursor: string | null,
  signal?: AbortSignal,
): Promise<UnmatchedEventsPage> {
  const query = cursor ? `?${new URLSearchParams({ cursor }).toString()}` : '';
  return apiRequest(`/admin/stripe-events/unmatched${query}`, UnmatchedEventsPage, { signal });
}

export function fetchWatchReport(signal?: AbortSignal): Promise<WatchReport> {
  return apiRequest('/admin/watch', WatchReport, { signal });
}

// The shop's settings, shipping rates and promotion codes. Every write carries a JSON body (an empty one for
// "deactivate"): the server's CSRF check wants a JSON content type on every admin mutation.

export function fetchSettings(signal?: AbortSignal): Promise<StoreSettings> {
  return apiRequest('/admin/settings', StoreSettings, { signal });
}

export function saveSettings(settings: StoreSettingsInput): Promise<StoreSettings> {
  return apiRequest('/admin/settings', StoreSettings, { method: 'PUT', body: settings });
}

/** Every rate, active or not, by position. */
export async function fetchShippingRates(signal?: AbortSignal): Promise<ShippingRate[]> {
  const { rates } = await apiRequest('/admin/shipping-rates', ShippingRateList, { signal });
  return rates;
}

export function createShippingRate(rate: ShippingRateInput): Promise<ShippingRate> {
  return apiRequest('/admin/shipping-rates', ShippingRate, { method: 'POST', body: rate });
}

/** Replaces a rate with `rate` (deactivating one is this with `active: false`). */
export function updateShippingRate(rateId: string, rate: ShippingRateInput): Promise<ShippingRate> {
  return apiRequest(`/admin/shipping-rates/${encodeURIComponent(rateId)}`, ShippingRate, {
    method: 'PUT',
    body: rate,
  });
}

/** The codes as Stripe holds them, newest first. */
export async function fetchPromotionCodes(signal?: AbortSignal): Promise<AdminPromotionCode[]> {
  const { codes } = await apiRequest('/admin/promotion-codes', PromotionCodeList, { signal });
  return codes;
}

export function createPromotionCode(code: PromotionCodeInput): Promise<AdminPromotionCode> {
  return apiRequest('/admin/promotion-codes', AdminPromotionCode, { method: 'POST', body: code });
}

export function deactivatePromotionCode(codeId: string): Promise<AdminPromotionCode> {
  return apiRequest(`/admin/promotion-codes/${encodeURIComponent(codeId)}/deactivate`, AdminPromotionCode, {
    method: 'POST',
    body: {},
  });
}

// Stock: the products with what is on hand and held, and the checkouts holding units.

/** Every product, active or not, with its stock, the units checkouts hold and what is left to buy. */
export async function fetchAdminProducts(signal?: AbortSignal): Promise<AdminProduct[]> {
  const { products } = await apiRequest('/admin/products', AdminProductList, { signal });
  return products;
}

/** Sets the units on hand of a product (null: unlimited). */
export async function updateStock(productId: string, update: StockUpdate): Promise<AdminProduct> {
  const { product } = await apiRequest(
    `/admin/products/${encodeURIComponent(productId)}`,
    AdminProductEnvelope,
    { method: 'PATCH', body: update },
  );
  return product;
}

/** What checkouts in progress hold, soonest to expire first. */
export async function fetchHolds(signal?: AbortSignal): Promise<AdminHold[]> {
  const { holds } = await apiRequest('/admin/holds', AdminHoldList, { signal });
  return holds;
}

/** Puts back on sale what one checkout attempt of an order holds; answers how many held lines it released. */
export async function releaseHold(orderId: string, attemptNo: number): Promise<number> {
  const { released } = await apiRequest(
    `/admin/holds/${encodeURIComponent(orderId)}/${attemptNo}/release`,
    HoldsReleased,
    { method: 'POST', body: {} },
  );
  return released;
}
