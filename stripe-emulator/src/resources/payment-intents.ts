import { invalidRequest, missingParam } from '../domain/errors.js';
import { CURRENCIES, formatAmount, minimumAmount } from '../domain/money.js';
import { checkMethodAllowed } from '../domain/payment-intents.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ApiRouter } from '../http/api-app.js';
import { s } from '../http/params.js';
import { shippingSpec, toShipping } from './addresses.js';
import { inRange, listFields, newestFirst, paginate } from './list.js';
import { resolvePaymentMethod } from './payment-methods.js';

const SUPPORTED_METHODS = ['card', 'sepa_debit'];

/**
 * Without an explicit `payment_method_types`, what the emulator can confirm through the API (cards), filtered by
 * `allowed_payment_method_types` / `excluded_payment_method_types`.
 */
function dynamicMethods(p: {
  allowed_payment_method_types?: string[];
  excluded_payment_method_types?: string[];
}): string[] {
  const allowed = p.allowed_payment_method_types;
  const excluded = p.excluded_payment_method_types ?? [];
  const methods = ['card'].filter(
    (m) => (allowed === undefined || allowed.includes(m)) && !excluded.includes(m),
  );
  if (methods.length === 0)
    throw invalidRequest(
      'None of the payment method types this PaymentIntent allows can be used (the Stripe emulator confirms card payments through the API).',
      allowed !== undefined ? 'allowed_payment_method_types' : 'excluded_payment_method_types',
    );
  return methods;
}

/**
 * Parameters of create/confirm: `return_url` (where the 3-D Secure page sends the customer back) and
 * `error_on_requires_action` are used; the others are real Stripe parameters the emulator does not emulate
 * (refused with `parameter_not_emulated`).
 */
const confirmFields = {
  error_on_requires_action: s.bool(),
  return_url: s.str({ max: 5000 }),
  mandate: s.any(),
  mandate_data: s.any(),
  off_session: s.any(),
  payment_method_options: s.any(),
  radar_options: s.any(),
  use_stripe_sdk: s.any(),
  confirmation_token: s.any(),
};

