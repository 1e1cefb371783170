import { formatAmount } from '../domain/money.js';
import type { PaymentIntent, PaymentMethod } from '../objects/types.js';
import { markup, raw } from './html.js';
import { layout } from './render.js';

/**
 * The 3-D Secure step (`/c/authenticate/:intent`): what Stripe's test authentication page offers, "Complete" or
 * "Fail". A plain form with two submit buttons, so it works without JavaScript and from the keyboard.
 */
export interface AuthenticationView {
  intent: PaymentIntent;
  paymentMethod: PaymentMethod | undefined;
  merchant: string;
  /** Where "Cancel" leads (the checkout page), if anywhere. */
  backUrl: string | null;
}

const SHIELD = raw(
  '<svg class="status-icon info" viewBox="0 0 24 24" width="48" height="48" aria-hidden="true" focusable="false"><path d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3Z" fill="currentColor"/><path d="m8.5 12.2 2.4 2.4 4.6-4.8" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></svg>',
);

export function renderAuthenticationPage(view: AuthenticationView): string {
  const { intent, paymentMethod, merchant } = view;
  const amount = formatAmount(intent.amount, intent.currency);
  const card = paymentMethod?.card;
  const cardText = card
    ? `${card.brand.charAt(0).toUpperCase()}${card.brand.slice(1)} ending in ${card.last4}`
    : 'your card';
  const body = markup`<main class="status-page" id="main">
  <div class="status-card auth-card">
    ${SHIELD}
    <p class="auth-kicker">3-D Secure test page</p>
    <h1>Authenticate your payment</h1>
    <p>${merchant} asks your bank to confirm the payment of <strong data-testid="auth-amount">${amount}</strong> with ${cardText}.</p>
    <p class="hint">Test mode: no bank is involved. Complete the authentication to go on with the payment, or fail it as a customer who cannot confirm would.</p>
    <form method="post" action="/c/authenticate/${intent.id}" class="auth-actions">
      <button type="submit" name="action" value="complete" class="pay-button" id="auth-complete">Complete authentication</button>
      <button type="submit" name="action" value="fail" class="secondary-button auth-fail" id="auth-fail">Fail authentication</button>
    </form>
    ${view.backUrl ? markup`<p class="cancel"><a href="${view.backUrl}" id="auth-back">Back to the payment form</a></p>` : ''}
    <p class="footnote">Test mode: Stripe emulator.</p>
  </div>
</main>`;
  return layout(`Authenticate · ${merchant} · ${amount}`, body, 'status');
}

/** After the challenge of a payment created through the API, without a `return_url` to go back to. */
export function renderAuthenticationDone(intent: PaymentIntent): string {
  const succeeded = intent.status === 'succeeded';
  const heading = succeeded
    ? 'Authentication complete'
    : intent.last_payment_error?.code === 'payment_intent_authentication_failure'
      ? 'Authentication failed'
      : 'Payment declined';
  const body = markup`<main class="status-page" id="main">
  <div class="status-card">
    ${SHIELD}
    <h1>${heading}</h1>
    <p>The payment intent is now <code>${intent.status}</code>. You can close this window.</p>
    <p class="footnote">Test mode: Stripe emulator.</p>
  </div>
</main>`;
  return layout(heading, body, 'status');
}
