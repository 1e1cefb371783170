import { missingParam } from '../domain/errors.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ApiRouter } from '../http/api-app.js';
import { s } from '../http/params.js';
import type { SessionRecord } from '../state/store.js';
import { addressSpec, toAddress } from './addresses.js';
import { resolvePaymentMethod } from './payment-methods.js';

/**
 * `/v1/payment_pages/:session`: the (undocumented) API behind Stripe's hosted checkout page, which the Stripe
 * CLI's checkout triggers call to pay a session. The emulator returns the part of Stripe's payment page object
 * that describes the session and its amount; confirming pays the session like the hosted page does.
 */
export interface PaymentPage {
  id: string;
  object: 'payment_page';
  livemode: false;
  session_id: string;
  mode: 'payment';
  status: string;
  payment_status: string;
  currency: string;
  customer_email: string | null;
  expires_at: number;
  payment_intent: string | null;
  payment_method_types: string[];
  line_item_group: {
    currency: string;
    line_items: { id: string; name: string; quantity: number; unit_amount: number; total: number }[];
    subtotal: number;
    total: number;
  };
  success_url: string | null;
  cancel_url: string | null;
  url: string | null;
}

function paymentPage(record: SessionRecord): PaymentPage {
  const { session } = record;
  return {
    id: session.id,
    object: 'payment_page',
    livemode: false,
    session_id: session.id,
    mode: session.mode,
    status: session.status,
    payment_status: session.payment_status,
    currency: session.currency,
    customer_email: session.customer_email,
    expires_at: session.expires_at,
    payment_intent: typeof session.payment_intent === 'string' ? session.payment_intent : null,
    payment_method_types: [...session.payment_method_types],
    line_item_group: {
      currency: session.currency,
      line_items: record.lineItems.map((item) => ({
        id: item.id,
        name: item.description,
        quantity: item.quantity,
        unit_amount: item.price.unit_amount,
        total: item.amount_total,
      })),
      subtotal: session.amount_subtotal,
      total: session.amount_total,
    },
    success_url: session.success_url,
    cancel_url: session.cancel_url,
    url: session.url,
  };
}

/** Plumbing Stripe's checkout page sends along (telemetry, checksums): accepted, without effect. */
const pageClientFields = {
  key: s.ignored(),
  eid: s.ignored(),
  browser_locale: s.ignored(),
  referrer_origin: s.ignored(),
  redirect_type: s.ignored(),
  client_attribution_metadata: s.ignored(),
  elements_session_client: s.ignored(),
  init_checksum: s.ignored(),
  js_checksum: s.ignored(),
  rv_timestamp: s.ignored(),
  version: s.ignored(),
  passive_captcha_token: s.ignored(),
};

export function registerPaymentPageRoutes(api: ApiRouter, core: EmulatorCore): void {
  const { checkout } = core;

  api.route('GET', '/v1/payment_pages/:session', 'payment_page', s.obj(pageClientFields), (_p, ctx) => ({
    body: paymentPage(checkout.requireSession(ctx.params.session ?? '')),
  }));

  api.route(
    'POST',
    '/v1/payment_pages/:session/confirm',
    'payment_page',
    s.obj({
      ...pageClientFields,
      payment_method: s.str(),
      expected_amount: s.int({ min: 0 }),
      expected_payment_method_type: s.str(),
      email: s.str({ max: 800 }),
      consent: s.any(),
      last_displayed_line_item_group_details: s.any(),
      return_url: s.any(),
      shipping: s.obj({ name: s.str({ max: 5000 }), address: addressSpec, phone: s.any() }),
      tax_region: s.any(),
    }),
    (p, ctx) => {
      const sessionId = ctx.params.session ?? '';
      const record = checkout.requireSession(sessionId);
      if (p.payment_method === undefined) throw missingParam('payment_method');
      const pm = resolvePaymentMethod(core, p.payment_method, 'payment_method');
      const shipping = p.shipping
        ? { selection: { shipping: { name: p.shipping.name ?? '', address: toAddress(p.shipping.address) } } }
        : {};
      checkout.confirmSession(
        sessionId,
        pm,
        { expectedAmount: p.expected_amount, email: p.email, ...shipping },
        ctx.origin,
      );
      return { body: paymentPage(record) };
    },
  );
}