function confirmOptions(p: { return_url?: string; error_on_requires_action?: boolean }): {
  returnUrl: string | undefined;
  errorOnRequiresAction: boolean | undefined;
} {
  if (p.return_url !== undefined && !/^https?:\/\//i.test(p.return_url))
    throw invalidRequest('Invalid URL: return_url must be an http(s) URL.', 'return_url');
  return { returnUrl: p.return_url, errorOnRequiresAction: p.error_on_requires_action };
}

const createSpec = s.obj(
  {
    amount: s.int({ min: 0, max: 99_999_999 }),
    currency: s.str(),
    confirm: s.bool(),
    payment_method: s.str(),
    // Older API versions: an explicit list. Newer ones (stripe@23) filter the dynamic set instead.
    payment_method_types: s.arr(s.str()),
    allowed_payment_method_types: s.arr(s.str()),
    excluded_payment_method_types: s.arr(s.str()),
    automatic_payment_methods: s.obj({
      enabled: s.bool(),
      allow_redirects: s.enum(['always', 'never']),
    }),
    description: s.str({ max: 1000 }),
    metadata: s.map(),
    receipt_email: s.str({ max: 800 }),
    setup_future_usage: s.enum(['off_session', 'on_session']),
    shipping: shippingSpec,
    statement_descriptor: s.str({ max: 22 }),
    statement_descriptor_suffix: s.str({ max: 22 }),
    capture_method: s.enum(['automatic', 'automatic_async', 'manual']),
    confirmation_method: s.enum(['automatic', 'manual']),
    ...confirmFields,
    application_fee_amount: s.any(),
    customer: s.any(),
    customer_account: s.any(),
    on_behalf_of: s.any(),
    payment_method_configuration: s.any(),
    payment_method_data: s.any(),
    transfer_data: s.any(),
    transfer_group: s.any(),
  },
  ['amount', 'currency'],
);

/**
 * Payment intents: the ones Checkout creates when the customer confirms (see domain/checkout-payments.ts), and
 * the ones created through the API (`POST /v1/payment_intents`, as the Stripe CLI's triggers do), confirmed with
 * a card test payment method (`pm_card_visa`, `pm_card_chargeDeclined`, …) or a card payment method.
 */
export function registerPaymentIntentRoutes(api: ApiRouter, core: EmulatorCore): void {
  const { intents, store } = core;

  api.route('POST', '/v1/payment_intents', 'payment_intent', createSpec, (p, ctx) => {
    const currency = (p.currency ?? '').toLowerCase();
    if (!CURRENCIES.has(currency)) throw invalidRequest(`Invalid currency: ${p.currency ?? ''}.`, 'currency');
    const amount = p.amount ?? 0;
    const minimum = minimumAmount(currency);
    if (minimum !== undefined && amount < minimum)
      throw invalidRequest(
        `Amount must be at least ${formatAmount(minimum, currency)} ${currency}`,
        'amount',
        'amount_too_small',
      );
    if (p.capture_method === 'manual')
      throw invalidRequest('The Stripe emulator does not support `capture_method=manual`.', 'capture_method');
    if (p.payment_method_types !== undefined && p.automatic_payment_methods !== undefined)
      throw invalidRequest(
        'You may only specify one of these parameters: automatic_payment_methods, payment_method_types.',
        'automatic_payment_methods',
      );
    if (p.payment_method_types !== undefined && p.allowed_payment_method_types !== undefined)
      throw invalidRequest(
        'You may only specify one of these parameters: payment_method_types, allowed_payment_method_types.',
        'payment_method_types',
      );
    (p.payment_method_types ?? []).forEach((method, index) => {
      if (!SUPPORTED_METHODS.includes(method))
        throw invalidRequest(
          `The payment method type provided: ${method} is invalid. The Stripe emulator supports: ${SUPPORTED_METHODS.join(', ')}.`,
          `payment_method_types[${index}]`,
          'payment_method_invalid_parameter',
        );
    });
    if (p.confirm === true && p.payment_method === undefined) throw missingParam('payment_method');
    const shipping = toShipping(p.shipping, 'shipping');
    // Resolved before the intent exists, so an unknown payment method creates nothing.
    const pm =
      p.payment_method !== undefined ? resolvePaymentMethod(core, p.payment_method, 'payment_method') : null;
    const paymentMethodTypes = p.payment_method_types ?? dynamicMethods(p);
    if (pm) checkMethodAllowed(paymentMethodTypes, pm, p.confirm === true);
    const automatic = p.payment_method_types === undefined;
    const record = intents.createIntent(
      {
        amount,
        currency,
        paymentMethodTypes,
        automaticPaymentMethods: automatic
          ? {
              allow_redirects: p.automatic_payment_methods?.allow_redirects ?? 'always',
              enabled: p.automatic_payment_methods?.enabled ?? true,
            }
          : null,
        allowedPaymentMethodTypes: p.allowed_payment_method_types ?? null,
        excludedPaymentMethodTypes: p.excluded_payment_method_types ?? null,
        description: p.description ?? null,
        metadata: p.metadata ?? {},
        receiptEmail: p.receipt_email ?? null,
        setupFutureUsage: p.setup_future_usage ?? null,
        shipping,
        statementDescriptor: p.statement_descriptor ?? null,
        statementDescriptorSuffix: p.statement_descriptor_suffix ?? null,
      },
      ctx,
    );
    if (pm) {
      if (p.confirm === true) intents.confirmIntent(record, pm, ctx, confirmOptions(p));
      else intents.attachPaymentMethod(record, pm);
    }
    return { body: record.intent };
  });

  api.route(
    'POST',
    '/v1/payment_intents/:intent/confirm',
    'payment_intent',
    s.obj({ payment_method: s.str(), receipt_email: s.str({ max: 800 }), ...confirmFields }),
    (p, ctx) => {
      const record = intents.requireIntent(ctx.params.intent ?? '');
      const pmId =
        p.payment_method ??
        (typeof record.intent.payment_method === 'string' ? record.intent.payment_method : null);
      if (pmId === null) throw missingParam('payment_method');
      const pm = resolvePaymentMethod(core, pmId, 'payment_method');
      if (p.receipt_email !== undefined) record.intent.receipt_email = p.receipt_email;
      return { body: intents.confirmIntent(record, pm, ctx, confirmOptions(p)) };
    },
  );

  api.route(
    'POST',
    '/v1/payment_intents/:intent/cancel',
    'payment_intent',
    s.obj({ cancellation_reason: s.enum(['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer']) }),
    (p, ctx) => {
      const record = intents.requireIntent(ctx.params.intent ?? '');
      return { body: intents.cancelIntent(record, p.cancellation_reason ?? null, ctx) };
    },
  );

  api.route(
    'GET',
    '/v1/payment_intents',
    'list:payment_intent',
    s.obj({ ...listFields, created: s.range(), customer: s.str(), customer_account: s.str() }),
    (p) => {
      let intents = newestFirst(store.paymentIntents.values()).map((r) => r.intent);
      if (p.customer !== undefined || p.customer_account !== undefined) intents = [];
      const created = p.created;
      if (created) intents = intents.filter((x) => inRange(x.created, created));
      return { body: paginate(intents, p, '/v1/payment_intents', 'payment_intent') };
    },
  );

  // `client_secret` (Stripe's spec) is accepted and not checked: the secret key can read any intent.
  api.referenceRoute('GET', '/v1/payment_intents/:intent', 'payment_intent', s.obj({}), (_p, ctx) => ({
    body: intents.requireIntent(ctx.params.intent ?? '').intent,
  }));
}
