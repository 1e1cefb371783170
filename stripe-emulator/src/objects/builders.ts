import { ids } from '../core/ids.js';
import type {
  Address,
  BillingDetails,
  CardDetails,
  Charge,
  CustomerDetails,
  LineItem,
  Metadata,
  PaymentIntent,
  PaymentMethod,
  Price,
  Product,
  Refund,
  SepaDebitDetails,
  Shipping,
} from './types.js';
import type { CheckoutSession } from './session-types.js';

/** Factories for Stripe objects with every field at Stripe's default. */

export function emptyAddress(): Address {
  return { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
}

export function billingDetails(email: string | null, name: string | null): BillingDetails {
  return { address: emptyAddress(), email, name, phone: null };
}

export function customerDetails(
  email: string | null,
  name: string | null,
  address: Address | null = null,
  phone: string | null = null,
): CustomerDetails {
  return {
    address,
    business_name: null,
    email,
    individual_name: null,
    name,
    phone,
    tax_exempt: 'none',
    tax_ids: [],
  };
}

export function newProduct(input: {
  name: string;
  description: string | null;
  images: string[];
  metadata: Metadata;
  created: number;
  taxCode?: string | null;
  marketingFeatures?: Product['marketing_features'];
  type?: Product['type'];
}): Product {
  const taxCode = input.taxCode ?? null;
  return {
    id: ids.product(),
    object: 'product',
    active: true,
    created: input.created,
    default_price: null,
    description: input.description,
    images: input.images,
    livemode: false,
    marketing_features: input.marketingFeatures ?? [],
    metadata: input.metadata,
    name: input.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: taxCode,
    tax_details: taxCode === null ? null : { performance_location: null, tax_code: taxCode },
    // Stripe's default: products are services unless created as goods.
    type: input.type ?? 'service',
    unit_label: null,
    updated: input.created,
    url: null,
  };
}

export function newPrice(input: {
  product: string;
  currency: string;
  unitAmount: number;
  taxBehavior: Price['tax_behavior'];
  created: number;
  /** Ad-hoc prices from `price_data` are inactive, like Stripe's. */
  active: boolean;
}): Price {
  return {
    id: ids.price(),
    object: 'price',
    active: input.active,
    billing_scheme: 'per_unit',
    created: input.created,
    currency: input.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: input.product,
    recurring: null,
    tax_behavior: input.taxBehavior,
    tiers_mode: null,
    transform_quantity: null,
    type: 'one_time',
    unit_amount: input.unitAmount,
    unit_amount_decimal: String(input.unitAmount),
  };
}

export function newLineItem(
  price: Price,
  description: string,
  quantity: number,
  metadata: Metadata = {},
): LineItem {
  const amount = price.unit_amount * quantity;
  return {
    id: ids.lineItem(),
    object: 'item',
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description,
    metadata,
    price,
    quantity,
  };
}

export function newCheckoutSession(input: {
  id: string;
  created: number;
  expiresAt: number;
  currency: string;
  amount: number;
  url: string;
  successUrl: string | null;
  cancelUrl: string | null;
  clientReferenceId: string | null;
  customerEmail: string | null;
  metadata: Metadata;
  paymentMethodTypes: string[];
  allowedPaymentMethodTypes: string[] | null;
  excludedPaymentMethodTypes: string[] | null;
  locale: string | null;
  submitType: CheckoutSession['submit_type'];
  billingAddressCollection: CheckoutSession['billing_address_collection'];
  allowPromotionCodes: boolean | null;
}): CheckoutSession {
  return {
    id: input.id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: input.allowPromotionCodes,
    allowed_payment_method_types: input.allowedPaymentMethodTypes,
    amount_subtotal: input.amount,
    amount_total: input.amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: input.billingAddressCollection,
    cancel_url: input.cancelUrl,
    client_reference_id: input.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: input.created,
    currency: input.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: null,
    customer_account: null,
    customer_creation: 'if_required',
    customer_details: null,
    customer_email: input.customerEmail,
    discounts: [],
    excluded_payment_method_types: input.excludedPaymentMethodTypes,
    expires_at: input.expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: input.locale,
    managed_payments: { enabled: false },
    metadata: input.metadata,
    mode: 'payment',
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: input.paymentMethodTypes,
    payment_status: 'unpaid',
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: input.submitType,
    subscription: null,
    success_url: input.successUrl,
    tax_id_collection: { enabled: false },
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted_page',
    url: input.url,
    wallet_options: null,
  };
}

export function newPaymentIntent(input: {
  created: number;
  amount: number;
  currency: string;
  metadata: Metadata;
  description: string | null;
  receiptEmail: string | null;
  paymentMethodTypes: string[];
  setupFutureUsage: PaymentIntent['setup_future_usage'];
  statementDescriptor: string | null;
  statementDescriptorSuffix: string | null;
  shipping?: Shipping | null;
  automaticPaymentMethods?: PaymentIntent['automatic_payment_methods'];
  allowedPaymentMethodTypes?: string[] | null;
  excludedPaymentMethodTypes?: string[] | null;
}): PaymentIntent {
  const id = ids.paymentIntent();
  return {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: input.allowedPaymentMethodTypes ?? null,
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: input.automaticPaymentMethods ?? null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: ids.clientSecret(id),
    confirmation_method: 'automatic',
    created: input.created,
    currency: input.currency,
    customer: null,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: input.excludedPaymentMethodTypes ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: { enabled: false },
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: input.paymentMethodTypes,
    payment_record: null,
    processing: null,
    receipt_email: input.receiptEmail,
    review: null,
    setup_future_usage: input.setupFutureUsage,
    shipping: input.shipping ?? null,
    source: null,
    statement_descriptor: input.statementDescriptor,
    statement_descriptor_suffix: input.statementDescriptorSuffix,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
}

export function newCardPaymentMethod(
  card: CardDetails,
  billing: BillingDetails,
  created: number,
): PaymentMethod {
  return {
    id: ids.paymentMethod(),
    object: 'payment_method',
    billing_details: billing,
    card: {
      ...card,
      generated_from: null,
      networks: { available: [card.brand], preferred: null },
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created,
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
}

export function newSepaPaymentMethod(
  sepa: SepaDebitDetails,
  billing: BillingDetails,
  created: number,
): PaymentMethod {
  return {
    id: ids.paymentMethod(),
    object: 'payment_method',
    billing_details: billing,
    sepa_debit: { ...sepa, generated_from: null },
    created,
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'sepa_debit',
  };
}

export function newCharge(input: {
  intent: PaymentIntent;
  paymentMethod: PaymentMethod;
  created: number;
  status: Charge['status'];
  failure: { code: string; message: string; declineCode?: string } | null;
  receiptEmail: string | null;
}): Charge {
  const { intent, paymentMethod: pm } = input;
  const isCard = pm.type === 'card' && pm.card !== undefined;
  const id = isCard ? ids.charge() : ids.payment();
  const succeeded = input.status === 'succeeded';
  const failed = input.status === 'failed';
  return {
    id,
    object: 'charge',
    amount: intent.amount,
    amount_captured: failed ? 0 : intent.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: succeeded ? ids.balanceTransaction() : null,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: intent.statement_descriptor ?? 'STRIPE EMULATOR',
    captured: !failed,
    created: input.created,
    currency: intent.currency,
    customer: null,
    description: intent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: input.failure?.code ?? null,
    failure_message: input.failure?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...intent.metadata },
    on_behalf_of: null,
    outcome: chargeOutcome(input.status, input.failure),
    paid: succeeded,
    payment_intent: intent.id,
    payment_method: pm.id,
    payment_method_details:
      pm.card !== undefined
        ? {
            type: 'card',
            card: {
              brand: pm.card.brand,
              checks: pm.card.checks,
              country: pm.card.country,
              exp_month: pm.card.exp_month,
              exp_year: pm.card.exp_year,
              fingerprint: pm.card.fingerprint,
              funding: pm.card.funding,
              last4: pm.card.last4,
              network: pm.card.brand,
              three_d_secure: null,
              wallet: null,
            },
          }
        : {
            type: 'sepa_debit',
            sepa_debit: {
              bank_code: pm.sepa_debit?.bank_code ?? '',
              branch_code: pm.sepa_debit?.branch_code ?? '',
              country: pm.sepa_debit?.country ?? '',
              fingerprint: pm.sepa_debit?.fingerprint ?? '',
              last4: pm.sepa_debit?.last4 ?? '',
              mandate: ids.mandate(),
            },
          },
    receipt_email: input.receiptEmail,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
    review: null,
    shipping: intent.shipping ? structuredClone(intent.shipping) : null,
    source: null,
    source_transfer: null,
    statement_descriptor: intent.statement_descriptor,
    statement_descriptor_suffix: intent.statement_descriptor_suffix,
    status: input.status,
    transfer_data: null,
    transfer_group: null,
  };
}

export function chargeOutcome(
  status: Charge['status'],
  failure: { code: string; message: string; declineCode?: string } | null,
): Charge['outcome'] {
  if (status === 'pending') return null;
  if (status === 'succeeded')
    return {
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      risk_score: 20,
      seller_message: 'Payment complete.',
      type: 'authorized',
    };
  return {
    network_status: failure?.code === 'processing_error' ? 'not_sent_to_network' : 'declined_by_network',
    reason: failure?.declineCode ?? failure?.code ?? null,
    risk_level: 'normal',
    risk_score: 20,
    seller_message:
      failure?.code === 'processing_error'
        ? 'The payment could not be processed.'
        : 'The bank did not return any further details with this decline.',
    type: failure?.code === 'processing_error' ? 'invalid' : 'issuer_declined',
  };
}

export function newRefund(input: {
  charge: Charge;
  amount: number;
  created: number;
  metadata: Metadata;
  reason: Refund['reason'];
  status: Refund['status'];
}): Refund {
  return {
    id: ids.refund(),
    object: 'refund',
    amount: input.amount,
    balance_transaction: ids.balanceTransaction(),
    charge: input.charge.id,
    created: input.created,
    currency: input.charge.currency,
    customer: null,
    customer_account: null,
    metadata: input.metadata,
    payment_intent: typeof input.charge.payment_intent === 'string' ? input.charge.payment_intent : null,
    payment_method: input.charge.payment_method,
    reason: input.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: input.status,
    transfer_reversal: null,
  };
}
