import { ids } from '../core/ids.js';
import { invalidRequest, missingParam, resourceMissing } from '../domain/errors.js';
import { CURRENCIES, formatAmount, minimumAmount } from '../domain/money.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ApiRouter } from '../http/api-app.js';
import { s } from '../http/params.js';
import { newCheckoutSession, newLineItem, newPrice, newProduct } from '../objects/builders.js';
import type { LineItem, Price } from '../objects/types.js';
import type { CheckoutSession } from '../objects/session-types.js';
import type { SessionRecord } from '../state/store.js';
import { toShipping } from './addresses.js';
import { createSpec, listSpec, type CreateParams } from './checkout-session-params.js';
import { sessionPricing } from './checkout-session-pricing.js';
import { inRange, listFields, newestFirst, paginate } from './list.js';

const SUPPORTED_METHODS = ['card', 'sepa_debit'] as const;

const URL_PATTERN = /^https?:\/\/[^\s/?#]+[^\s]*$/i;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkUrl(value: string, param: string): void {
  if (!URL_PATTERN.test(value)) throw invalidRequest('Not a valid URL', param, 'url_invalid');
}

const MIN_LIFETIME = 30 * 60;
const MAX_LIFETIME = 24 * 60 * 60;
/** Slack for the caller's clock and network time. */
const SLACK = 10;

/**
 * `expires_at` must be 30 minutes to 24 hours ahead. A store computes it from its own clock (real time) while
 * the emulator clock may have been advanced, so both frames are accepted; the session then lives that long in
 * emulator time.
 */
export function resolveExpiry(
  expiresAt: number | undefined,
  emulatorNow: number,
  realNow: number,
): { expiresAt: number; expiresAtEmu: number } {
  if (expiresAt === undefined)
    return { expiresAt: emulatorNow + MAX_LIFETIME, expiresAtEmu: emulatorNow + MAX_LIFETIME };
  const inRange = (base: number): boolean =>
    expiresAt >= base + MIN_LIFETIME - SLACK && expiresAt <= base + MAX_LIFETIME + SLACK;
  if (inRange(realNow)) return { expiresAt, expiresAtEmu: emulatorNow + (expiresAt - realNow) };
  if (inRange(emulatorNow)) return { expiresAt, expiresAtEmu: expiresAt };
  if (expiresAt < Math.max(emulatorNow, realNow) + MIN_LIFETIME)
    throw invalidRequest(
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
      'expires_at',
    );
  throw invalidRequest(
    'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
    'expires_at',
  );
}

function buildLineItems(core: EmulatorCore, items: NonNullable<CreateParams['line_items']>): LineItem[] {
  const now = core.clock.now();
  return items.map((item, index) => {
    const param = `line_items[${index}]`;
    if (item.quantity === undefined) throw missingParam(`${param}[quantity]`);
    if (item.price !== undefined && item.price_data !== undefined)
      throw invalidRequest('You may only specify one of these parameters: price, price_data.', param);
    if (item.price !== undefined) {
      const price = core.store.prices.get(item.price);
      if (!price) throw resourceMissing('price', item.price, `${param}[price]`);
      const product =
        typeof price.product === 'string' ? core.store.products.get(price.product) : price.product;
      return newLineItem(price, product?.name ?? '', item.quantity, item.metadata ?? {});
    }
    const data = item.price_data;
    if (!data)
      throw invalidRequest('You must specify either `price` or `price_data` for each line item.', param);
    const currency = (data.currency ?? '').toLowerCase();
    if (!CURRENCIES.has(currency))
      throw invalidRequest(`Invalid currency: ${data.currency ?? ''}.`, `${param}[price_data][currency]`);
    let unitAmount = data.unit_amount;
    if (unitAmount === undefined && data.unit_amount_decimal !== undefined) {
      if (!/^\d+(\.\d+)?$/.test(data.unit_amount_decimal))
        throw invalidRequest(
          `Invalid decimal: ${data.unit_amount_decimal}`,
          `${param}[price_data][unit_amount_decimal]`,
        );
      unitAmount = Math.round(Number(data.unit_amount_decimal));
    }
    if (unitAmount === undefined)
      throw invalidRequest(
        'You must specify either `unit_amount` or `unit_amount_decimal`.',
        `${param}[price_data][unit_amount]`,
        'parameter_missing',
      );
    let productId: string;
    let name: string;
    if (data.product !== undefined) {
      const product = core.store.products.get(data.product);
      if (!product) throw resourceMissing('product', data.product, `${param}[price_data][product]`);
      productId = product.id;
      name = product.name;
    } else if (data.product_data !== undefined) {
      const pd = data.product_data;
      const product = newProduct({
        name: pd.name ?? '',
        description: pd.description ?? null,
        images: pd.images ?? [],
        metadata: pd.metadata ?? {},
        created: now,
        taxCode: pd.tax_code ?? null,
      });
      core.store.products.set(product.id, product);
      productId = product.id;
      name = product.name;
    } else {
      throw invalidRequest(
        'You must specify either `product` or `product_data` when creating a price.',
        `${param}[price_data]`,
        'parameter_missing',
      );
    }
    const price: Price = newPrice({
      product: productId,
      currency,
      unitAmount,
      taxBehavior: data.tax_behavior ?? 'unspecified',
      created: now,
      active: false,
    });
    core.store.prices.set(price.id, price);
    return newLineItem(price, name, item.quantity, item.metadata ?? {});
  });
}

