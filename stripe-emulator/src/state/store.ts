import type { Dispute, EarlyFraudWarning } from '../objects/dispute-types.js';
import type {
  Coupon,
  DiscountAmount,
  PromotionCode,
  ShippingRate,
  TaxAmount,
  TaxRate,
} from '../objects/pricing-types.js';
import type {
  Address,
  Charge,
  LineItem,
  Metadata,
  PaymentIntent,
  PaymentMethod,
  Price,
  Product,
  Refund,
  Shipping,
  WebhookEndpoint,
} from '../objects/types.js';
import type { CheckoutSession } from '../objects/session-types.js';
import type { StripeEvent, StripeObject } from '../objects/stripe-object.js';

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

/** What a session charges besides its line items (shipping, discounts, tax), set at creation. */
export interface SessionPricing {
  /** The shipping rates offered (`shipping_options`), in order; the first is preselected. */
  shippingRates: string[];
  /** Fixed tax rates per line item id (`line_items[][tax_rates]`). */
  lineTaxRates: Record<string, string[]>;
  /** A discount given at creation (`discounts`); a code the customer enters comes with the payment. */
  discount: { coupon: string; promotionCode: string | null } | null;
  /**
   * The breakdown of the session's current amounts (what `expand[]=total_details.breakdown`,
   * `line_items.data.taxes` and `…discounts` show).
   */
  breakdown: { discounts: DiscountAmount[]; taxes: TaxAmount[] };
  lineTaxes: Record<string, TaxAmount[]>;
  lineDiscounts: Record<string, DiscountAmount[]>;
}

/**
 * What the customer entered with a card that asks for 3-D Secure: kept until the authentication ends, to
 * complete the session as the payment would have (plain data, so it survives a state file).
 */
export interface PendingAuthentication {
  /** The card payment method being authenticated (also the intent's `payment_method`). */
  paymentMethod: string;
  email: string;
  name: string | null;
  selection: {
    shipping?: { name: string; address: Address } | undefined;
    address?: Address | undefined;
    shippingRate?: string | undefined;
    promotionCode?: string | undefined;
    phone?: string | undefined;
  };
}

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
  /** Absent in state saved by earlier versions (no shipping, discounts nor tax). */
  pricing?: SessionPricing;
  /** A card payment waiting for the customer's 3-D Secure authentication (absent in older state). */
  pendingAuthentication?: PendingAuthentication | null;
  /** A delayed (SEPA-like) payment waiting for its outcome. */
  pendingSettlement: {
    at: number;
    outcome: DelayedOutcome;
    /** The charge's failure when it fails (default: insufficient funds). */
    failure?: { code: string; message: string };
  } | null;
}

/**
 * Something Stripe does a while after an operation, in emulator time: a refund's final outcome, a dispute or an
 * early fraud warning after a test card's payment, a dispute's decision after test evidence. Kept in the store
 * (and the state file) so the timers can be rebuilt after a restart.
 */
export interface FollowUp {
  id: string;
  /** Due time, emulator unix seconds. */
  at: number;
  action: FollowUpAction;
}

export type FollowUpAction =
  | { kind: 'refund_outcome'; refundId: string; outcome: 'succeeded' | 'failed' }
  | {
      kind: 'dispute';
      chargeId: string;
      reason: 'fraudulent' | 'product_not_received' | 'general';
      inquiry: boolean;
    }
  | { kind: 'early_fraud_warning'; chargeId: string }
  | { kind: 'dispute_decision'; disputeId: string; outcome: 'won' | 'lost' | 'escalate' };

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
  /**
   * Secrets replaced by a roll (`POST /_emulator/webhook_endpoints/:id/roll_secret`) that still sign deliveries
   * until `expiresAt` (emulator unix seconds), next to `secret`. Absent when never rolled.
   */
  previousSecrets?: { secret: string; expiresAt: number }[];
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
  /** Absent in state saved by earlier versions (as are the fields below). */
  disputes?: Dispute[];
  earlyFraudWarnings?: EarlyFraudWarning[];
  followUps?: FollowUp[];
  shippingRates?: ShippingRate[];
  coupons?: Coupon[];
  promotionCodes?: PromotionCode[];
  taxRates?: TaxRate[];
  automaticTaxRates?: TaxRate[];
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
  readonly disputes = new Map<string, Dispute>();
  readonly earlyFraudWarnings = new Map<string, EarlyFraudWarning>();
  readonly followUps = new Map<string, FollowUp>();
  readonly shippingRates = new Map<string, ShippingRate>();
  readonly coupons = new Map<string, Coupon>();
  readonly promotionCodes = new Map<string, PromotionCode>();
  readonly taxRates = new Map<string, TaxRate>();
  /** The emulated automatic tax's rates (one per country), not listed by `GET /v1/tax_rates`. */
  readonly automaticTaxRates = new Map<string, TaxRate>();

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
      case 'dp_':
        return this.disputes.get(id);
      case 'issfr_':
        return this.earlyFraudWarnings.get(id);
      case 'shr_':
        return this.shippingRates.get(id);
      case 'promo_':
        return this.promotionCodes.get(id);
      case 'txr_':
        return this.taxRates.get(id) ?? this.automaticTaxRates.get(id);
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
    this.disputes.clear();
    this.earlyFraudWarnings.clear();
    this.followUps.clear();
    this.shippingRates.clear();
    this.coupons.clear();
    this.promotionCodes.clear();
    this.taxRates.clear();
    this.automaticTaxRates.clear();
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
      disputes: [...this.disputes.values()],
      earlyFraudWarnings: [...this.earlyFraudWarnings.values()],
      followUps: [...this.followUps.values()],
      shippingRates: [...this.shippingRates.values()],
      coupons: [...this.coupons.values()],
      promotionCodes: [...this.promotionCodes.values()],
      taxRates: [...this.taxRates.values()],
      automaticTaxRates: [...this.automaticTaxRates.values()],
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
    for (const d of snapshot.disputes ?? []) this.disputes.set(d.id, d);
    for (const w of snapshot.earlyFraudWarnings ?? []) this.earlyFraudWarnings.set(w.id, w);
    for (const f of snapshot.followUps ?? []) this.followUps.set(f.id, f);
    for (const r of snapshot.shippingRates ?? []) this.shippingRates.set(r.id, r);
    for (const c of snapshot.coupons ?? []) this.coupons.set(c.id, c);
    for (const p of snapshot.promotionCodes ?? []) this.promotionCodes.set(p.id, p);
    for (const t of snapshot.taxRates ?? []) this.taxRates.set(t.id, t);
    for (const t of snapshot.automaticTaxRates ?? []) this.automaticTaxRates.set(t.id, t);
  }
}
