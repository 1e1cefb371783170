import { randomBytes } from 'node:crypto';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '@checkstand/stripe-emulator';
import { sql } from 'drizzle-orm';
import Stripe from 'stripe';
import type { Logger } from 'pino';
import { queryRows } from '../../src/db/database.js';
import { CATALOG_SEED } from '../../src/modules/catalog/catalog-seed.js';
import type { PublicOrder } from '@checkstand/contract';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type Engine, closeTemplate, readyDatabase, type TestDatabase, warmTemplate } from './databases.js';
import { eventually, freePort } from './net.js';
import { startTestServer, type TestServer } from './test-server.js';

export const PRODUCTS = CATALOG_SEED;
export const TEST_SECRET_KEY = 'sk_test_checkstandtests';

export interface Stack {
  store: TestServer;
  emulator: RunningEmulator;
  db: TestDatabase;
  api: StoreClient;
  control: EmulatorControl;
  stripe: Stripe;
  webhookSecret: string;
  sql: SqlProbe;
  close(): Promise<void>;
}

export interface StackOptions {
  engine: Engine;
  env?: Record<string, string>;
  emulator?: Partial<EmulatorOptions>;
  /** An already-prepared database to share (several stores on one PostgreSQL). */
  db?: TestDatabase;
  /** The store's logger (to read what it logs); silent otherwise. */
  logger?: Logger;
}

/** A real store on a real database, talking to a real Stripe emulator that sends it signed webhooks. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const db = options.db ?? (await readyDatabase(options.engine));
  const port = await freePort();
  const webhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;
  const emulator = await startEmulator({
    port: 0,
    webhooks: [{ url: `http://127.0.0.1:${port}/api/payments/webhook`, secret: webhookSecret }],
    retrySchedule: [0.2, 0.5, 1, 2, 4],
    deliveryTimeoutMs: 5_000,
    logger: () => undefined,
    ...options.emulator,
  });
  let store: TestServer;
  try {
    store = await startTestServer({
      database: db.database,
      port,
      ...(options.logger ? { logger: options.logger } : {}),
      env: {
        STRIPE_SECRET_KEY: TEST_SECRET_KEY,
        STRIPE_API_BASE: emulator.url,
        STRIPE_WEBHOOK_SECRET: webhookSecret,
        PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
        RECONCILE_INTERVAL_SECONDS: '3600',
        ...options.env,
      },
    });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const apiBase = new URL(emulator.url);
  const stripe = new Stripe(TEST_SECRET_KEY, {
    host: apiBase.hostname,
    port: apiBase.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  return {
    store,
    emulator,
    db,
    api: new StoreClient(store.baseUrl),
    control: new EmulatorControl(emulator.url),
    stripe,
    webhookSecret,
    sql: new SqlProbe(db),
    async close() {
      await store.close();
      await emulator.close();
      if (!options.db) await db.dispose();
    },
  };
}

/**
 * For a test file: `stack()` starts a stack that is closed after the test, and the file's PGlite template
 * is built once up front and closed at the end.
 */
export function stacksForEachTest(defaults: { env?: Record<string, string> } = {}) {
  const stacks: Stack[] = [];
  beforeAll(warmTemplate);
  afterEach(async () => {
    while (stacks.length) await stacks.pop()!.close();
  });
  afterAll(closeTemplate);
  return async (engine: Engine = 'pglite', env: Record<string, string> = {}): Promise<Stack> => {
    const s = await startStack({ engine, env: { ...defaults.env, ...env } });
    stacks.push(s);
    return s;
  };
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
}

async function request<T>(url: string, init: RequestInit = {}): Promise<HttpResult<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: body as T };
}

export interface Created {
  orderId: string;
  orderToken: string;
  sessionId: string;
  url: string;
}

export interface ErrorReply {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** The store's HTTP API, as a browser or Stripe would call it. */
export class StoreClient {
  constructor(readonly baseUrl: string) {}

