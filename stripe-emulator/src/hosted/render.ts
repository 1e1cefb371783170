import { DEFAULT_TEST_IBAN } from '../domain/checkout-payments.js';
import { formatAmount } from '../domain/money.js';
import {
  AFTER_PAYMENT_CARDS,
  AUTHENTICATION_CARDS,
  FEATURED_CARDS,
  type TestCard,
} from '../domain/test-cards.js';
import type { LineItem } from '../objects/types.js';
import type { CheckoutSession } from '../objects/session-types.js';
import { markup, raw, type Raw } from './html.js';
import {
  orderFields,
  orderTotals,
  phoneField,
  promoBlock,
  type OrderFormState,
  type OrderView,
} from './render-order.js';

export interface FormState extends OrderFormState {
  method: 'card' | 'sepa_debit';
  email: string;
  name: string;
  cardnumber: string;
  expiry: string;
  cvc: string;
  iban: string;
  sepaOutcome: 'succeed_later' | 'fail_later';
}

export interface PageError {
  message: string;
  /** Id of the input to mark invalid. */
  field?: string;
}

export interface CheckoutView {
  session: CheckoutSession;
  /** The business name setting (`businessName`); null: the store's host. */
  businessName: string | null;
  lineItems: LineItem[];
  images: (item: LineItem) => string | null;
  delayedPaymentSeconds: number;
  /** The amounts for what the customer chose, and what the page asks for. */
  order: OrderView;
}

export function defaultFormState(session: CheckoutSession): FormState {
  return {
    phone: '',
    addrName: '',
    addrLine1: '',
    addrLine2: '',
    addrCity: '',
    addrPostalCode: '',
    addrCountry: session.shipping_address_collection?.allowed_countries[0] ?? '',
    shippingRate: '',
    promotionCode: '',
    appliedCode: '',
    method: 'card',
    email: session.customer_email ?? '',
    name: '',
    cardnumber: '',
    expiry: '',
    cvc: '',
    iban: DEFAULT_TEST_IBAN.replace(/(.{4})/g, '$1 ').trim(),
    sepaOutcome: 'succeed_later',
  };
}

/**
 * The business name Stripe shows (the account's public business name): the `businessName` setting, else the
 * store's host, from the session's URLs.
 */
export function merchantName(session: CheckoutSession, businessName: string | null): string {
  if (businessName) return businessName;
  for (const url of [session.cancel_url, session.success_url]) {
    if (!url) continue;
    try {
      return new URL(url).host;
    } catch {
      // not a URL: try the next one
    }
  }
  return 'Test store';
}

