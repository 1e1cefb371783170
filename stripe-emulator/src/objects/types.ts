import type { Dispute, EarlyFraudWarning } from './dispute-types.js';
import type {
  Coupon,
  DiscountAmount,
  PromotionCode,
  ShippingRate,
  TaxAmount,
  TaxRate,
} from './pricing-types.js';

/**
 * Shapes of the Stripe objects the emulator returns, after Stripe's published OpenAPI spec (vendored in
 * reference/schemas.json: API 2023-08-16 schemas, plus a few newer fields the current SDK knows). Every field
 * Stripe marks required is present; optional ones are present with Stripe's usual null/empty value.
 */

export type Metadata = Record<string, string>;

export interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export interface Address {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}

export interface BillingDetails {
  address: Address;
  email: string | null;
  name: string | null;
  phone: string | null;
}

export interface Shipping {
  address: Address;
  carrier: string | null;
  name: string;
  phone: string | null;
  tracking_number: string | null;
}

export interface CustomerDetails {
  address: Address | null;
  /** Current API versions (name collection, which the emulator does not do). */
  business_name: null;
  email: string | null;
  individual_name: null;
  name: string | null;
  phone: string | null;
  tax_exempt: 'none';
  tax_ids: never[];
}

export interface Product {
  id: string;
  object: 'product';
  active: boolean;
  created: number;
  default_price: string | null;
  description: string | null;
  features: never[];
  images: string[];
  livemode: false;
  metadata: Metadata;
  name: string;
  package_dimensions: null;
  shippable: boolean | null;
  statement_descriptor: string | null;
  tax_code: string | null;
  unit_label: string | null;
  updated: number;
  url: string | null;
}

export interface Price {
  id: string;
  object: 'price';
  active: boolean;
  billing_scheme: 'per_unit';
  created: number;
  currency: string;
  custom_unit_amount: null;
  livemode: false;
  lookup_key: string | null;
  metadata: Metadata;
  nickname: string | null;
  product: string | Product;
  recurring: null;
  tax_behavior: 'exclusive' | 'inclusive' | 'unspecified';
  tiers_mode: null;
  transform_quantity: null;
  type: 'one_time';
  unit_amount: number;
  unit_amount_decimal: string;
}

/** A Checkout Session line item (schema `item`). */
export interface LineItem {
  id: string;
  object: 'item';
  amount_discount: number;
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  currency: string;
  description: string;
  price: Price;
  quantity: number;
}

export interface CardDetails {
  brand: string;
  checks: { address_line1_check: null; address_postal_code_check: null; cvc_check: 'pass' | 'fail' | null };
  country: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  funding: 'credit' | 'debit' | 'prepaid' | 'unknown';
  last4: string;
}

export interface SepaDebitDetails {
  bank_code: string;
  branch_code: string;
  country: string;
  fingerprint: string;
  last4: string;
}

export interface PaymentMethod {
  id: string;
  object: 'payment_method';
  billing_details: BillingDetails;
  card?: CardDetails & {
    generated_from: null;
    networks: { available: string[]; preferred: null };
    three_d_secure_usage: { supported: boolean };
    wallet: null;
  };
  sepa_debit?: SepaDebitDetails & { generated_from: null };
  created: number;
  customer: null;
  livemode: false;
  metadata: Metadata;
  type: 'card' | 'sepa_debit';
}

/** Stripe's error object (`api_errors`), as returned in `{ error }` and in `last_payment_error`. */
export interface ApiErrorBody {
  type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: PaymentIntent;
  payment_method?: PaymentMethod;
  payment_method_type?: string;
  request_log_url?: string;
}

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_details: { tip: Record<string, never> };
  amount_received: number;
  application: null;
  application_fee_amount: null;
  automatic_payment_methods: { allow_redirects: 'always' | 'never'; enabled: boolean } | null;
  canceled_at: number | null;
  cancellation_reason:
    | 'abandoned'
    | 'automatic'
    | 'duplicate'
    | 'failed_invoice'
    | 'fraudulent'
    | 'requested_by_customer'
    | 'void_invoice'
    | null;
  capture_method: 'automatic' | 'automatic_async';
  client_secret: string;
  confirmation_method: 'automatic';
  created: number;
  currency: string;
  customer: null;
  description: string | null;
  invoice: null;
  last_payment_error: ApiErrorBody | null;
  latest_charge: string | Charge | null;
  livemode: false;
  metadata: Metadata;
  next_action: null;
  on_behalf_of: null;
  payment_method: string | PaymentMethod | null;
  payment_method_configuration_details: null;
  payment_method_options: Record<string, never>;
  payment_method_types: string[];
  processing: null;
  receipt_email: string | null;
  review: null;
  setup_future_usage: 'off_session' | 'on_session' | null;
  shipping: Shipping | null;
  source: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: PaymentIntentStatus;
  transfer_data: null;
  transfer_group: null;
}

export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: string | null;
  charge: string | Charge;
  created: number;
  currency: string;
  metadata: Metadata;
  payment_intent: string | PaymentIntent | null;
  reason: 'duplicate' | 'fraudulent' | 'requested_by_customer' | null;
  receipt_number: null;
  source_transfer_reversal: null;
  status: RefundStatus;
  transfer_reversal: null;
  /** Only on failed refunds. */
  failure_reason?: 'expired_or_canceled_card' | 'lost_or_stolen_card' | 'unknown';
  /** Only on failed refunds: the balance transaction that gave the money back. */
  failure_balance_transaction?: string;
}

