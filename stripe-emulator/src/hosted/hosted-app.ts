import type { PayInput } from '../domain/checkout-payments.js';
import { StripeFailure } from '../domain/errors.js';
import type { EmulatorCore } from '../emulator-core.js';
import { Router } from '../http/router.js';
import { header, json, type App, type HttpResponse } from '../http/types.js';
import type { LineItem } from '../objects/types.js';
import type { SessionRecord } from '../state/store.js';
import { orderFor, selectionOf } from './order.js';
import { registerAuthenticationRoutes } from './authentication-routes.js';
import { page, redirect, type Handler } from './responses.js';
import { authenticationPath } from '../domain/authentication.js';
import { CHECKOUT_CSS, CHECKOUT_JS } from './assets.js';
import {
  defaultFormState,
  orderParts,
  renderCheckoutPage,
  renderInactivePage,
  renderNotFoundPage,
  successUrlFor,
  type CheckoutView,
  type FormState,
  type PageError,
} from './render.js';

function asset(contentType: string, body: string): HttpResponse {
  return {
    status: 200,
    headers: {
      'Content-Type': contentType,
      'Cache-Control': 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    },
    body,
  };
}

/** Which page input an error of the payment engine belongs to. */
function fieldOf(param: string | undefined): string | undefined {
  switch (param) {
    case 'card[number]':
      return 'cardnumber';
    case 'card[expiry]':
      return 'expiry';
    case 'card[cvc]':
      return 'cvc';
    case 'sepa_debit[iban]':
      return 'iban';
    case 'shipping[name]':
      return 'addr_name';
    case 'shipping[address][line1]':
    case 'address[line1]':
      return 'addr_line1';
    case 'shipping[address][city]':
    case 'address[city]':
      return 'addr_city';
    case 'shipping[address][postal_code]':
    case 'address[postal_code]':
      return 'addr_postal_code';
    case 'shipping[address][country]':
    case 'address[country]':
      return 'addr_country';
    case 'phone':
      return 'phone';
    case 'promotion_code':
      return 'promotion_code';
    default:
      return undefined;
  }
}

function parseExpiry(text: string): { month: number; year: number } {
  const match = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(text) ?? /^\s*(\d{2})(\d{2})\s*$/.exec(text);
  if (!match) return { month: Number.NaN, year: Number.NaN };
  return { month: Number(match[1]), year: Number(match[2]) };
}