export function layout(title: string, body: Raw, bodyClass = ''): string {
  return markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<link rel="stylesheet" href="/c/assets/checkout.css">
<script src="/c/assets/checkout.js" defer></script>
</head>
<body class="${bodyClass}">
${body}
</body>
</html>
`.html;
}

const ARROW = raw(
  '<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><path d="M10.5 3 5.5 8l5 5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>',
);

function lineItemRow(view: CheckoutView, item: LineItem): Raw {
  const image = view.images(item);
  const initial = (item.description.trim()[0] ?? '?').toUpperCase();
  return markup`<li class="item">
  <span class="thumb" aria-hidden="true">${image ? markup`<img src="${image}" alt="" loading="lazy">` : initial}</span>
  <span class="item-main">
    <span class="item-name">${item.description}</span>
    <span class="item-meta">Qty ${item.quantity}${item.quantity > 1 ? markup` · ${formatAmount(item.price.unit_amount, item.currency)} each` : ''}</span>
  </span>
  <span class="item-amount">${formatAmount(item.amount_subtotal, item.currency)}</span>
</li>`;
}

function summary(view: CheckoutView, error?: PageError): Raw {
  const { session } = view;
  const merchant = merchantName(session, view.businessName);
  const total = formatAmount(view.order.quote.amountTotal, session.currency);
  const back = session.cancel_url
    ? markup`<a class="back" href="${session.cancel_url}" id="back-link">${ARROW}<span>Back to ${merchant}</span></a>`
    : markup`<span class="merchant">${merchant}</span>`;
  return markup`<section class="summary" aria-labelledby="summary-title">
  <div class="summary-inner">
    <div class="summary-top">${back}<span class="badge">Test mode</span></div>
    <h1 id="summary-title" class="pay-title"><span class="pay-label">Pay ${merchant}</span><span class="total" data-testid="total">${total}</span></h1>
    <h2 class="visually-hidden">Order summary</h2>
    <ul class="items">${view.lineItems.map((item) => lineItemRow(view, item))}</ul>
    ${promoBlock(session, view.order, error)}
    ${orderTotals(session, view.order)}
  </div>
</section>`;
}

function testCardRow(card: TestCard): Raw {
  return markup`<li><button type="button" class="test-card" data-card="${card.number}"><span class="mono">${card.number.replace(/(\d{4})(?=\d)/g, '$1 ')}</span></button><span class="test-card-label">${card.label}</span></li>`;
}

function invalid(error: PageError | undefined, field: string): Raw {
  return error?.field === field ? raw(' aria-invalid="true" aria-describedby="payment-error"') : raw('');
}

function checked(on: boolean): Raw {
  return raw(on ? ' checked' : '');
}

/** What the page script replaces when the order changes: the totals, the code field, the amounts shown. */
export function orderParts(view: CheckoutView): Record<string, string> {
  const { session, order } = view;
  const total = formatAmount(order.quote.amountTotal, session.currency);
  return {
    totalsHtml: orderTotals(session, order).html,
    promoHtml: promoBlock(session, order).html,
    appliedCode: order.appliedCode,
    total,
    payLabel: `Pay ${total}`,
  };
}

export function renderCheckoutPage(view: CheckoutView, state: FormState, error?: PageError): string {
  const { session } = view;
  const total = formatAmount(view.order.quote.amountTotal, session.currency);
  const minutes = Math.round(view.delayedPaymentSeconds / 60);
  const delay =
    minutes >= 1 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${view.delayedPaymentSeconds} seconds`;
  const emailField = session.customer_email
    ? markup`<div class="field">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" value="${session.customer_email}" readonly autocomplete="email">
      </div>`
    : markup`<div class="field">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" value="${state.email}" required autocomplete="email" placeholder="you@example.com"${invalid(error, 'email')}>
      </div>`;
  // The promotion code's buttons (in the summary, before the form) would otherwise be the form's default
  // button: Enter in any field must pay, as on Stripe's page.
  const defaultButton = session.allow_promotion_codes
    ? markup`<button type="submit" form="payment-form" class="visually-hidden" tabindex="-1" aria-hidden="true">Pay</button>`
    : '';
  const body = markup`${defaultButton}<a class="skip-link" href="#payment-form">Skip to payment form</a>
<div class="layout">
${summary(view, error)}
<main class="payment" id="main">
  <form id="payment-form" class="payment-inner" method="post" action="/c/pay/${session.id}" novalidate>
    <h2 class="section-title">Contact information</h2>
    ${emailField}
    ${phoneField(session, state, error)}
    ${orderFields(session, view.order, state, error)}
    <fieldset class="methods">
      <legend class="section-title">Payment method</legend>
      <label class="method"><input type="radio" name="method" value="card"${checked(state.method === 'card')}><span>Card</span></label>
      <label class="method"><input type="radio" name="method" value="sepa_debit"${checked(state.method === 'sepa_debit')}><span>SEPA Direct Debit (delayed)</span></label>
    </fieldset>

    <div class="panel" data-method-panel="card" id="card-panel">
      <fieldset class="card-group">
        <legend>Card information</legend>
        <div class="field">
          <label for="cardnumber">Card number</label>
          <input id="cardnumber" name="cardnumber" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" value="${state.cardnumber}"${invalid(error, 'cardnumber')}>
        </div>
        <div class="row">
          <div class="field">
            <label for="expiry">Expiration (MM / YY)</label>
            <input id="expiry" name="expiry" inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY" value="${state.expiry}"${invalid(error, 'expiry')}>
          </div>
          <div class="field">
            <label for="cvc">CVC</label>
            <input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC" value="${state.cvc}"${invalid(error, 'cvc')}>
          </div>
        </div>
      </fieldset>
      <div class="field">
        <label for="cardname">Cardholder name</label>
        <input id="cardname" name="name" autocomplete="cc-name" placeholder="Full name on card" value="${state.name}">
      </div>
      <details class="test-cards">
        <summary>Test cards</summary>
        <p>Use any future expiration date and any 3-digit CVC (4 digits for American Express).</p>
        <ul>${FEATURED_CARDS.map(testCardRow)}</ul>
        <p>3-D Secure (an authentication step, then the payment):</p>
        <ul>${AUTHENTICATION_CARDS.map(testCardRow)}</ul>
        <p>After the payment (refunds, disputes, fraud warnings):</p>
        <ul>${AFTER_PAYMENT_CARDS.map(testCardRow)}</ul>
      </details>
    </div>

    <div class="panel" data-method-panel="sepa_debit" id="sepa-panel">
      <div class="field">
        <label for="iban">IBAN</label>
        <input id="iban" name="iban" autocomplete="off" spellcheck="false" value="${state.iban}"${invalid(error, 'iban')}>
      </div>
      <fieldset class="outcomes">
        <legend>Test outcome</legend>
        <label class="method"><input type="radio" name="sepa_outcome" value="succeed_later"${checked(state.sepaOutcome === 'succeed_later')}><span>Succeeds later</span></label>
        <label class="method"><input type="radio" name="sepa_outcome" value="fail_later"${checked(state.sepaOutcome === 'fail_later')}><span>Fails later</span></label>
      </fieldset>
      <p class="hint">The payment stays <em>processing</em> for ${delay} of emulator time, then succeeds or fails. Advance the emulator clock (<code>POST /_emulator/clock/advance</code>) to get there sooner.</p>
      <p class="hint">By providing your IBAN and confirming this payment, you authorise ${merchantName(session, view.businessName)} to send instructions to your bank to debit your account (test mode: no account is debited).</p>
    </div>

    <div id="payment-error" class="payment-error" role="alert" aria-live="assertive"${error && error.field !== 'promotion_code' ? raw('') : raw(' hidden')}>${error?.field === 'promotion_code' ? '' : error?.message}</div>

    <button type="submit" class="pay-button" id="submit"><span class="spinner" aria-hidden="true"></span><span class="label">Pay ${total}</span></button>
    ${session.cancel_url ? markup`<p class="cancel"><a href="${session.cancel_url}" id="cancel-link">Cancel and return to ${merchantName(session, view.businessName)}</a></p>` : ''}
    <p class="footnote">Test mode: this is the Stripe emulator, no real payment is made.</p>
  </form>
</main>
</div>`;
  return layout(`Pay ${merchantName(session, view.businessName)} · ${total}`, body);
}

