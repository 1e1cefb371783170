import type {
  AdminDashboard,
  AdminOrderDetail,
  AdminOrderEvent,
  AdminOrderSummary,
} from '../admin/admin-api';
import { fakeApi, instantResponse, type FakeRequest } from './render-app';

let sequence = 0;

/** A row of the admin order list; a paid order unless overridden. */
export function anAdminOrder(overrides: Partial<AdminOrderSummary> = {}): AdminOrderSummary {
  sequence += 1;
  const n = String(sequence).padStart(6, '0');
  return {
    id: `ord_01ADMIN${n}`,
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:01:00.000Z',
    status: 'paid',
    statusReason: null,
    customerEmail: `shopper${sequence}@example.com`,
    total: 6250,
    currency: 'usd',
    sessionId: `cs_test_a1Session${n}XYZabc`,
    paymentIntentId: `pi_3Intent${n}abc`,
    amountReceived: 6250,
    amountRefunded: 0,
    paidAt: '2026-11-26T10:01:00.000Z',
    flags: [],
    attemptCount: 1,
    ...overrides,
  };
}

/** The history of an order paid by card: created, session created, `checkout.session.completed`. */
export function paidHistory(): AdminOrderEvent[] {
  return [
    {
      id: 1,
      at: '2026-11-26T10:00:00.000Z',
      source: 'customer',
      kind: 'order_created',
      fromStatus: null,
      toStatus: 'pending',
      outcome: 'applied',
      stripeEventId: null,
      detail: { total: 6250, currency: 'usd', lines: 2 },
      stripeEvent: null,
    },
    {
      id: 2,
      at: '2026-11-26T10:00:01.000Z',
      source: 'customer',
      kind: 'checkout_session_created',
      fromStatus: 'pending',
      toStatus: null,
      outcome: 'applied',
      stripeEventId: null,
      detail: { attemptNo: 1, sessionId: 'cs_test_a1' },
      stripeEvent: null,
    },
    {
      id: 3,
      at: '2026-11-26T10:01:00.000Z',
      source: 'webhook',
      kind: 'checkout.session.completed',
      fromStatus: 'pending',
      toStatus: 'paid',
      outcome: 'applied',
      stripeEventId: 'evt_completed_1',
      detail: { note: 'payment_succeeded', amountReceived: 6250 },
      stripeEvent: {
        id: 'evt_completed_1',
        type: 'checkout.session.completed',
        data: { object: { id: 'cs_test_a1' } },
      },
    },
  ];
}

/** The detail of a paid order (USD 62.50: two mugs and a bag of beans), nothing refunded yet. */
export function anAdminOrderDetail(
  overrides: { order?: Partial<AdminOrderDetail['order']> } & Partial<Omit<AdminOrderDetail, 'order'>> = {},
): AdminOrderDetail {
  sequence += 1;
  const id = overrides.order?.id ?? `ord_01DETAIL${String(sequence).padStart(6, '0')}`;
  const { order, ...rest } = overrides;
  return {
    order: {
      id,
      createdAt: '2026-11-26T10:00:00.000Z',
      updatedAt: '2026-11-26T10:01:00.000Z',
      status: 'paid',
      statusReason: null,
      customerEmail: 'shopper@example.com',
      items: [
        { productId: 'prod_mug', title: 'Stoneware Mug', unitAmount: 2200, quantity: 2, lineTotal: 4400 },
        {
          productId: 'prod_beans',
          title: 'House Espresso Blend',
          unitAmount: 1850,
          quantity: 1,
          lineTotal: 1850,
        },
      ],
      total: 6250,
      currency: 'usd',
      sessionId: 'cs_test_a1',
      currentAttemptNo: 1,
      flags: [],
      version: 3,
      ...order,
    },
    payment: {
      amountReceived: 6250,
      amountRefunded: 0,
      refundable: 6250,
      currency: 'usd',
      paymentIntentId: 'pi_3abc',
      paidAt: '2026-11-26T10:01:00.000Z',
      customerEmail: 'shopper@example.com',
    },
    attempts: [
      {
        attemptNo: 1,
        sessionId: 'cs_test_a1',
        status: 'complete',
        paymentStatus: 'paid',
        paymentIntentId: 'pi_3abc',
        createdAt: '2026-11-26T10:00:00.000Z',
        expiresAt: '2026-11-26T11:00:00.000Z',
        current: true,
      },
    ],
    events: paidHistory(),
    deliveries: [
      {
        id: 1,
        receivedAt: '2026-11-26T10:01:00.000Z',
        eventId: 'evt_completed_1',
        eventType: 'checkout.session.completed',
        signatureOk: true,
        result: 'accepted',
        httpStatus: 200,
        error: null,
        durationMs: 12,
      },
    ],
    ...rest,
  };
}

export function aDashboard(overrides: Partial<AdminDashboard> = {}): AdminDashboard {
  const perDay = Array.from({ length: 14 }, (_, index) => ({
    date: `2026-11-${String(13 + index).padStart(2, '0')}`,
    byStatus: {},
  })) as AdminDashboard['perDay'];
  perDay[12] = { date: '2026-11-25', byStatus: { paid: 2, failed: 1 } };
  perDay[13] = { date: '2026-11-26', byStatus: { paid: 3, pending: 1 } };
  return {
    byStatus: {
      pending: 1,
      processing: 0,
      paid: 5,
      failed: 1,
      cancelled: 0,
      expired: 2,
      partially_refunded: 0,
      refunded: 0,
    },
    revenue: { today: { usd: 18450 }, last7Days: { usd: 31250 } },
    failed: 1,
    expired: 2,
    perDay,
    ...overrides,
  };
}

export const SESSION_ENDED = { error: { code: 'unauthorized', message: 'Log in to the admin panel first.' } };

type Route = (request: FakeRequest) => Response;

/**
 * The admin API for a test: `GET /api/admin/me` answers as `loggedIn` says (a logged-in owner unless told),
 * the rest as given.
 */
export function fakeAdminApi(routes: Record<string, Route>, { loggedIn = true } = {}) {
  return fakeApi({
    'GET /api/admin/me': () =>
      loggedIn
        ? instantResponse({ user: { email: 'owner@example.com' } })
        : instantResponse(SESSION_ENDED, 401),
    ...routes,
  });
}
