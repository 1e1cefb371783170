import type {
  Charge,
  CheckoutSession,
  LineItem,
  Metadata,
  PaymentIntent,
  PaymentMethod,
  Price,
  Product,
  Refund,
  Shipping,
  StripeEvent,
  StripeObject,
  WebhookEndpoint,
} from '../objects/types.js';

/** What `payment_intent_data` asked for; applied when the payment intent is created at confirmation. */
export interface PaymentIntentData {
  metadata: Metadata;
  description: string | null;
  receipt_email: string | null;
  setup_future_usage: 'off_session' | 'on_session' | null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  /** Absent in state saved by earlier versions. */
  shipping?: Shipping | null;
}

export type DelayedOutcome = 'succeed' | 'fail';

export interface SessionRecord {
  session: CheckoutSession;
  lineItems: LineItem[];
  paymentIntentData: PaymentIntentData;
  /** API version of the request that created the session; its events carry it. */
  apiVersion: string;
  /**
   * When the session expires, in emulator time. Equal to `expires_at` unless the caller computed `expires_at`
   * from its own (real) clock while the emulator clock was advanced: then the session keeps the lifetime it was
   * given (see `resolveExpiry`).
   */
  expiresAtEmu: number;
  /** A delayed (SEPA-like) payment waiting for its outcome. */
  pendingSettlement: {
    at: number;
    outcome: DelayedOutcome;
    /** The charge's failure when it fails (default: insufficient funds). */
    failure?: { code: string; message: string };
  } | null;
}

export interface PaymentIntentRecord {
  intent: PaymentIntent;
  sessionId: string | null;
}

export interface EventRecord {
  event: StripeEvent;
  /** The Checkout Session the event is about (directly, or through its payment intent / charge / refund). */
  sessionId: string | null;
  /** Endpoints that acknowledged the event with a 2xx at least once. */
  deliveredTo: string[];
}

export interface EndpointRecord {
  endpoint: WebhookEndpoint;
  secret: string;
  /** `forward`: registered at start (CLI --forward-to / options.webhooks), survives reset. */
  source: 'forward' | 'api';
}

export interface StoreSnapshot {
  sessions: SessionRecord[];
  paymentIntents: PaymentIntentRecord[];
  charges: Charge[];
  refunds: Refund[];
  paymentMethods: PaymentMethod[];
  products: Product[];
  prices: Price[];
  events: EventRecord[];
  endpoints: EndpointRecord[];
}

/** In-memory object store. Maps keep insertion order, which is creation order. */
export class Store {
  readonly sessions = new Map<string, SessionRecord>();
  readonly paymentIntents = new Map<string, PaymentIntentRecord>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  readonly paymentMethods = new Map<string, PaymentMethod>();
  readonly products = new Map<string, Product>();
  readonly prices = new Map<string, Price>();
  readonly events = new Map<string, EventRecord>();
  readonly endpoints = new Map<string, EndpointRecord>();

  /** Finds any object by id, from its prefix. */
  lookup(id: string): StripeObject | undefined {
    const prefix = id.slice(0, id.indexOf('_') + 1);
    switch (prefix) {
      case 'cs_':
        return this.sessions.get(id)?.session;
      case 'pi_':
        return this.paymentIntents.get(id)?.intent;
      case 'ch_':
      case 'py_':
        return this.charges.get(id);
      case 're_':
        return this.refunds.get(id);
      case 'pm_':
        return this.paymentMethods.get(id);
      case 'prod_':
        return this.products.get(id);
      case 'price_':
        return this.prices.get(id);
      case 'evt_':
        return this.events.get(id)?.event;
      case 'we_':
        return this.endpoints.get(id)?.endpoint;
      default:
        return undefined;
    }
  }

  /** Clears every object; keeps the endpoints `keepEndpoint` selects. */
  clear(keepEndpoint: (record: EndpointRecord) => boolean): void {
    this.sessions.clear();
    this.paymentIntents.clear();
    this.charges.clear();
    this.refunds.clear();
    this.paymentMethods.clear();
    this.products.clear();
    this.prices.clear();
    this.events.clear();
    for (const [id, record] of this.endpoints) if (!keepEndpoint(record)) this.endpoints.delete(id);
  }

  snapshot(): StoreSnapshot {
    return {
      sessions: [...this.sessions.values()],
      paymentIntents: [...this.paymentIntents.values()],
      charges: [...this.charges.values()],
      refunds: [...this.refunds.values()],
      paymentMethods: [...this.paymentMethods.values()],
      products: [...this.products.values()],
      prices: [...this.prices.values()],
      events: [...this.events.values()],
      endpoints: [...this.endpoints.values()],
    };
  }

  restore(snapshot: StoreSnapshot): void {
    this.clear(() => false);
    for (const r of snapshot.sessions) this.sessions.set(r.session.id, r);
    for (const r of snapshot.paymentIntents) this.paymentIntents.set(r.intent.id, r);
    for (const c of snapshot.charges) this.charges.set(c.id, c);
    for (const r of snapshot.refunds) this.refunds.set(r.id, r);
    for (const p of snapshot.paymentMethods) this.paymentMethods.set(p.id, p);
    for (const p of snapshot.products) this.products.set(p.id, p);
    for (const p of snapshot.prices) this.prices.set(p.id, p);
    for (const e of snapshot.events) this.events.set(e.event.id, e);
    for (const e of snapshot.endpoints) this.endpoints.set(e.endpoint.id, e);
  }
}
