import { REFUND_STATUSES } from '@checkstand/contract';
import Stripe from 'stripe';
import { chargesOfSession } from './session-charges.js';
import {
  type CreateCheckoutSessionInput,
  type EventPage,
  type ListEventsInput,
  type PromotionCodeCreate,
  type PromotionCodeSnapshot,
  type RefundSnapshot,
  type SessionSnapshot,
  type StripeEventEnvelope,
  type StripeGateway,
  StripeNotConfiguredError,
  StripeRequestError,
  StripeUnavailableError,
  WEBHOOK_TOLERANCE_SECONDS,
  WebhookPayloadError,
  WebhookSignatureError,
} from './stripe-gateway.js';

export interface StripeSdkOptions {
  secretKey: string | undefined;
  /** Another API base (the emulator); undefined means Stripe's own. */
  apiBase?: URL;
  timeoutMs?: number;
}

/** The real gateway: the official SDK, pointed at Stripe or at any API base that speaks like it. */
export class StripeSdkGateway implements StripeGateway {
  private readonly stripe: Stripe;
  readonly configured: boolean;

  constructor(options: StripeSdkOptions) {
    const base = options.apiBase;
    this.configured = options.secretKey !== undefined;
    // Without a key the SDK still verifies webhook signatures (no API call); every API call is refused
    // by `call` before it would use the placeholder.
    this.stripe = new Stripe(options.secretKey ?? 'sk_test_not_configured', {
      timeout: options.timeoutMs ?? 15_000,
      // The SDK retries network failures and 409/5xx with the same idempotency key.
      maxNetworkRetries: 2,
      telemetry: false,
      ...(base
        ? {
            host: base.hostname,
            port: base.port || (base.protocol === 'https:' ? 443 : 80),
            protocol: base.protocol === 'https:' ? 'https' : 'http',
          }
        : {}),
    });
  }