  checkout(body: unknown): Promise<HttpResult<Created & ErrorReply>> {
    return request(`${this.baseUrl}/api/payments/create-checkout-session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** A checkout that must succeed. */
  async order(
    items: { id: string; quantity: number }[] = [{ id: PRODUCTS[0]!.id, quantity: 2 }],
    email?: string,
  ) {
    const res = await this.checkout({ items, ...(email ? { email } : {}) });
    if (res.status !== 201) throw new Error(`checkout failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Created;
  }

  /** Any public route, as a browser would ask it. */
  raw(method: string, path: string): Promise<HttpResult<unknown>> {
    return request(`${this.baseUrl}${path}`, { method });
  }

  bySession(sessionId: string): Promise<HttpResult<{ order: PublicOrder } & ErrorReply>> {
    return request(`${this.baseUrl}/api/orders/by-session/${encodeURIComponent(sessionId)}`);
  }

  get(orderId: string, token?: string): Promise<HttpResult<{ order: PublicOrder } & ErrorReply>> {
    return request(`${this.baseUrl}/api/orders/${encodeURIComponent(orderId)}`, {
      headers: token === undefined ? {} : { 'x-order-token': token },
    });
  }

  retry(
    orderId: string,
    token: string,
  ): Promise<HttpResult<{ sessionId: string; url: string } & ErrorReply>> {
    return request(`${this.baseUrl}/api/orders/${encodeURIComponent(orderId)}/retry-session`, {
      method: 'POST',
      headers: { 'x-order-token': token },
    });
  }

  cancel(orderId: string, token: string): Promise<HttpResult<{ order: PublicOrder } & ErrorReply>> {
    return request(`${this.baseUrl}/api/orders/${encodeURIComponent(orderId)}/cancel`, {
      method: 'POST',
      headers: { 'x-order-token': token },
    });
  }

  webhook(
    body: string | Buffer,
    headers: Record<string, string>,
  ): Promise<HttpResult<Record<string, unknown>>> {
    return request(`${this.baseUrl}/api/payments/webhook`, { method: 'POST', headers, body });
  }
}

export interface PayResult {
  outcome: 'succeeded' | 'declined' | 'processing';
  declineCode?: string;
}

/** The emulator's control API: what a customer does on the hosted page, and the test clock. */
export class EmulatorControl {
  constructor(readonly baseUrl: string) {}

  private async post<T>(path: string, body: unknown = {}): Promise<T> {
    const res = await request<T>(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status >= 400) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Pays on the hosted page, choosing what a customer would (`shipping`, `shippingRate`, `promotionCode`…). */
  pay(
    sessionId: string,
    card = '4242424242424242',
    choices: Record<string, unknown> = {},
  ): Promise<PayResult> {
    return this.post(`/_emulator/checkout/sessions/${sessionId}/pay`, { card, ...choices });
  }

  payLater(sessionId: string, outcome: 'succeed_later' | 'fail_later'): Promise<PayResult> {
    return this.post(`/_emulator/checkout/sessions/${sessionId}/pay`, { method: 'sepa_debit', outcome });
  }

  advanceClock(seconds: number): Promise<unknown> {
    return this.post('/_emulator/clock/advance', { seconds });
  }

  chaos(settings: Record<string, unknown>): Promise<unknown> {
    return this.post('/_emulator/chaos', settings);
  }

  /** Ends a dispute at the emulator as the card network would (Stripe's test evidence does the same). */
  closeDispute(disputeId: string, outcome: 'won' | 'lost'): Promise<unknown> {
    return this.post(`/_emulator/disputes/${disputeId}/close`, { outcome });
  }

  resend(eventId: string): Promise<unknown> {
    return this.post(`/_emulator/events/${eventId}/resend`);
  }

  async events(sessionId: string): Promise<StripeEventLike[]> {
    const res = await request<{ data: StripeEventLike[] }>(
      `${this.baseUrl}/_emulator/events?session_id=${encodeURIComponent(sessionId)}`,
    );
    return res.body.data;
  }

  async allEvents(): Promise<StripeEventLike[]> {
    const res = await request<{ data: StripeEventLike[] }>(`${this.baseUrl}/_emulator/events`);
    return res.body.data;
  }

  async deliveries(query: Record<string, string> = {}): Promise<DeliveryLike[]> {
    const res = await request<{ data: DeliveryLike[] }>(
      `${this.baseUrl}/_emulator/deliveries?${new URLSearchParams(query).toString()}`,
    );
    return res.body.data;
  }
}

export interface StripeEventLike {
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
  [key: string]: unknown;
}

export interface DeliveryLike {
  eventId: string;
  eventType: string;
  status: number | null;
  ok: boolean;
  attempt: number;
  /** Dropped by the emulator's chaos on purpose (never sent). */
  dropped?: true;
  copy?: 'duplicate' | 'resend';
}

export interface OrderRecord {
  id: string;
  status: string;
  status_reason: string | null;
  total_amount: number;
  currency: string;
  amount_received: number | null;
  amount_refunded: number;
  payment_intent_id: string | null;
  current_attempt_no: number;
  current_session_id: string | null;
  flags: string[];
  customer_email: string | null;
  access_token_hash: string;
}

/** Reads the database directly: tests assert what was durably recorded. */
export class SqlProbe {
  constructor(private readonly db: TestDatabase) {}