export function statusPage(
  title: string,
  heading: string,
  text: string,
  link: { href: string; label: string } | null,
  tone: 'ok' | 'info' | 'warn',
): string {
  const icon =
    tone === 'ok'
      ? raw(
          '<svg class="status-icon ok" viewBox="0 0 24 24" width="48" height="48" aria-hidden="true" focusable="false"><circle cx="12" cy="12" r="11" fill="currentColor"/><path d="m7 12.5 3.2 3.2L17 9" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></svg>',
        )
      : raw(
          `<svg class="status-icon ${tone}" viewBox="0 0 24 24" width="48" height="48" aria-hidden="true" focusable="false"><circle cx="12" cy="12" r="11" fill="currentColor"/><path d="M12 6.5v7M12 17.2v.3" fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round"/></svg>`,
        );
  const body = markup`<main class="status-page" id="main">
  <div class="status-card">
    ${icon}
    <h1>${heading}</h1>
    <p>${text}</p>
    ${link ? markup`<a class="button" href="${link.href}" id="status-link">${link.label}</a>` : ''}
    <p class="footnote">Test mode: Stripe emulator.</p>
  </div>
</main>`;
  return layout(title, body, 'status');
}

export function successUrlFor(session: CheckoutSession): string | null {
  if (!session.success_url) return null;
  return session.success_url
    .replaceAll('{CHECKOUT_SESSION_ID}', session.id)
    .replaceAll('%7BCHECKOUT_SESSION_ID%7D', session.id);
}

export function renderInactivePage(session: CheckoutSession, businessName: string | null): string {
  const merchant = merchantName(session, businessName);
  if (session.status === 'expired') {
    return statusPage(
      'Checkout session expired',
      'This checkout session has expired',
      `The time to complete this payment ran out. Return to ${merchant} to start again.`,
      session.cancel_url ? { href: session.cancel_url, label: `Return to ${merchant}` } : null,
      'warn',
    );
  }
  const success = successUrlFor(session);
  const link = success ? { href: success, label: `Continue to ${merchant}` } : null;
  if (session.payment_status === 'paid')
    return statusPage(
      'Payment complete',
      'Thanks for your payment',
      'This checkout session is complete.',
      link,
      'ok',
    );
  return statusPage(
    'Payment processing',
    'Your payment is processing',
    'The payment was submitted; its outcome will be known later.',
    link,
    'info',
  );
}

export function renderNotFoundPage(): string {
  return statusPage(
    'Checkout session not found',
    'Checkout session not found',
    'This link does not match any checkout session of this emulator.',
    null,
    'warn',
  );
}