/**
 * The session's `payment_method_types`: the explicit list, or what the emulator can offer (card, and SEPA Direct
 * Debit for eur) filtered by `allowed_payment_method_types` / `excluded_payment_method_types`.
 */
function paymentMethodTypes(p: CreateParams, currency: string): string[] {
  if (p.payment_method_types !== undefined) {
    if (p.payment_method_types.includes('sepa_debit') && currency !== 'eur')
      throw invalidRequest(
        `The currency provided (${currency}) is invalid for one or more payment method types on this Checkout Session: sepa_debit supports eur.`,
        'payment_method_types',
      );
    return [...p.payment_method_types];
  }
  const available = currency === 'eur' ? ['card', 'sepa_debit'] : ['card'];
  const allowed = p.allowed_payment_method_types;
  const excluded = p.excluded_payment_method_types ?? [];
  const methods = available.filter(
    (m) => (allowed === undefined || allowed.includes(m)) && !excluded.includes(m),
  );
  if (methods.length === 0)
    throw invalidRequest(
      `None of the payment method types this Checkout Session allows can be used (the Stripe emulator offers ${available.join(', ')} for ${currency}).`,
      allowed !== undefined ? 'allowed_payment_method_types' : 'excluded_payment_method_types',
    );
  return methods;
}

function createSession(core: EmulatorCore, p: CreateParams, apiVersion: string): CheckoutSession {
  if (p.mode === undefined) throw missingParam('mode');
  if (p.mode !== 'payment')
    throw invalidRequest(`The Stripe emulator only supports \`mode=payment\` (got \`${p.mode}\`).`, 'mode');
  if (p.success_url === undefined) throw missingParam('success_url');
  checkUrl(p.success_url, 'success_url');
  if (p.cancel_url !== undefined) checkUrl(p.cancel_url, 'cancel_url');
  if (!p.line_items || p.line_items.length === 0) throw missingParam('line_items');
  if (p.customer_email !== undefined && !EMAIL_PATTERN.test(p.customer_email))
    throw invalidRequest(`Invalid email address: ${p.customer_email}`, 'customer_email', 'email_invalid');
  if (p.payment_method_types !== undefined && p.allowed_payment_method_types !== undefined)
    throw invalidRequest(
      'You may only specify one of these parameters: payment_method_types, allowed_payment_method_types.',
      'payment_method_types',
    );
  (p.payment_method_types ?? []).forEach((method, index) => {
    if (!(SUPPORTED_METHODS as readonly string[]).includes(method))
      throw invalidRequest(
        `The payment method type provided: ${method} is invalid. The Stripe emulator supports: ${SUPPORTED_METHODS.join(', ')}.`,
        `payment_method_types[${index}]`,
        'payment_method_invalid_parameter',
      );
  });
  const captureMethod = p.payment_intent_data?.capture_method;
  if (captureMethod === 'manual')
    throw invalidRequest(
      'The Stripe emulator does not support `capture_method=manual`.',
      'payment_intent_data[capture_method]',
    );
  const shipping = toShipping(p.payment_intent_data?.shipping, 'payment_intent_data[shipping]');
  const { expiresAt, expiresAtEmu } = resolveExpiry(p.expires_at, core.clock.now(), core.clock.realNow());

  const lineItems = buildLineItems(core, p.line_items);
  const currency = lineItems[0]?.currency ?? 'usd';
  if (lineItems.some((item) => item.currency !== currency))
    throw invalidRequest('All line items must have the same currency.', 'line_items');
  const methods = paymentMethodTypes(p, currency);
  const { pricing, fields } = sessionPricing(core, p, currency, lineItems);
  const subtotal = lineItems.reduce((sum, item) => sum + item.amount_subtotal, 0);

  const id = ids.checkoutSession();
  const session = newCheckoutSession({
    id,
    created: core.clock.now(),
    expiresAt,
    currency,
    amount: subtotal,
    url: core.sessionUrl(id),
    successUrl: p.success_url,
    cancelUrl: p.cancel_url ?? null,
    clientReferenceId: p.client_reference_id ?? null,
    customerEmail: p.customer_email ?? null,
    metadata: p.metadata ?? {},
    paymentMethodTypes: methods,
    allowedPaymentMethodTypes: p.allowed_payment_method_types ?? null,
    excludedPaymentMethodTypes: p.excluded_payment_method_types ?? null,
    locale: p.locale ?? null,
    submitType: p.submit_type ?? null,
    billingAddressCollection: p.billing_address_collection ?? null,
    allowPromotionCodes: p.allow_promotion_codes ?? null,
  });
  Object.assign(session, fields);
  const pid = p.payment_intent_data;
  const record: SessionRecord = {
    session,
    lineItems,
    paymentIntentData: {
      metadata: pid?.metadata ?? {},
      description: pid?.description ?? null,
      receipt_email: pid?.receipt_email ?? null,
      setup_future_usage: pid?.setup_future_usage ?? null,
      statement_descriptor: pid?.statement_descriptor ?? null,
      statement_descriptor_suffix: pid?.statement_descriptor_suffix ?? null,
      shipping,
    },
    apiVersion,
    expiresAtEmu,
    pricing,
    pendingSettlement: null,
  };
  // The amounts as the page first shows them: the first shipping option, the given discount, fixed tax rates
  // (automatic tax waits for the customer's location).
  core.checkout.pricing.apply(record, core.checkout.pricing.price(record, {}, 'display'));
  const total = session.amount_total;
  const minimum = minimumAmount(currency);
  // A discount may make a session free (no payment required); otherwise Stripe's minimum charge applies.
  if (minimum !== undefined && total > 0 && total < minimum)
    throw invalidRequest(
      `The Checkout Session's total amount due must add up to at least ${formatAmount(minimum, currency)} ${currency}`,
      'line_items',
      'amount_too_small',
    );
  if (total > 99_999_999)
    throw invalidRequest(
      'The Checkout Session total amount due must be no more than 99,999,999.',
      'line_items',
      'amount_too_large',
    );
  core.store.sessions.set(id, record);
  core.lifecycle.scheduleExpiry(record);
  return session;
}

