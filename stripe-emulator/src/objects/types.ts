/**
 * Shapes of the Stripe objects the emulator returns, at the API version the `stripe` SDK pins (the emulator's
 * default): the top-level fields are exactly that version's (test/schema.test.ts checks them against the SDK's
 * typings, nested types against the 2023-08-16 spec vendored in reference/schemas.json). Fields the version
 * always returns are present, at Stripe's value for what the emulator does (often null: no customers,
 * invoices, Connect accounts or managed payments); fields Stripe removed since 2023 are gone.
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
  images: string[];
  livemode: false;
  /** Since 2024-04-10 (formerly `features`). */
  marketing_features: { name: string }[];
  metadata: Metadata;
  name: string;
  package_dimensions: null;
  shippable: boolean | null;
  statement_descriptor: string | null;
  tax_code: string | null;
  /** The tax code again, with the performance location the emulator never has; null without a tax code. */
  tax_details: { performance_location: null; tax_code: string } | null;
  type: 'good' | 'service';
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
  /** Null: the emulator does not let the customer change quantities. */
  adjustable_quantity: null;
  amount_discount: number;
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  currency: string;
  description: string;
  metadata: Metadata;
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
  customer_account: null;
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

/**
 * What the customer must do before a payment intent can go on: for a card that asks for 3-D Secure, open a page
 * (`redirect_to_url`, when the confirmation gave a `return_url`) or let Stripe.js show it (`use_stripe_sdk`).
 */
export type PaymentIntentNextAction =
  | { type: 'redirect_to_url'; redirect_to_url: { return_url: string; url: string } }
  | {
      type: 'use_stripe_sdk';
      use_stripe_sdk: { type: 'three_d_secure_redirect'; stripe_js: string; source: string };
    };

/** A card charge's 3-D Secure details (`payment_method_details.card.three_d_secure`). */
export interface ChargeThreeDSecure {
  authentication_flow: 'challenge' | 'frictionless';
  electronic_commerce_indicator: string;
  exemption_indicator: null;
  result: 'authenticated' | 'failed';
  result_reason: null;
  transaction_id: string;
  version: string;
}

/** Managed Payments (Stripe as merchant of record), which the emulator never does. */
export interface ManagedPayments {
  enabled: false;
}

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  /** The filter the intent was created with (`allowed_payment_method_types`), or null. */
  allowed_payment_method_types: string[] | null;
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
  customer_account: null;
  description: string | null;
  excluded_payment_method_types: string[] | null;
  last_payment_error: ApiErrorBody | null;
  latest_charge: string | Charge | null;
  livemode: false;
  managed_payments: ManagedPayments;
  metadata: Metadata;
  next_action: PaymentIntentNextAction | null;
  on_behalf_of: null;
  payment_method: string | PaymentMethod | null;
  payment_method_configuration_details: null;
  payment_method_options: Record<string, never>;
  payment_method_types: string[];
  /** Payment Records (payments made outside Stripe) are not emulated. */
  payment_record: null;
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
  customer: null;
  customer_account: null;
  metadata: Metadata;
  payment_intent: string | PaymentIntent | null;
  /** The refunded charge's payment method. */
  payment_method: string | null;
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
    | {
        type: 'card';
        card: CardDetails & { network: string; three_d_secure: ChargeThreeDSecure | null; wallet: null };
      }
    | { type: 'sepa_debit'; sepa_debit: SepaDebitDetails & { mandate: string } };
  receipt_email: string | null;
  receipt_number: null;
  receipt_url: null;
  refunded: boolean;
  refunds: StripeList<Refund>;
  review: null;
  shipping: Shipping | null;
  /** Legacy Sources: null for a charge made through a payment intent. */
  source: null;
  source_transfer: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: 'succeeded' | 'pending' | 'failed';
  transfer_data: null;
  transfer_group: null;
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
