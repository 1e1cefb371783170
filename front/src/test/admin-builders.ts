import {
  AdminDispute,
  AdminFraudWarning,
  AdminOrderDetail,
  AdminOrderSummary,
  AdminPayment,
  AdminRefund,
  Dashboard,
  UnmatchedEvent,
  WatchReport,
  hasReceivedMoney,
  notReadyBecause,
  type AdminFulfilment,
  type AdminOrderEvent,
} from '@checkstand/contract';
import { fakeApi, instantResponse, renderApp, type FakeRequest } from './render-app';

/**
 * Fixtures of the admin API's replies: typed with the contract's types and parsed with its schemas, so a
 * fixture the contract would refuse fails where it is built.
 */

let sequence = 0;

/** A row of the admin order list; a paid order, not shipped, unless overridden (ready to ship follows the rule). */
export function anAdminOrder(overrides: Partial<AdminOrderSummary> = {}): AdminOrderSummary {
  sequence += 1;
  const n = String(sequence).padStart(6, '0');
  const order: AdminOrderSummary = {
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
    sessionCount: 1,
    fulfilmentStatus: 'unfulfilled',
    readyToShip: false,
    shippingCountry: null,
    shippingMethod: null,
    discount: null,
    tax: null,
    promotionCode: null,
    ...overrides,
  };
  if (overrides.readyToShip === undefined) order.readyToShip = notReadyBecause(order).length === 0;
  return AdminOrderSummary.parse(order);
}

/** A payment of USD 62.50 that matches the order: the primary one, nothing refunded, unless overridden. */
export function aPayment(overrides: Partial<AdminPayment> = {}): AdminPayment {
  const amount = overrides.amount ?? 6250;
  const amountRefunded = overrides.amountRefunded ?? 0;
  const payment: AdminPayment = {
    paymentIntentId: 'pi_3abc',
    role: 'primary',
    status: amountRefunded === 0 ? 'succeeded' : amountRefunded >= amount ? 'refunded' : 'partially_refunded',
    amount,
    currency: 'usd',
    amountRefunded,
    refundable: amount - amountRefunded,
    matchesOrder: true,
    sessionId: 'cs_test_a1',
    attemptNo: 1,
    receivedAt: '2026-11-26T10:01:00.000Z',
    ...overrides,
  };
  return AdminPayment.parse(payment);
}