export function registerCheckoutSessionRoutes(api: ApiRouter, core: EmulatorCore): void {
  const { store, checkout, lifecycle } = core;

  api.route('POST', '/v1/checkout/sessions', 'checkout.session', createSpec, (p, ctx) => ({
    body: createSession(core, p, ctx.apiVersion),
  }));

  api.route('GET', '/v1/checkout/sessions', 'list:checkout.session', listSpec, (p) => {
    let sessions = newestFirst(store.sessions.values()).map((record) => record.session);
    if (p.payment_intent !== undefined)
      sessions = sessions.filter((x) => x.payment_intent === p.payment_intent);
    if (p.status !== undefined) sessions = sessions.filter((x) => x.status === p.status);
    const email = p.customer_details?.email;
    if (email !== undefined) sessions = sessions.filter((x) => x.customer_details?.email === email);
    if (
      p.customer !== undefined ||
      p.customer_account !== undefined ||
      p.payment_link !== undefined ||
      p.subscription !== undefined
    )
      sessions = [];
    const created = p.created;
    if (created) sessions = sessions.filter((x) => inRange(x.created, created));
    return { body: paginate(sessions, p, '/v1/checkout/sessions', 'checkout.session') };
  });

  api.referenceRoute('GET', '/v1/checkout/sessions/:session', 'checkout.session', s.obj({}), (_p, ctx) => ({
    body: checkout.requireSession(ctx.params.session ?? '').session,
  }));

  api.referenceRoute(
    'POST',
    '/v1/checkout/sessions/:session/expire',
    'checkout.session',
    s.obj({}),
    (_p, ctx) => ({ body: lifecycle.expire(ctx.params.session ?? '', ctx.origin) }),
  );

  api.referenceRoute(
    'GET',
    '/v1/checkout/sessions/:session/line_items',
    'list:item',
    s.obj(listFields),
    (p, ctx) => {
      const id = ctx.params.session ?? '';
      const record = checkout.requireSession(id);
      return { body: paginate(record.lineItems, p, `/v1/checkout/sessions/${id}/line_items`, 'line_item') };
    },
  );
}