function readForm(body: string, fallback: FormState): FormState {
  const form = new URLSearchParams(body);
  const get = (key: string, otherwise: string): string => form.get(key) ?? otherwise;
  return {
    phone: get('phone', ''),
    addrName: get('addr_name', ''),
    addrLine1: get('addr_line1', ''),
    addrLine2: get('addr_line2', ''),
    addrCity: get('addr_city', ''),
    addrPostalCode: get('addr_postal_code', ''),
    addrCountry: get('addr_country', fallback.addrCountry),
    shippingRate: get('shipping_rate', ''),
    promotionCode: get('promotion_code', ''),
    appliedCode: get('applied_code', ''),
    method: form.get('method') === 'sepa_debit' ? 'sepa_debit' : 'card',
    email: get('email', fallback.email),
    name: get('name', ''),
    cardnumber: get('cardnumber', ''),
    expiry: get('expiry', ''),
    cvc: get('cvc', ''),
    iban: get('iban', fallback.iban),
    sepaOutcome: form.get('sepa_outcome') === 'fail_later' ? 'fail_later' : 'succeed_later',
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The hosted checkout page (`/c/pay/:sessionId`, the session's `url`). A plain form POST works without
 * JavaScript; the page script posts the same form with `Accept: application/json` and gets JSON back.
 */
export function createHostedApp(core: EmulatorCore): App {
  const router = new Router<Handler>();

  const isLocalImage = (url: string): boolean => {
    try {
      const { hostname, protocol } = new URL(url);
      if (protocol !== 'http:' && protocol !== 'https:') return false;
      return ['localhost', '127.0.0.1', '[::1]'].includes(hostname) || url.startsWith(core.publicUrl);
    } catch {
      return false;
    }
  };

  /** The page for a session and what the customer entered; `error` when a choice had to be dropped. */
  const view = (
    record: SessionRecord,
    state: FormState,
  ): { view: CheckoutView; error?: PageError | undefined } => {
    const email = record.session.customer_email ?? state.email.trim();
    const { order, error } = orderFor(core, record, state, email);
    return {
      view: {
        session: record.session,
        businessName: core.settings.businessName,
        lineItems: record.lineItems,
        // Only images served from this machine: the page must never reach the network.
        images: (item: LineItem) => {
          const productId = item.price.product;
          const product = typeof productId === 'string' ? core.store.products.get(productId) : productId;
          const image = product?.images[0];
          return image && isLocalImage(image) ? image : null;
        },
        delayedPaymentSeconds: core.settings.delayedPaymentSeconds,
        order,
      },
      error,
    };
  };

  router.add('GET', '/favicon.ico', () => ({ status: 204, headers: {}, body: '' }));
  router.add('GET', '/c/assets/checkout.css', () => asset('text/css; charset=utf-8', CHECKOUT_CSS));
  router.add('GET', '/c/assets/checkout.js', () => asset('text/javascript; charset=utf-8', CHECKOUT_JS));

  router.add('GET', '/c/pay/:session', (_req, params) => {
    const record = core.store.sessions.get(params.session ?? '');
    if (!record) return page(404, renderNotFoundPage());
    if (record.session.status !== 'open')
      return page(200, renderInactivePage(record.session, core.settings.businessName));
    const state = defaultFormState(record.session);
    return page(200, renderCheckoutPage(view(record, state).view, state));
  });

  router.add('POST', '/c/pay/:session', (req, params) => {
    const wantsJson = (header(req, 'accept') ?? '').includes('application/json');
    const record = core.store.sessions.get(params.session ?? '');
    if (!record)
      return wantsJson
        ? json(404, { status: 'not_found', message: 'Checkout session not found.' })
        : page(404, renderNotFoundPage());
    const { session } = record;
    if (session.status !== 'open')
      return wantsJson
        ? json(200, { status: 'inactive', reload: true })
        : page(200, renderInactivePage(session, core.settings.businessName));

    const state = readForm(req.body, defaultFormState(session));
    const intent = new URLSearchParams(req.body).get('intent');
    const typed = state.promotionCode.trim();
    if (intent === 'apply_code') {
      state.appliedCode = state.promotionCode.trim();
      state.promotionCode = '';
    } else if (intent === 'remove_code') state.appliedCode = '';
    const shown = view(record, state);
    const fail = (error: PageError, extra: Record<string, unknown> = {}): HttpResponse =>
      wantsJson
        ? json(200, { status: 'error', message: error.message, field: error.field, ...extra })
        : page(200, renderCheckoutPage(view(record, state).view, state, error));

    // Applying or removing a code, or (the script) another shipping option or country: the page again.
    if (intent === 'apply_code' || intent === 'remove_code' || intent === 'quote') {
      // A refused code stays in its field, with the reason under it.
      if (shown.error && intent === 'apply_code') state.promotionCode = typed;
      if (!wantsJson) return page(200, renderCheckoutPage(shown.view, state, shown.error));
      if (shown.error) return json(200, { status: 'error', ...shown.error });
      return json(200, { status: 'quote', ...orderParts(shown.view) });
    }
    if (shown.error) return fail(shown.error);

    const email = session.customer_email ?? state.email.trim();
    if (!EMAIL.test(email))
      return fail({
        message: email ? 'Your email address is invalid.' : 'Your email address is incomplete.',
        field: 'email',
      });

    const selection = selectionOf(session, state, email);
    let input: PayInput;
    if (state.method === 'card') {
      const { month, year } = parseExpiry(state.expiry);
      input = {
        method: 'card',
        number: state.cardnumber,
        expMonth: month,
        expYear: year,
        cvc: state.cvc.trim(),
        email,
        name: state.name,
        selection,
      };
    } else {
      input = {
        method: 'sepa_debit',
        outcome: state.sepaOutcome,
        iban: state.iban,
        email,
        name: state.name,
        selection,
      };
    }

    try {
      const result = core.checkout.pay(session.id, input);
      if (result.outcome === 'requires_action') {
        // The card asks for 3-D Secure: the authentication step, then back here or on to success_url.
        const target = authenticationPath(result.paymentIntent.id);
        return wantsJson ? json(200, { status: 'requires_action', redirect: target }) : redirect(target);
      }
      if (result.outcome === 'declined') {
        return fail(
          { message: result.message, field: 'cardnumber' },
          { status: 'declined', code: result.code, declineCode: result.declineCode },
        );
      }
      const target = successUrlFor(result.session) ?? `/c/pay/${session.id}`;
      return wantsJson ? json(200, { status: result.outcome, redirect: target }) : redirect(target);
    } catch (error) {
      if (error instanceof StripeFailure) {
        const { param, message } = error.errorObject;
        const field = fieldOf(param);
        return fail(field ? { message, field } : { message });
      }
      throw error;
    }
  });

  registerAuthenticationRoutes(router, core, view);

  return (req) => {
    const match = router.match(req.method === 'HEAD' ? 'GET' : req.method, req.path);
    if (!match) return page(404, renderNotFoundPage());
    return match.handler(req, match.params);
  };
}
