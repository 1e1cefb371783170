import type { Dispute, EarlyFraudWarning } from './dispute-types.js';
import type { Coupon, PromotionCode, ShippingRate, TaxRate } from './pricing-types.js';
import type { CheckoutSession } from './session-types.js';
import type {
  Charge,
  PaymentIntent,
  PaymentMethod,
  Price,
  Product,
  Refund,
  WebhookEndpoint,
} from './types.js';

/**
 * The unions over every object type: what an event carries and what the API returns by id. Apart from the
 * per-resource type files (which import only primitives from types.ts) so that no type file imports in a circle.
 */
export interface EventRequestInfo {
  id: string | null;
  idempotency_key: string | null;
}

export type EventPayloadObject =
  | CheckoutSession
  | PaymentIntent
  | Charge
  | Refund
  | Product
  | Price
  | Dispute
  | EarlyFraudWarning
  | Coupon
  | PromotionCode
  | TaxRate;

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: EventPayloadObject; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: EventRequestInfo;
  type: string;
}

/** Any object the API can return by id. */
export type StripeObject =
  | CheckoutSession
  | PaymentIntent
  | Charge
  | Refund
  | PaymentMethod
  | Product
  | Price
  | StripeEvent
  | WebhookEndpoint
  | Dispute
  | EarlyFraudWarning
  | ShippingRate
  | Coupon
  | PromotionCode
  | TaxRate;
