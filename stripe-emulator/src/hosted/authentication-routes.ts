import {
  AUTHENTICATION_FAILURE_CODE,
  AUTHENTICATION_FAILURE_CUSTOMER_MESSAGE,
  returnUrlOf,
  type AuthenticationOutcome,
} from '../domain/authentication.js';
import { StripeFailure } from '../domain/errors.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { Router } from '../http/router.js';
import type { HttpResponse } from '../http/types.js';
import type { PaymentIntent } from '../objects/types.js';
import type { PaymentIntentRecord, PendingAuthentication, SessionRecord } from '../state/store.js';
import { renderAuthenticationDone, renderAuthenticationPage } from './render-authentication.js';
import {
  defaultFormState,
  merchantName,
  renderCheckoutPage,
  renderInactivePage,
  renderNotFoundPage,
  statusPage,
  successUrlFor,
  type CheckoutView,
  type FormState,
  type PageError,
} from './render.js';
import { page, redirect, type Handler } from './responses.js';

type ViewOf = (
  record: SessionRecord,
  state: FormState,
) => { view: CheckoutView; error?: PageError | undefined };

/**
 * The 3-D Secure step (`/c/authenticate/:intent`, the URL in the intent's `next_action`): GET shows Stripe's
 * test choice, POST `action=complete|fail` ends the challenge. For a Checkout Session the customer then lands on
 * `success_url`, or back on the payment form with the reason (the form keeps what they entered). For an intent
 * created through the API the page sends them to the confirmation's `return_url` with Stripe's query parameters.
 */
export function registerAuthenticationRoutes(
  router: Router<Handler>,
  core: EmulatorCore,
  viewOf: ViewOf,
): void {
  const { businessName } = core.settings;

  const sessionOf = (record: PaymentIntentRecord): SessionRecord | undefined =>
    record.sessionId ? core.store.sessions.get(record.sessionId) : undefined;

  router.add('GET', '/c/authenticate/:intent', (_req, params) => {
    const record = core.store.paymentIntents.get(params.intent ?? '');
    if (!record) return page(404, renderNotFoundPage());
    const sessionRecord = sessionOf(record);
    const { intent } = record;
    if (intent.status !== 'requires_action') return page(200, notWaitingPage(intent, sessionRecord));
    const pmId =
      typeof intent.payment_method === 'string' ? intent.payment_method : intent.payment_method?.id;
    const merchant = sessionRecord
      ? merchantName(sessionRecord.session, businessName)
      : (businessName ?? 'Test store');
    return page(
      200,
      renderAuthenticationPage({
        intent,
        paymentMethod: pmId ? core.store.paymentMethods.get(pmId) : undefined,
        merchant,
        backUrl: sessionRecord ? `/c/pay/${sessionRecord.session.id}` : null,
      }),
    );
  });

  router.add('POST', '/c/authenticate/:intent', (req, params) => {
    const record = core.store.paymentIntents.get(params.intent ?? '');
    if (!record) return page(404, renderNotFoundPage());
    const action = new URLSearchParams(req.body).get('action');
    const outcome: AuthenticationOutcome | null = action === 'complete' || action === 'fail' ? action : null;
    const sessionRecord = sessionOf(record);
    // Already answered (a second click, a reload): back to where the payment stands.
    if (!outcome || record.intent.status !== 'requires_action') {
      if (sessionRecord) return redirect(`/c/pay/${sessionRecord.session.id}`);
      return page(200, notWaitingPage(record.intent, undefined));
    }
    try {
      return sessionRecord
        ? authenticateSession(sessionRecord, record.intent, outcome)
        : authenticateApiIntent(record, outcome);
    } catch (error) {
      if (error instanceof StripeFailure && sessionRecord)
        return redirect(`/c/pay/${sessionRecord.session.id}`);
      throw error;
    }
  });

  function authenticateSession(
    record: SessionRecord,
    intent: PaymentIntent,
    outcome: AuthenticationOutcome,
  ): HttpResponse {
    const { session } = record;
    if (session.status !== 'open') return page(200, renderInactivePage(session, businessName));
    const entered = record.pendingAuthentication;
    const result = core.checkout.authenticate(intent.id, outcome);
    if (result.outcome === 'succeeded' || result.outcome === 'processing')
      return redirect(successUrlFor(result.session) ?? `/c/pay/${session.id}`);
    // Back to the form, filled as the customer left it, with the reason (Stripe's page shows it the same way).
    const state = entered ? formStateOf(record, entered) : defaultFormState(session);
    const message =
      result.outcome === 'declined' && result.code !== AUTHENTICATION_FAILURE_CODE
        ? result.message
        : AUTHENTICATION_FAILURE_CUSTOMER_MESSAGE;
    return page(200, renderCheckoutPage(viewOf(record, state).view, state, { message, field: 'cardnumber' }));
  }

  function authenticateApiIntent(record: PaymentIntentRecord, outcome: AuthenticationOutcome): HttpResponse {
    const returnUrl = returnUrlOf(record.intent);
    const intent = core.intents.authenticate(record, outcome);
    if (!returnUrl) return page(200, renderAuthenticationDone(intent));
    // What Stripe appends when it sends the customer back (https://docs.stripe.com/payments/3d-secure).
    const back = new URL(returnUrl);
    back.searchParams.set('payment_intent', intent.id);
    back.searchParams.set('payment_intent_client_secret', intent.client_secret);
    back.searchParams.set('redirect_status', intent.status === 'succeeded' ? 'succeeded' : 'failed');
    return redirect(back.toString());
  }

  function notWaitingPage(intent: PaymentIntent, sessionRecord: SessionRecord | undefined): string {
    const link =
      sessionRecord?.session.status === 'open'
        ? { href: `/c/pay/${sessionRecord.session.id}`, label: 'Back to the payment form' }
        : null;
    return statusPage(
      'Nothing to authenticate',
      'This payment is not waiting for authentication',
      `Its status is ${intent.status}.`,
      link,
      'info',
    );
  }
}

/** The payment form as the customer filled it before the challenge (card fields empty, as on Stripe's page). */
function formStateOf(record: SessionRecord, entered: PendingAuthentication): FormState {
  const state = defaultFormState(record.session);
  const { selection } = entered;
  const address = selection.shipping?.address ?? selection.address;
  return {
    ...state,
    email: record.session.customer_email ?? entered.email,
    name: entered.name ?? '',
    phone: selection.phone ?? '',
    addrName: selection.shipping?.name ?? '',
    addrLine1: address?.line1 ?? '',
    addrLine2: address?.line2 ?? '',
    addrCity: address?.city ?? '',
    addrPostalCode: address?.postal_code ?? '',
    addrCountry: address?.country ?? state.addrCountry,
    shippingRate: selection.shippingRate ?? '',
    appliedCode: selection.promotionCode ?? '',
  };
}