/** A refund asked for in the panel, confirmed by Stripe. */
export function aRefund(overrides: Partial<AdminRefund> = {}): AdminRefund {
  const refund: AdminRefund = {
    id: 're_3first',
    paymentIntentId: 'pi_3abc',
    amount: 1000,
    currency: 'usd',
    status: 'succeeded',
    reason: null,
    failureReason: null,
    requestedBy: 'owner@example.com',
    createdAt: '2026-11-26T11:00:00.000Z',
    ...overrides,
  };
  return AdminRefund.parse(refund);
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

/** A dispute on the order's payment, waiting for the owner's evidence, unless overridden. */
export function aDispute(overrides: Partial<AdminDispute> = {}): AdminDispute {
  const dispute: AdminDispute = {
    id: 'dp_1first',
    paymentIntentId: 'pi_3abc',
    amount: 6250,
    currency: 'usd',
    reason: 'fraudulent',
    status: 'needs_response',
    evidenceDueBy: '2026-12-06T23:59:59.000Z',
    amountWithdrawn: 6250,
    amountReinstated: 0,
    createdAt: '2026-11-27T09:00:00.000Z',
    updatedAt: '2026-11-27T09:00:00.000Z',
    afterFulfilment: false,
    ...overrides,
  };
  return AdminDispute.parse(dispute);
}

/** An actionable early fraud warning on the order's payment, unless overridden. */
export function aFraudWarning(overrides: Partial<AdminFraudWarning> = {}): AdminFraudWarning {
  const warning: AdminFraudWarning = {
    id: 'issfr_1first',
    paymentIntentId: 'pi_3abc',
    fraudType: 'made_with_stolen_card',
    actionable: true,
    createdAt: '2026-11-26T12:00:00.000Z',
    afterFulfilment: false,
    ...overrides,
  };
  return AdminFraudWarning.parse(warning);
}

type DetailOverrides = {
  order?: Partial<AdminOrderDetail['order']>;
  /** Merged into the fulfilment the order's status and flags give (unfulfilled; ready when nothing blocks). */
  fulfilment?: Partial<AdminFulfilment>;
} & Partial<Omit<AdminOrderDetail, 'order' | 'fulfilment'>>;

/**
 * The detail of an order (USD 62.50: two mugs and a bag of beans), paid once and nothing refunded unless
 * overridden. An order that received no money has no payment; `money` adds up the payments unless given.
 */
export function anAdminOrderDetail(overrides: DetailOverrides = {}): AdminOrderDetail {
  sequence += 1;
  const { order: orderOverrides, fulfilment: fulfilmentOverrides, ...rest } = overrides;
  const status = orderOverrides?.status ?? 'paid';
  const paid = hasReceivedMoney(status);
  const payments = rest.payments ?? (paid ? [aPayment()] : []);
  const received = payments.reduce((sum, p) => sum + p.amount, 0);
  const refunded = payments.reduce((sum, p) => sum + p.amountRefunded, 0);
  const fulfilmentStatus = fulfilmentOverrides?.status ?? 'unfulfilled';
  const reasons =
    fulfilmentOverrides?.notReadyBecause ??
    notReadyBecause({ status, flags: orderOverrides?.flags ?? [], fulfilmentStatus });
  const fulfilment: AdminFulfilment = {
    status: fulfilmentStatus,
    carrier: null,
    trackingNumber: null,
    fulfilledAt: fulfilmentStatus === 'unfulfilled' ? null : '2026-11-27T08:00:00.000Z',
    readyToShip: reasons.length === 0,
    notReadyBecause: reasons,
    ...fulfilmentOverrides,
  };
  const detail: AdminOrderDetail = {
    order: {
      id: `ord_01DETAIL${String(sequence).padStart(6, '0')}`,
      createdAt: '2026-11-26T10:00:00.000Z',
      updatedAt: '2026-11-26T10:01:00.000Z',
      status,
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
      paidAt: paid ? '2026-11-26T10:01:00.000Z' : null,
      paymentIntentId: paid ? 'pi_3abc' : null,
      ...orderOverrides,
    },
    money: {
      currency: 'usd',
      expected: 6250,
      received,
      refunded,
      disputed: 0,
      lost: 0,
      net: received - refunded,
      refundsPending: 0,
      otherCurrencies: [],
    },
    charges: null,
    contact: { shipping: null, billing: null },
    fulfilment,
    payments,
    refunds: [],
    disputes: [],
    fraudWarnings: [],
    attempts: [
      {
        attemptNo: 1,
        sessionId: 'cs_test_a1',
        status: paid ? 'complete' : 'open',
        outcome: paid ? 'paid' : null,
        paymentStatus: paid ? 'paid' : 'unpaid',
        paymentIntentId: paid ? 'pi_3abc' : null,
        createdAt: '2026-11-26T10:00:00.000Z',
        expiresAt: '2026-11-26T11:00:00.000Z',
        current: true,
        watch: paid ? 'done' : 'watching',
        checkedAt: '2026-11-26T10:01:00.000Z',
      },
    ],
    holds: [],
    messages: [],
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
  return AdminOrderDetail.parse(detail);
}

export function aDashboard(overrides: Partial<Dashboard> = {}): Dashboard {
  const perDay: Dashboard['perDay'] = Array.from({ length: 14 }, (_, index) => ({
    date: `2026-11-${String(13 + index).padStart(2, '0')}`,
    byStatus: {},
  }));
  perDay[12] = { date: '2026-11-25', byStatus: { paid: 2, failed: 1 } };
  perDay[13] = { date: '2026-11-26', byStatus: { paid: 3, pending: 1 } };
  const dashboard: Dashboard = {
    byStatus: {
      pending: 1,
      processing: 0,
      paid: 5,
      payment_mismatch: 0,
      failed: 1,
      cancelled: 0,
      expired: 2,
      partially_refunded: 0,
      refunded: 0,
    },
    revenue: { today: { usd: 18450 }, last7Days: { usd: 31250 } },
    perDay,
    needsRefund: 0,
    watch: { size: 2, oldestCheckAt: '2026-11-26T10:00:00.000Z', oldestCheckAgeSeconds: 180, lost: 0 },
    unmatchedEvents: 0,
    readyToShip: 3,
    disputesNeedingResponse: [],
    amountAtRisk: {},
    ...overrides,
  };
  return Dashboard.parse(dashboard);
}

/** The watch report: two sessions watched, nothing lost, both background passes fine. */
export function aWatchReport(overrides: Partial<WatchReport> = {}): WatchReport {
  const report: WatchReport = {
    summary: { size: 2, oldestCheckAt: '2026-11-26T10:00:00.000Z', oldestCheckAgeSeconds: 180, lost: 0 },
    lostSessions: [],
    reconcile: { lastRunAt: '2026-11-26T10:02:00.000Z', lastError: null },
    sweep: { lastRunAt: '2026-11-26T10:02:30.000Z', cursor: '2026-11-26T10:02:00.000Z', lastError: null },
    ...overrides,
  };
  return WatchReport.parse(report);
}

let eventSequence = 0;

/** A Stripe event about a session the store never created, that names one of its orders. */
export function anUnmatchedEvent(overrides: Partial<UnmatchedEvent> = {}): UnmatchedEvent {
  eventSequence += 1;
  const id = `evt_unmatched_${eventSequence}`;
  const event: UnmatchedEvent = {
    id,
    type: 'checkout.session.completed',
    created: '2026-11-26T09:00:00.000Z',
    receivedAt: '2026-11-26T09:00:02.000Z',
    receivedVia: 'webhook',
    outcome: 'unmatched',
    note: 'unknown_session',
    objectId: `cs_live_link${eventSequence}`,
    amount: 6250,
    currency: 'usd',
    claimedOrderId: 'ord_01CLAIMED00001',
    stripeEvent: { id, type: 'checkout.session.completed', data: { object: { client_reference_id: 'x' } } },
    ...overrides,
  };
  return UnmatchedEvent.parse(event);
}

export const SESSION_ENDED = { error: { code: 'unauthorized', message: 'Log in to the admin panel first.' } };

type Route = (request: FakeRequest) => Response;

/**
 * The admin API for a test: `GET /api/admin/me` answers as `loggedIn` says (a logged-in owner unless told),
 * `GET /api/admin/watch` with a quiet watch report, the rest as given.
 */
export function fakeAdminApi(routes: Record<string, Route>, { loggedIn = true } = {}) {
  return fakeApi({
    'GET /api/admin/me': () =>
      loggedIn
        ? instantResponse({ user: { email: 'owner@example.com' } })
        : instantResponse(SESSION_ENDED, 401),
    'GET /api/admin/watch': () => instantResponse(aWatchReport()),
    ...routes,
  });
}

/** The admin page of `detail`'s order, over a fake admin API that answers it (and `routes`). */
export function renderOrder(detail: AdminOrderDetail, routes: Record<string, Route> = {}) {
  return renderApp({
    path: `/admin/orders/${detail.order.id}`,
    fetch: fakeAdminApi({
      [`GET /api/admin/orders/${detail.order.id}`]: () => instantResponse(detail),
      ...routes,
    }),
  });
}
