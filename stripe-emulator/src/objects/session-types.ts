import type { DiscountAmount, ShippingRate, TaxAmount } from './pricing-types.js';
import type { Address, CustomerDetails, ManagedPayments, Metadata, PaymentIntent } from './types.js';

/**
 * The Checkout Session object (schema `checkout.session`), at the API version the SDK pins: see types.ts, which
 * re-exports these (a file of its own for size).
 */

export type SessionStatus = 'open' | 'complete' | 'expired';
export type SessionPaymentStatus = 'paid' | 'unpaid' | 'no_payment_required';

export interface CheckoutSession {
  id: string;
  object: 'checkout.session';
  /** Adaptive Pricing (prices in the customer's currency) is not emulated. */
  adaptive_pricing: { enabled: false };
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
  /** What the customer entered: the shipping address (the top-level `shipping_details` before 2025-03-31). */
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
  customer_account: null;
  customer_creation: 'if_required' | 'always';
  customer_details: CustomerDetails | null;
  customer_email: string | null;
  /** Current API versions: the coupon / promotion code applied. */
  discounts: { coupon: string | null; promotion_code: string | null }[];
  excluded_payment_method_types: string[] | null;
  expires_at: number;
  integration_identifier: null;
  invoice: null;
  invoice_creation: null;
  livemode: false;
  locale: string | null;
  managed_payments: ManagedPayments;
  metadata: Metadata;
  mode: 'payment';
  origin_context: null;
  payment_intent: string | PaymentIntent | null;
  payment_link: null;
  payment_method_collection: 'if_required' | 'always';
  payment_method_configuration_details: null;
  payment_method_options: Record<string, never>;
  payment_method_types: string[];
  payment_status: SessionPaymentStatus;
  permissions: null;
  phone_number_collection: { enabled: boolean };
  recovered_from: null;
  /** Null: saved payment methods need a customer, which the emulator does not have. */
  saved_payment_method_options: null;
  setup_intent: null;
  shipping_address_collection: { allowed_countries: string[] } | null;
  shipping_cost: ShippingCost | null;
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
  wallet_options: null;
}

/** Schema `payment_pages_checkout_session_shipping_cost`: the chosen shipping rate, taxed. */
export interface ShippingCost {
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  shipping_rate: string | ShippingRate | null;
  taxes: TaxAmount[];
}