  async createCheckoutSession(input: CreateCheckoutSessionInput): Promise<SessionSnapshot> {
    const metadata = { order_id: input.orderId, attempt_no: String(input.attemptNo) };
    const { plan } = input;
    const taxBehavior = plan.tax ? (plan.tax.inclusive ? 'inclusive' : 'exclusive') : undefined;
    const fixedRate = plan.tax?.mode === 'fixed' && plan.tax.taxRateId ? plan.tax.taxRateId : null;
    const session = await this.call(() =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: input.lineItems.map((item) => ({
            quantity: item.quantity,
            price_data: {
              currency: input.currency,
              unit_amount: item.unitAmount,
              ...(taxBehavior ? { tax_behavior: taxBehavior } : {}),
              product_data: {
                name: item.name,
                ...(item.description ? { description: item.description } : {}),
                ...(item.imageUrl ? { images: [item.imageUrl] } : {}),
                ...(item.taxCode && plan.tax?.mode === 'automatic' ? { tax_code: item.taxCode } : {}),
                metadata: { product_id: item.productId },
              },
            },
            ...(fixedRate ? { tax_rates: [fixedRate] } : {}),
          })),
          ...(plan.shippingCountries && plan.shippingCountries.length > 0
            ? {
                shipping_address_collection: {
                  allowed_countries: plan.shippingCountries,
                },
                shipping_options: (plan.shippingOptions ?? []).map((option) => ({
                  shipping_rate_data: {
                    type: 'fixed_amount' as const,
                    display_name: option.name,
                    fixed_amount: { amount: option.amount, currency: input.currency },
                    ...(taxBehavior ? { tax_behavior: taxBehavior } : {}),
                    metadata: { rate_id: option.rateId },
                    ...(option.minDays !== null && option.maxDays !== null
                      ? {
                          delivery_estimate: {
                            minimum: { unit: 'business_day' as const, value: option.minDays },
                            maximum: { unit: 'business_day' as const, value: option.maxDays },
                          },
                        }
                      : {}),
                  },
                })),
              }
            : {}),
          ...(plan.tax?.mode === 'automatic' ? { automatic_tax: { enabled: true } } : {}),
          allow_promotion_codes: true,
          phone_number_collection: { enabled: true },
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
          client_reference_id: input.orderId,
          metadata,
          // Checkout does not copy session metadata to the payment intent: without this,
          // payment_intent.* events could not be matched to the order.
          payment_intent_data: { metadata },
          expires_at: Math.floor(input.expiresAt.getTime() / 1000),
          ...(input.customerEmail ? { customer_email: input.customerEmail } : {}),
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return toSessionSnapshot(session);
  }

  async retrieveCheckoutSession(sessionId: string): Promise<SessionSnapshot> {
    const session = await this.call(() =>
      this.stripe.checkout.sessions.retrieve(sessionId, { expand: ['payment_intent'] }),
    );
    return toSessionSnapshot(session);
  }

  async retrievePaymentIntentMetadata(paymentIntentId: string): Promise<Record<string, string>> {
    const intent = await this.call(() => this.stripe.paymentIntents.retrieve(paymentIntentId));
    return { ...(intent.metadata ?? {}) };
  }

  async expireCheckoutSession(sessionId: string): Promise<SessionSnapshot> {
    try {
      await this.call(() => this.stripe.checkout.sessions.expire(sessionId));
    } catch (error) {
      // Only an open session can be expired: whatever it is now, read it and let the caller decide.
      if (!(error instanceof StripeRequestError) || error.statusCode !== 400) throw error;
    }
    return this.retrieveCheckoutSession(sessionId);
  }

  async createRefund(input: {
    paymentIntentId: string;
    amount: number;
    idempotencyKey: string;
    reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer';
  }): Promise<RefundSnapshot> {
    const refund = await this.call(() =>
      this.stripe.refunds.create(
        {
          payment_intent: input.paymentIntentId,
          amount: input.amount,
          ...(input.reason ? { reason: input.reason } : {}),
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return refundSnapshot(refund);
  }

  async listRefunds(paymentIntentId: string): Promise<RefundSnapshot[]> {
    const refunds: RefundSnapshot[] = [];
    let startingAfter: string | undefined;
    // A payment has few refunds; the loop guards against a page cursor that never ends all the same.
    for (let page = 0; page < 20; page += 1) {
      const list = await this.call(() =>
        this.stripe.refunds.list({
          payment_intent: paymentIntentId,
          limit: 100,
          ...(startingAfter ? { starting_after: startingAfter } : {}),
        }),
      );
      refunds.push(...list.data.map(refundSnapshot));
      if (!list.has_more || list.data.length === 0) break;
      startingAfter = list.data[list.data.length - 1]!.id;
    }
    return refunds;
  }

  async createTaxRate(input: {
    displayName: string;
    basisPoints: number;
    inclusive: boolean;
  }): Promise<string> {
    const rate = await this.call(() =>
      this.stripe.taxRates.create({
        display_name: input.displayName,
        percentage: Number(percentOf(input.basisPoints)),
        inclusive: input.inclusive,
      }),
    );
    return rate.id;
  }

  async createPromotionCode(input: PromotionCodeCreate): Promise<PromotionCodeSnapshot> {
    const coupon = await this.call(() =>
      this.stripe.coupons.create(
        {
          duration: 'once',
          name: input.code,
          ...(input.discount.kind === 'percent'
            ? { percent_off: Number(percentOf(input.discount.basisPoints)) }
            : { amount_off: input.discount.amount, currency: input.discount.currency }),
        },
        { idempotencyKey: `${input.idempotencyKey}:coupon` },
      ),
    );
    const code = await this.call(() =>
      this.stripe.promotionCodes.create(
        {
          promotion: { type: 'coupon', coupon: coupon.id },
          code: input.code,
          ...(input.expiresAt ? { expires_at: Math.floor(input.expiresAt.getTime() / 1000) } : {}),
          ...(input.maxRedemptions ? { max_redemptions: input.maxRedemptions } : {}),
          ...(input.minimumAmount
            ? {
                restrictions: {
                  minimum_amount: input.minimumAmount.amount,
                  minimum_amount_currency: input.minimumAmount.currency,
                },
              }
            : {}),
        },
        { idempotencyKey: `${input.idempotencyKey}:code` },
      ),
    );
    return promotionCodeSnapshot(code, coupon);
  }

  async listPromotionCodes(limit: number): Promise<PromotionCodeSnapshot[]> {
    const page = await this.call(() =>
      this.stripe.promotionCodes.list({ limit, expand: ['data.promotion.coupon'] }),
    );
    return page.data.map((code) => promotionCodeSnapshot(code));
  }

  async deactivatePromotionCode(id: string): Promise<PromotionCodeSnapshot> {
    const code = await this.call(() =>
      this.stripe.promotionCodes.update(id, { active: false, expand: ['promotion.coupon'] }),
    );
    return promotionCodeSnapshot(code);
  }

  async retrievePromotionCode(id: string): Promise<PromotionCodeSnapshot> {
    const code = await this.call(() =>
      this.stripe.promotionCodes.retrieve(id, { expand: ['promotion.coupon'] }),
    );
    return promotionCodeSnapshot(code);
  }

  async listEvents(input: ListEventsInput): Promise<EventPage> {
    const page = await this.call(() =>
      this.stripe.events.list({
        types: [...input.types],
        created: {
          gte: input.createdGte,
          ...(input.createdLte !== undefined ? { lte: input.createdLte } : {}),
        },
        limit: input.limit,
        ...(input.startingAfter ? { starting_after: input.startingAfter } : {}),
      }),
    );
    // The SDK's event type is a union over every event type; the sweep re-checks each envelope's shape.
    return { data: page.data as unknown as StripeEventEnvelope[], hasMore: page.has_more };
  }

  constructEvent(rawBody: Buffer, signatureHeader: string, secret: string): StripeEventEnvelope {
    let event: unknown;
    try {
      event = this.stripe.webhooks.constructEvent(
        rawBody,
        signatureHeader,
        secret,
        WEBHOOK_TOLERANCE_SECONDS,
      );
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
        throw new WebhookSignatureError(error.message);
      }
      throw new WebhookPayloadError('The body is not a JSON event.');
    }
    return event as StripeEventEnvelope; // shape re-checked by the caller before use
  }

  /**
   * Maps SDK failures onto our two kinds. Stripe refused the request itself (4xx, a bad or revoked key
   * included): a bug or a misconfiguration of ours, `StripeRequestError`. Stripe is unavailable (network, 5xx,
   * 429 rate limiting): worth retrying later, `StripeUnavailableError`.
   */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.configured) throw new StripeNotConfiguredError();
    try {
      return await fn();
    } catch (error) {
      if (error instanceof Stripe.errors.StripeError) {
        const status = error.statusCode ?? 0;
        if (status >= 400 && status < 500 && status !== 429) {
          throw new StripeRequestError(error.message, error.code ?? null, status, { cause: error });
        }
        throw new StripeUnavailableError(`Stripe is unavailable: ${error.type} ${status || ''}`.trim(), {
          cause: error,
        });
      }
      throw new StripeUnavailableError('Stripe could not be reached', { cause: error });
    }
  }
}

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

const SESSION_STATUSES = ['open', 'complete', 'expired'] as const;
const PAYMENT_STATUSES = ['paid', 'unpaid', 'no_payment_required'] as const;

/** Never guess: a status we do not know is a fault to surface, not something to map to a default. */
function known<T extends string>(allowed: readonly T[], value: string | null | undefined, what: string): T {
  if (value && (allowed as readonly string[]).includes(value)) return value as T;
  throw new StripeUnavailableError(`Unexpected ${what} from Stripe: ${String(value)}`);
}

export function toSessionSnapshot(session: Stripe.Checkout.Session): SessionSnapshot {
  const intent = typeof session.payment_intent === 'object' ? session.payment_intent : null;
  return {
    // The SDK's object is the API's JSON, typed: the one parser reads it like an event's.
    charges: chargesOfSession(session as unknown as Record<string, unknown>),
    id: session.id,
    status: known(SESSION_STATUSES, session.status, 'checkout session status'),
    paymentStatus: known(PAYMENT_STATUSES, session.payment_status, 'checkout session payment_status'),
    url: session.url ?? null,
    amountTotal: session.amount_total ?? null,
    currency: session.currency ?? null,
    customerEmail: session.customer_details?.email ?? session.customer_email ?? null,
    expiresAt: new Date(session.expires_at * 1000),
    metadata: { ...(session.metadata ?? {}) },
    clientReferenceId: session.client_reference_id ?? null,
    paymentIntentId: idOf(session.payment_intent),
    paymentIntent: intent
      ? {
          id: intent.id,
          status: intent.status,
          amountReceived: intent.amount_received,
          lastPaymentError: intent.last_payment_error
            ? {
                code: intent.last_payment_error.code ?? null,
                declineCode: intent.last_payment_error.decline_code ?? null,
                message: intent.last_payment_error.message ?? null,
              }
            : null,
        }
      : null,
  };
}

function refundSnapshot(refund: Stripe.Refund): RefundSnapshot {
  return {
    id: refund.id,
    amount: refund.amount,
    currency: refund.currency,
    status: known(REFUND_STATUSES, refund.status ?? '', 'refund status'),
    paymentIntentId: idOf(refund.payment_intent),
    reason: refund.reason ?? null,
    failureReason: refund.failure_reason ?? null,
  };
}

/** Basis points as Stripe's percentage, exactly: 1950 → "19.50". */
export function percentOf(basisPoints: number): string {
  return `${Math.floor(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, '0')}`;
}

/**
 * A promotion code with its coupon: the pinned API version names it under `promotion.coupon` (read expanded; the
 * embedded `coupon` of versions before 2025-09-30 is gone).
 */
function promotionCodeSnapshot(code: Stripe.PromotionCode, created?: Stripe.Coupon): PromotionCodeSnapshot {
  const nested = code.promotion?.coupon;
  const coupon = created ?? (typeof nested === 'object' && nested !== null ? nested : null);
  if (!coupon)
    throw new StripeUnavailableError(`Stripe did not say what promotion code ${code.id} takes off`);
  const minimum = code.restrictions?.minimum_amount;
  return {
    id: code.id,
    code: code.code,
    active: code.active,
    discount:
      coupon.percent_off !== null && coupon.percent_off !== undefined
        ? { kind: 'percent', basisPoints: Math.round(coupon.percent_off * 100) }
        : { kind: 'amount', amount: coupon.amount_off ?? 0, currency: coupon.currency ?? '' },
    expiresAt: code.expires_at ? new Date(code.expires_at * 1000) : null,
    maxRedemptions: code.max_redemptions ?? null,
    timesRedeemed: code.times_redeemed,
    minimumAmount:
      minimum !== null && minimum !== undefined
        ? { amount: minimum, currency: code.restrictions.minimum_amount_currency ?? '' }
        : null,
    createdAt: new Date(code.created * 1000),
  };
}
