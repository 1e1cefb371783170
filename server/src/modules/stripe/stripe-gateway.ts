import type { RefundStatus } from '@checkstand/contract';
import type { CheckoutPlanJson, SessionCharges } from '../../db/schema.js';

/**
 * The few Stripe calls the store makes, behind an interface of our own: the rest of the code never sees the SDK,
 * and tests point the real implementation at the emulator.
 */
export interface CheckoutLineItem {
  name: string;
  description?: string;
  imageUrl?: string;
  unitAmount: number;
  quantity: number;
  productId: string;
  taxCode?: string | null;
}

export interface CreateCheckoutSessionInput {
  orderId: string;
  attemptNo: number;
  idempotencyKey: string;
  currency: string;
  lineItems: CheckoutLineItem[];
  customerEmail: string | null;
  successUrl: string;
  cancelUrl: string;
  expiresAt: Date;
  /** Shipping and tax, as fixed on the attempt. */
  plan: CheckoutPlanJson;
}

export interface PaymentIntentSnapshot {
  id: string;
  status: string;
  amountReceived: number;
  lastPaymentError: { code: string | null; declineCode: string | null; message: string | null } | null;
}

/** What we read of a Checkout Session. */
export interface SessionSnapshot {
  id: string;
  status: 'open' | 'complete' | 'expired';
  paymentStatus: 'paid' | 'unpaid' | 'no_payment_required';
  url: string | null;
  amountTotal: number | null;
  currency: string | null;
  customerEmail: string | null;
  expiresAt: Date;
  metadata: Record<string, string>;
  clientReferenceId: string | null;
  paymentIntentId: string | null;
  paymentIntent: PaymentIntentSnapshot | null;
  /** What it charges (or charged): subtotal, discount, shipping, tax, total; who and where. */
  charges: SessionCharges | null;
}

export interface RefundSnapshot {
  id: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  paymentIntentId: string | null;
  reason: string | null;
  failureReason: string | null;
}

export interface PromotionCodeCreate {
  code: string;
  discount: { kind: 'percent'; basisPoints: number } | { kind: 'amount'; amount: number; currency: string };
  expiresAt: Date | null;
  maxRedemptions: number | null;
  minimumAmount: { amount: number; currency: string } | null;
  idempotencyKey: string;
}

export interface PromotionCodeSnapshot {
  id: string;
  code: string;
  active: boolean;
  discount: { kind: 'percent'; basisPoints: number } | { kind: 'amount'; amount: number; currency: string };
  expiresAt: Date | null;
  maxRedemptions: number | null;
  timesRedeemed: number;
  minimumAmount: { amount: number; currency: string } | null;
  createdAt: Date;
}

/** A failure of Stripe (or of the way to it): network, 5xx, auth, rate limit. Callers answer 502. */
export class StripeUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StripeUnavailableError';
  }
}

/** No `STRIPE_SECRET_KEY`: the store cannot take payments (answered 503). */
export class StripeNotConfiguredError extends Error {
  constructor() {
    super('Payments are not configured: STRIPE_SECRET_KEY is not set');
    this.name = 'StripeNotConfiguredError';
  }
}

/** Stripe refused the request itself (4xx): a bug of ours or a state conflict, with Stripe's code. */
export class StripeRequestError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly statusCode: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StripeRequestError';
  }
}

export interface StripeEventEnvelope {
  id: string;
  type: string;
  created: number;
  api_version: string | null;
  livemode: boolean;
  data: { object: Record<string, unknown> & { id?: unknown; object?: unknown } };
}

/** A page of Stripe's event list, newest first. */
export interface EventPage {
  data: StripeEventEnvelope[];
  hasMore: boolean;
}

export interface ListEventsInput {
  types: readonly string[];
  /** Epoch seconds, inclusive. */
  createdGte: number;
  /** Epoch seconds, inclusive. */
  createdLte?: number;
  startingAfter?: string;
  limit: number;
}

export interface StripeGateway {
  /** False when no secret key is configured: API calls then fail with `StripeNotConfiguredError`. */
  readonly configured: boolean;
  createCheckoutSession(input: CreateCheckoutSessionInput): Promise<SessionSnapshot>;
  retrieveCheckoutSession(sessionId: string): Promise<SessionSnapshot>;
  /** A payment intent's metadata (where the store's own intents carry `order_id` and `attempt_no`). */
  retrievePaymentIntentMetadata(paymentIntentId: string): Promise<Record<string, string>>;
  /**
   * Expires an open session. Resolves with the session as it is afterwards: `expired`, or `complete`
   * when the customer finished paying first (Stripe refuses to expire it then).
   */
  expireCheckoutSession(sessionId: string): Promise<SessionSnapshot>;
  createRefund(input: {
    paymentIntentId: string;
    amount: number;
    idempotencyKey: string;
    reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer';
  }): Promise<RefundSnapshot>;
  /** Every refund of a payment intent (`GET /v1/refunds?payment_intent=`), newest first. */
  listRefunds(paymentIntentId: string): Promise<RefundSnapshot[]>;
  /** A tax rate (its percentage and inclusiveness never change at Stripe: a new one for new values). */
  createTaxRate(input: { displayName: string; basisPoints: number; inclusive: boolean }): Promise<string>;
  /** A coupon (once) and its promotion code. */
  createPromotionCode(input: PromotionCodeCreate): Promise<PromotionCodeSnapshot>;
  /** The promotion codes, newest first (the most recent `limit`). */
  listPromotionCodes(limit: number): Promise<PromotionCodeSnapshot[]>;
  deactivatePromotionCode(id: string): Promise<PromotionCodeSnapshot>;
  /** The code a customer typed, from its id (a session names only the id). */
  retrievePromotionCode(id: string): Promise<PromotionCodeSnapshot>;
  /** Stripe's event list (`GET /v1/events`): what the events sweep reads. */
  listEvents(input: ListEventsInput): Promise<EventPage>;
  /**
   * Verifies `Stripe-Signature` over the raw body and parses the event; throws `WebhookSignatureError` on any
   * mismatch, `WebhookPayloadError` when the signed body is not JSON.
   */
  constructEvent(rawBody: Buffer, signatureHeader: string, secret: string): StripeEventEnvelope;
}

/** The `Stripe-Signature` header does not verify the body (another secret, an altered body, too old). */
export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

/** The signature verifies but the body is not a JSON event. */
export class WebhookPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookPayloadError';
  }
}

/** Tolerance of webhook timestamps, as Stripe's default: a replayed old delivery is refused. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;