  async order(orderId: string): Promise<OrderRecord> {
    const [row] = await queryRows<OrderRecord>(
      this.db.database.db,
      sql`select * from orders where id = ${orderId}`,
    );
    if (!row) throw new Error(`no order ${orderId}`);
    return row;
  }

  async count(
    table:
      | 'orders'
      | 'checkout_attempts'
      | 'stripe_events'
      | 'order_events'
      | 'webhook_deliveries'
      | 'payments'
      | 'refunds',
  ) {
    const [row] = await queryRows<{ n: number }>(
      this.db.database.db,
      sql.raw(`select count(*)::int as n from ${table}`),
    );
    return Number(row?.n);
  }

  history(orderId: string) {
    return queryRows<{
      source: string;
      kind: string;
      from_status: string | null;
      to_status: string | null;
      outcome: string;
      stripe_event_id: string | null;
      detail: Record<string, unknown>;
    }>(this.db.database.db, sql`select * from order_events where order_id = ${orderId} order by id`);
  }

  attempts(orderId: string) {
    return queryRows<{
      attempt_no: number;
      session_id: string | null;
      status: string;
      payment_status: string | null;
    }>(
      this.db.database.db,
      sql`select * from checkout_attempts where order_id = ${orderId} order by attempt_no`,
    );
  }

  stripeEvent(eventId: string) {
    return queryRows<{ id: string; outcome: string; order_id: string | null; note: string | null }>(
      this.db.database.db,
      sql`select id, outcome, order_id, note from stripe_events where id = ${eventId}`,
    ).then((rows) => rows[0] ?? null);
  }

  deliveries() {
    return queryRows<{ event_id: string | null; result: string; http_status: number; signature_ok: boolean }>(
      this.db.database.db,
      sql`select event_id, result, http_status, signature_ok from webhook_deliveries order by id`,
    );
  }
}

/** Waits until the order has `status` (as the database has it). */
export function orderReaches(stack: Stack, orderId: string, status: string, timeoutMs = 15_000) {
  return eventually(
    async () => {
      const order = await stack.sql.order(orderId);
      return order.status === status ? order : undefined;
    },
    { timeoutMs, what: `order ${orderId} to be ${status}` },
  );
}

/** Signs a payload exactly as Stripe does, with the stack's webhook secret (or another). */
export function signedHeaders(
  stack: Stack,
  payload: string,
  options: { secret?: string; timestamp?: number } = {},
) {
  return {
    'content-type': 'application/json',
    'stripe-signature': stack.stripe.webhooks.generateTestHeaderString({
      payload,
      secret: options.secret ?? stack.webhookSecret,
      ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
    }),
  };
}
