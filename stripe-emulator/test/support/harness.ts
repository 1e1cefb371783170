import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/index.js';

/** A real HTTP server standing in for the store: records webhook deliveries, serves success/cancel pages. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export type Responder = (req: ReceivedRequest, index: number) => { status: number; delayMs?: number };

export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  responder: Responder = () => ({ status: 200 });
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      if (received.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><title>store</title><h1 id="store-page">${received.path}</h1>`);
        return;
      }
      const index = this.requests.length;
      this.requests.push(received);
      const { status, delayMs = 0 } = this.responder(received, index);
      const timer = setTimeout(() => {
        if (!res.destroyed) res.writeHead(status, { 'Content-Type': 'application/json' }).end('{}');
      }, delayMs);
      res.on('close', () => clearTimeout(timer));
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  webhooks(): ReceivedRequest[] {
    return this.requests.filter((r) => r.method === 'POST');
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function sdkFor(emulator: RunningEmulator, key = emulator.secretKey): Stripe {
  const url = new URL(emulator.url);
  return new Stripe(key, {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
    maxNetworkRetries: 0,
  });
}

export interface Harness {
  emulator: RunningEmulator;
  stripe: Stripe;
  receiver: Receiver;
  logs: string[];
  control: Control;
  close(): Promise<void>;
}

/** Starts a receiver and an emulator forwarding to it (`/webhook`). */
export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const receiver = await new Receiver().start();
  const logs: string[] = [];
  const emulator = await startEmulator({
    webhooks: [{ url: `${receiver.url}/webhook` }],
    retrySchedule: [0.05, 0.1, 0.2],
    logger: (line) => logs.push(line),
    ...options,
  });
  return {
    emulator,
    stripe: sdkFor(emulator),
    receiver,
    logs,
    control: new Control(emulator.url),
    close: async () => {
      await emulator.close();
      await receiver.close();
    },
  };
}

export interface JsonResponse<T> {
  status: number;
  body: T;
}

/** The control API (`/_emulator/…`), over real HTTP. */
export class Control {
  constructor(private readonly base: string) {}

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<JsonResponse<T>> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.headers = { 'Content-Type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    const response = await fetch(`${this.base}${path}`, init);
    return { status: response.status, body: (await response.json()) as T };
  }

  pay(sessionId: string, body: Record<string, unknown>): Promise<JsonResponse<PayResponse>> {
    return this.request<PayResponse>('POST', `/_emulator/checkout/sessions/${sessionId}/pay`, body);
  }

  advance(seconds: number): Promise<JsonResponse<{ now: number }>> {
    return this.request('POST', '/_emulator/clock/advance', { seconds });
  }

  async events(sessionId: string): Promise<Stripe.Event[]> {
    const { body } = await this.request<{ data: Stripe.Event[] }>(
      'GET',
      `/_emulator/events?session_id=${sessionId}`,
    );
    return body.data;
  }

  async eventTypes(sessionId: string): Promise<string[]> {
    return (await this.events(sessionId)).map((event) => event.type);
  }

  async deliveries(query = ''): Promise<DeliveryRow[]> {
    const { body } = await this.request<{ data: DeliveryRow[] }>('GET', `/_emulator/deliveries${query}`);
    return body.data;
  }

  chaos(settings: Record<string, unknown>): Promise<JsonResponse<Record<string, unknown>>> {
    return this.request('POST', '/_emulator/chaos', settings);
  }
}

export interface PayResponse {
  outcome: 'succeeded' | 'declined' | 'processing';
  code?: string;
  declineCode?: string;
  message?: string;
  session: Stripe.Checkout.Session;
  error?: { type: string; code?: string; message: string };
}

export interface DeliveryRow {
  eventId: string;
  eventType: string;
  sessionId?: string;
  endpointUrl: string;
  attempt: number;
  status: number | null;
  ok: boolean;
  error?: string;
  durationMs: number;
  at: string;
  copy?: string;
  dropped?: boolean;
}

/** Session create params as the store sends them; override what a test needs. */
export function sessionParams(
  overrides: Partial<Stripe.Checkout.SessionCreateParams> = {},
): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    line_items: [
      {
        price_data: {
          currency: 'eur',
          unit_amount: 1250,
          product_data: {
            name: 'Enamel mug',
            description: 'A sturdy mug',
            images: [],
            metadata: { product_id: 'p_mug' },
          },
        },
        quantity: 2,
      },
      {
        price_data: {
          currency: 'eur',
          unit_amount: 499,
          product_data: { name: 'Coffee beans', metadata: { product_id: 'p_beans' } },
        },
        quantity: 1,
      },
    ],
    success_url: 'http://127.0.0.1:9/checkout/success?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://127.0.0.1:9/checkout/cancel?order_id=ord_1',
    metadata: { order_id: 'ord_1', attempt_no: '1' },
    client_reference_id: 'ord_1',
    customer_email: 'jenny@example.com',
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    payment_intent_data: { metadata: { order_id: 'ord_1' } },
    ...overrides,
  };
}

/** Polls until `check` returns a value (not undefined/false) or the timeout passes. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
