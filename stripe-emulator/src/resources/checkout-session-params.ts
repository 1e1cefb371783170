import { referenceEnum } from '../http/reference-params.js';
import { s, type Infer } from '../http/params.js';
import { shippingSpec } from './addresses.js';
import { listFields } from './list.js';
import { shippingRateDataSpec } from './shipping-rates.js';

/** The parameters of `POST /v1/checkout/sessions` and `GET /v1/checkout/sessions`. */

export const lineItemSpec = s.obj({
  price: s.str(),
  price_data: s.obj(
    {
      currency: s.str(),
      product: s.str(),
      product_data: s.obj(
        {
          name: s.str({ max: 5000 }),
          description: s.str({ max: 40000 }),
          images: s.arr(s.str({ max: 2048 }), { max: 8 }),
          metadata: s.map(),
          tax_code: s.str({ max: 5000 }),
          unit_label: s.any(),
        },
        ['name'],
      ),
      recurring: s.any(),
      tax_behavior: s.enum(['exclusive', 'inclusive', 'unspecified']),
      unit_amount: s.int({ min: 0 }),
      unit_amount_decimal: s.str(),
    },
    ['currency'],
  ),
  quantity: s.int({ min: 1, max: 999_999 }),
  tax_rates: s.arr(s.str({ max: 5000 }), { max: 5 }),
  // The line item's own metadata (`item.metadata`).
  metadata: s.map(),
  // Real Stripe parameters the emulator accepts and ignores (dynamic rates need Stripe's tax registrations).
  adjustable_quantity: s.any(),
  dynamic_tax_rates: s.any(),
});

/**
 * Hand-written although reference/ has this operation's schema: that spec (API 2023-08-16) lacks parameters the
 * current SDK sends (`allowed_payment_method_types`, `excluded_payment_method_types`, `ui_mode` values, …) and
 * nested fields added since, so checking the accepted-and-ignored parameters against it would reject requests
 * Stripe takes today; it also leaves to prose limits enforced here (100 line items, quantity 1..999 999), and
 * some of its shapes (`currency_options` maps of objects) have no parameter spec.
 */
export const createSpec = s.obj({
  mode: s.enum(['payment', 'setup', 'subscription']),
  line_items: s.arr(lineItemSpec, { max: 100 }),
  success_url: s.str({ max: 5000 }),
  cancel_url: s.str({ max: 5000 }),
  metadata: s.map(),
  client_reference_id: s.str({ max: 200 }),
  customer_email: s.str({ max: 800 }),
  expires_at: s.int(),
  // Older API versions: an explicit list. Since 2026 the SDK sends `allowed_payment_method_types` (a filter on the
  // dynamically computed set) instead; both are accepted.
  payment_method_types: s.arr(s.str()),
  allowed_payment_method_types: s.arr(s.str()),
  excluded_payment_method_types: s.arr(s.str()),
  payment_intent_data: s.obj({
    metadata: s.map(),
    description: s.str({ max: 1000 }),
    receipt_email: s.str(),
    setup_future_usage: s.enum(['off_session', 'on_session']),
    statement_descriptor: s.str({ max: 22 }),
    statement_descriptor_suffix: s.str({ max: 22 }),
    capture_method: s.enum(['automatic', 'automatic_async', 'manual']),
    application_fee_amount: s.any(),
    on_behalf_of: s.any(),
    shipping: shippingSpec,
    transfer_data: s.any(),
    transfer_group: s.any(),
  }),
  locale: s.str(),
  submit_type: s.enum(['auto', 'book', 'donate', 'pay']),
  billing_address_collection: s.enum(['auto', 'required']),
  allow_promotion_codes: s.bool(),
  automatic_tax: s.obj({ enabled: s.bool(), liability: s.any() }, ['enabled']),
  discounts: s.arr(s.obj({ coupon: s.str({ max: 5000 }), promotion_code: s.str({ max: 5000 }) })),
  phone_number_collection: s.obj({ enabled: s.bool() }, ['enabled']),
  // Stripe's list of countries it ships to (from its spec, in reference/).
  shipping_address_collection: s.obj(
    {
      allowed_countries: s.arr(
        s.enum(
          referenceEnum('POST', '/v1/checkout/sessions', [
            'shipping_address_collection',
            'allowed_countries',
          ]),
        ),
      ),
    },
    ['allowed_countries'],
  ),
  shipping_options: s.arr(
    s.obj({ shipping_rate: s.str({ max: 5000 }), shipping_rate_data: shippingRateDataSpec }),
    { max: 5 },
  ),
  // Real Stripe parameters the emulator accepts and ignores.
  adaptive_pricing: s.any(),
  after_expiration: s.any(),
  branding_settings: s.any(),
  consent_collection: s.any(),
  currency: s.any(),
  custom_fields: s.any(),
  custom_text: s.any(),
  customer: s.any(),
  customer_creation: s.any(),
  customer_update: s.any(),
  invoice_creation: s.any(),
  name_collection: s.any(),
  optional_items: s.any(),
  payment_method_collection: s.any(),
  payment_method_configuration: s.any(),
  payment_method_data: s.any(),
  payment_method_options: s.any(),
  permissions: s.any(),
  redirect_on_completion: s.any(),
  return_url: s.any(),
  saved_payment_method_options: s.any(),
  setup_intent_data: s.any(),
  subscription_data: s.any(),
  tax_id_collection: s.any(),
  ui_mode: s.any(),
  wallet_options: s.any(),
});

export type CreateParams = Infer<typeof createSpec>;

// Hand-written: the vendored spec (API 2023-08-16) predates the `status`, `created` and `customer_account`
// filters.
export const listSpec = s.obj({
  ...listFields,
  payment_intent: s.str(),
  status: s.enum(['open', 'complete', 'expired']),
  customer_details: s.obj({ email: s.str() }),
  created: s.range(),
  customer: s.str(),
  customer_account: s.str(),
  payment_link: s.str(),
  subscription: s.str(),
});