export type RefundStatus = 'pending' | 'requires_action' | 'succeeded' | 'failed' | 'canceled';

export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application: null;
  application_fee: null;
  application_fee_amount: null;
  balance_transaction: string | null;
  billing_details: BillingDetails;
  calculated_statement_descriptor: string;
  captured: boolean;
  created: number;
  currency: string;
  customer: null;
  description: string | null;
  disputed: boolean;
  failure_balance_transaction: null;
  failure_code: string | null;
  failure_message: string | null;
  fraud_details: Record<string, never>;
  invoice: null;
  livemode: false;
  metadata: Metadata;
  on_behalf_of: null;
  outcome: {
    network_status: string;
    reason: string | null;
    risk_level: string;
    risk_score: number;
    seller_message: string;
    type: string;
  } | null;
  paid: boolean;
  payment_intent: string | PaymentIntent | null;
  payment_method: string;
  payment_method_details:
    | { type: 'card'; card: CardDetails & { network: string; three_d_secure: null; wallet: null } }
    | { type: 'sepa_debit'; sepa_debit: SepaDebitDetails & { mandate: string } };
  receipt_email: string | null;
  receipt_number: null;
  receipt_url: null;
  refunded: boolean;
  refunds: StripeList<Refund>;
  review: null;
  shipping: Shipping | null;
  source_transfer: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: 'succeeded' | 'pending' | 'failed';
  transfer_data: null;
  transfer_group: null;
}

export type SessionStatus = 'open' | 'complete' | 'expired';
export type SessionPaymentStatus = 'paid' | 'unpaid' | 'no_payment_required';

export interface CheckoutSession {
  id: string;
  object: 'checkout.session';
  after_expiration: null;
  allow_promotion_codes: boolean | null;
  /** Newer API versions (the current SDK's): the filter the session was created with. */
  allowed_payment_method_types: string[] | null;
  amount_subtotal: number;
  amount_total: number;
  automatic_tax: {
    enabled: boolean;
    liability: { type: 'self' } | null;
    provider: 'stripe' | null;
    status: 'complete' | 'failed' | 'requires_location_inputs' | null;
  };
  billing_address_collection: 'auto' | 'required' | null;
  cancel_url: string | null;
  client_reference_id: string | null;
  client_secret: null;
  /** Current API versions: what the customer entered (`shipping_details` there; older versions below). */
  collected_information: {
    business_name: null;
    individual_name: null;
    shipping_details: { address: Address; name: string } | null;
  } | null;
  consent: null;
  consent_collection: null;
  created: number;
  currency: string;
  currency_conversion: null;
  custom_fields: never[];
  custom_text: {
    after_submit: null;
    shipping_address: null;
    submit: null;
    terms_of_service_acceptance: null;
  };
  customer: null;
  customer_creation: 'if_required' | 'always';
  customer_details: CustomerDetails | null;
  customer_email: string | null;
  /** Current API versions: the coupon / promotion code applied. */
  discounts: { coupon: string | null; promotion_code: string | null }[];
  excluded_payment_method_types: string[] | null;
  expires_at: number;
  invoice: null;
  invoice_creation: null;
  livemode: false;
  locale: string | null;
  metadata: Metadata;
  mode: 'payment';
  payment_intent: string | PaymentIntent | null;
  payment_link: null;
  payment_method_collection: 'if_required' | 'always';
  payment_method_configuration_details: null;
  payment_method_options: Record<string, never>;
  payment_method_types: string[];
  payment_status: SessionPaymentStatus;
  phone_number_collection: { enabled: boolean };
  recovered_from: null;
  setup_intent: null;
  shipping_address_collection: { allowed_countries: string[] } | null;
  shipping_cost: ShippingCost | null;
  /** API versions before 2025-03-31 (the vendored 2023 schema); newer ones read `collected_information`. */
  shipping_details: Shipping | null;
  shipping_options: { shipping_amount: number; shipping_rate: string | ShippingRate }[];
  status: SessionStatus;
  submit_type: 'auto' | 'book' | 'donate' | 'pay' | null;
  subscription: null;
  success_url: string | null;
  tax_id_collection: { enabled: false };
  total_details: {
    amount_discount: number;
    amount_shipping: number;
    amount_tax: number;
    /** Only when expanded (`expand[]=total_details.breakdown`). */
    breakdown?: { discounts: DiscountAmount[]; taxes: TaxAmount[] };
  };
  ui_mode: 'hosted_page';
  url: string | null;
}

/** Schema `payment_pages_checkout_session_shipping_cost`: the chosen shipping rate, taxed. */
export interface ShippingCost {
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  shipping_rate: string | ShippingRate | null;
  taxes: TaxAmount[];
}

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

export interface WebhookEndpoint {
  id: string;
  object: 'webhook_endpoint';
  api_version: string | null;
  application: null;
  created: number;
  description: string | null;
  enabled_events: string[];
  livemode: false;
  metadata: Metadata;
  status: 'enabled' | 'disabled';
  url: string;
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
