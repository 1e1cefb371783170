import { billingDetails, customerDetails, newPaymentIntent } from '../objects/builders.js';
import { CheckoutPricing, type CheckoutSelection, type Priced } from './checkout-pricing.js';
import type { Address, Charge, PaymentIntent, PaymentMethod } from '../objects/types.js';
import type { CheckoutSession } from '../objects/session-types.js';
import { NO_ORIGIN, type EventOrigin } from '../state/event-bus.js';
import type { PaymentIntentRecord, PendingAuthentication, SessionRecord } from '../state/store.js';
import { chargeCard, declineError, pendingCharge } from './charges.js';
import { cardError, invalidRequest, type StripeFailure } from './errors.js';
import { ibanValid } from './iban.js';
import {
  emitEvent,
  requireIntent,
  requireSession,
  sessionEmitContext,
  type PaymentContext,
} from './payment-context.js';
import {
  AUTHENTICATION_FAILURE_CODE,
  AUTHENTICATION_FAILURE_MESSAGE,
  failAuthentication,
  requireAuthentication,
  type AuthenticationOutcome,
} from './authentication.js';
import {
  cardDecline,
  cardPaymentMethod,
  requiresAuthentication,
  sepaPaymentBehaviour,
  sepaPaymentMethod,
} from './payment-methods.js';
import { digitsOnly, validateCard } from './test-cards.js';

export type PayInput =
  | {
      method: 'card';
      number: string;
      expMonth: number;
      expYear: number;
      cvc: string;
      email?: string | undefined;
      name?: string | undefined;
      selection?: CheckoutSelection | undefined;
      /**
       * For a card that asks for 3-D Secure (control API): complete or fail the challenge at once. Without it
       * the payment waits in `requires_action` for the authentication page (or `authenticate`).
       */
      threeDSecure?: AuthenticationOutcome | undefined;
    }
  | {
      method: 'sepa_debit';
      outcome: 'succeed_later' | 'fail_later';
      iban?: string | undefined;
      email?: string | undefined;
      name?: string | undefined;
      /** Emulator seconds until the outcome; default `delayedPaymentSeconds`. */
      settleAfterSeconds?: number | undefined;
      selection?: CheckoutSelection | undefined;
    };

export type PayResult =
  | { outcome: 'succeeded' | 'processing'; session: CheckoutSession }
  | { outcome: 'requires_action'; paymentIntent: PaymentIntent; session: CheckoutSession }
  | { outcome: 'declined'; code: string; declineCode?: string; message: string; session: CheckoutSession };

export const DEFAULT_TEST_IBAN = 'DE89370400440532013000';
/**
 * Emulator seconds before a payment from one of Stripe's non-delayed SEPA test IBANs settles (Stripe: within
 * seconds). The `…Delayed` test IBANs ("after at least three minutes") use `delayedPaymentSeconds`.
 */
export const TEST_IBAN_SETTLEMENT_SECONDS = 3;

interface Settlement {
  afterSeconds: number;
  outcome: 'succeed' | 'fail';
  failure?: { code: string; message: string } | undefined;
}

type Customer = { email: string; name: string | null; address: Address | null; phone?: string | null };

/** What the customer entered, kept while a 3-D Secure challenge is pending (see `PendingAuthentication`). */
type Entered = Omit<PendingAuthentication, 'paymentMethod'>;

/**
 * Paying a Checkout Session: on the hosted page, through the control API, or through the `payment_pages` API.
 * A card is charged at once (the session completes, or the decline leaves it open); a SEPA Direct Debit
 * completes the session `unpaid` and schedules its outcome (see `CheckoutLifecycle.settle`). Each operation
 * changes the objects, then emits its events in Stripe's order.
 */
export class CheckoutPayments {
  /** Shipping, discounts and tax: the amounts a payment charges. */
  readonly pricing: CheckoutPricing;

  constructor(private readonly ctx: PaymentContext) {
    this.pricing = new CheckoutPricing(ctx);
  }

  requireSession(sessionId: string): SessionRecord {
    return requireSession(this.ctx.store, sessionId);
  }

  /** The hosted page and the control API: card details or a SEPA outcome chosen by the caller. */
  pay(sessionId: string, input: PayInput, origin: EventOrigin = NO_ORIGIN): PayResult {
    const record = this.requireSession(sessionId);
    const { session } = record;
    if (session.status !== 'open') throw inactiveSession(session);
    // A session created with customer_email fixes the email, as on Stripe's page.
    const email = session.customer_email ?? (input.email?.trim() || 'customer@example.com');
    const name = input.name?.trim() || null;
    const now = this.ctx.clock.now();
    // What the session collects (address, phone, code) is checked first, as the page's fields come first.
    const priced = this.pricing.price(record, { ...input.selection, email }, 'payment');
    const customer = customerOf(email, name, priced, input.selection?.address);
    if (input.method === 'card') {
      const problem = validateCard(input);
      if (problem)
        throw cardError(
          problem.code,
          problem.message,
          problem.field === 'number' ? 'card[number]' : `card[${problem.field}]`,
        );
      const number = digitsOnly(input.number);
      const pm = cardPaymentMethod(
        { number, expMonth: input.expMonth, expYear: input.expYear },
        billingDetails(email, name),
        now,
      );
      const entered: Entered = { email, name, selection: { ...input.selection } };
      const paid = this.payByCard(record, pm, customer, priced, entered, origin).result;
      if (paid.outcome === 'requires_action' && input.threeDSecure)
        return this.authenticate(paid.paymentIntent.id, input.threeDSecure, origin);
      return paid;
    }
    const iban = (input.iban ?? DEFAULT_TEST_IBAN).replace(/\s/g, '').toUpperCase();
    if (!ibanValid(iban)) throw cardError('invalid_iban', 'Your IBAN is invalid.', 'sepa_debit[iban]');
    const pm = sepaPaymentMethod(iban, billingDetails(email, name), now);
    const settlement: Settlement = {
      afterSeconds: input.settleAfterSeconds ?? this.ctx.settings.delayedPaymentSeconds,
      outcome: input.outcome === 'succeed_later' ? 'succeed' : 'fail',
    };
    return this.payBySepa(record, pm, settlement, customer, priced, origin);
  }

  /**
   * `POST /v1/payment_pages/:session/confirm` (what Stripe's own checkout page calls, and the Stripe CLI's
   * checkout triggers): pays the session with an existing payment method, whose test card or test IBAN decides
   * the outcome. A decline emits its events, leaves the session open and answers 402 like Stripe.
   */
  confirmSession(
    sessionId: string,
    pm: PaymentMethod,
    input: {
      expectedAmount?: number | undefined;
      email?: string | undefined;
      selection?: CheckoutSelection | undefined;
    },
    origin: EventOrigin,
  ): PayResult {
    const record = this.requireSession(sessionId);
    const { session } = record;
    if (session.status !== 'open') throw inactiveSession(session);
    if (!session.payment_method_types.includes(pm.type))
      throw invalidRequest(
        `The PaymentMethod provided (${pm.type}) is not allowed for this Checkout Session. Please use a PaymentMethod of one of the following types: ${session.payment_method_types.join(', ')}.`,
        'payment_method',
      );
    const billing = pm.billing_details;
    const email = session.customer_email ?? billing.email ?? (input.email?.trim() || 'customer@example.com');
    const billingAddress = Object.values(billing.address).some((v) => v !== null)
      ? { ...billing.address }
      : null;
    const priced = this.pricing.price(
      record,
      { address: billingAddress ?? undefined, ...input.selection, email },
      'payment',
    );
    if (input.expectedAmount !== undefined && input.expectedAmount !== priced.quote.amountTotal)
      throw invalidRequest(
        `The expected amount (${input.expectedAmount}) does not match the amount due for this Checkout Session (${priced.quote.amountTotal}). Reload the page to see the current amount.`,
        'expected_amount',
      );
    const customer = customerOf(email, billing.name, priced, billingAddress ?? undefined);
    if (pm.type === 'card') {
      const entered: Entered = {
        email,
        name: billing.name,
        selection: { address: billingAddress ?? undefined, ...input.selection },
      };
      const { result, intent, charge } = this.payByCard(record, pm, customer, priced, entered, origin);
      const decline = cardDecline(pm);
      if (result.outcome === 'declined' && decline && intent && charge)
        throw declineError(decline, intent, charge, pm);
      return result;
    }
    const behaviour = sepaPaymentBehaviour(pm);
    return this.payBySepa(
      record,
      pm,
      {
        afterSeconds: behaviour.delayed
          ? this.ctx.settings.delayedPaymentSeconds
          : TEST_IBAN_SETTLEMENT_SECONDS,
        outcome: behaviour.outcome,
        failure: behaviour.failure,
      },
      customer,
      priced,
      origin,
    );
  }

  private payByCard(
    record: SessionRecord,
    pm: PaymentMethod,
    customer: Customer,
    priced: Priced,
    entered: Entered,
    origin: EventOrigin,
  ): { result: PayResult; intent: PaymentIntent | null; charge: Charge | null } {
    const { session } = record;
    this.pricing.apply(record, priced);
    if (session.amount_total === 0)
      return { result: this.completeFree(record, customer, priced, origin), intent: null, charge: null };
    const intent = this.ensureIntent(record, 'card', origin, priced).intent;
    this.ctx.store.paymentMethods.set(pm.id, pm);
    if (requiresAuthentication(pm)) {
      // Checkout's page runs the challenge itself (Stripe.js): `use_stripe_sdk`, no return URL.
      requireAuthentication(this.ctx, intent, pm, sessionEmitContext(record, origin), null);
      record.pendingAuthentication = { paymentMethod: pm.id, ...entered };
      return { result: { outcome: 'requires_action', paymentIntent: intent, session }, intent, charge: null };
    }
    return this.chargeSessionCard(record, intent, pm, customer, priced, origin, false);
  }

  /**
   * Ends the 3-D Secure challenge of a session's payment: `complete` charges the card (which may still decline),
   * `fail` declines nothing and leaves the session open for another payment method, as Stripe's test page does.
   */
  authenticate(intentId: string, outcome: AuthenticationOutcome, origin: EventOrigin = NO_ORIGIN): PayResult {
    const intentRecord = requireIntent(this.ctx.store, intentId, 'payment_intent');
    const record = intentRecord.sessionId ? this.requireSession(intentRecord.sessionId) : undefined;
    const { intent } = intentRecord;
    const pending = record?.pendingAuthentication;
    if (!record || !pending || intent.status !== 'requires_action') throw notAwaitingAuthentication(intent);
    const { session } = record;
    if (session.status !== 'open') throw inactiveSession(session);
    const pm = this.ctx.store.paymentMethods.get(pending.paymentMethod);
    if (!pm) throw notAwaitingAuthentication(intent);
    const where = sessionEmitContext(record, origin);
    if (outcome === 'fail') {
      record.pendingAuthentication = null;
      failAuthentication(this.ctx, intent, pm, where);
      return {
        outcome: 'declined',
        code: AUTHENTICATION_FAILURE_CODE,
        message: AUTHENTICATION_FAILURE_MESSAGE,
        session,
      };
    }
    // Priced again from what the customer entered (the amounts were fixed when the challenge began).
    const priced = this.pricing.price(record, { ...pending.selection, email: pending.email }, 'payment');
    const customer = customerOf(pending.email, pending.name, priced, pending.selection.address);
    record.pendingAuthentication = null;
    intent.next_action = null;
    return this.chargeSessionCard(record, intent, pm, customer, priced, origin, true).result;
  }

  /** Charges the card; a success completes the session, a decline leaves it open. */
  private chargeSessionCard(
    record: SessionRecord,
    intent: PaymentIntent,
    pm: PaymentMethod,
    customer: Customer,
    priced: Priced,
    origin: EventOrigin,
    authenticated: boolean,
  ): { result: PayResult; intent: PaymentIntent; charge: Charge } {
    const { session } = record;
    const decline = cardDecline(pm);
    const charge = chargeCard(
      this.ctx,
      intent,
      pm,
      decline,
      sessionEmitContext(record, origin),
      authenticated,
    );
    if (decline) {
      const result: PayResult = {
        outcome: 'declined',
        code: decline.code,
        message: decline.message,
        session,
      };
      if (decline.declineCode) result.declineCode = decline.declineCode;
      return { result, intent, charge };
    }
    complete(session, customer, 'paid');
    this.pricing.complete(record, priced);
    emitEvent(this.ctx, sessionEmitContext(record, origin), 'checkout.session.completed', session);
    return { result: { outcome: 'succeeded', session }, intent, charge };
  }

  /**
   * A session whose discount covers everything completes without charging anything (`no_payment_required`, no
   * payment intent), as Stripe's Checkout does.
   */
  private completeFree(
    record: SessionRecord,
    customer: Customer,
    priced: Priced,
    origin: EventOrigin,
  ): PayResult {
    const { session } = record;
    complete(session, customer, 'no_payment_required');
    this.pricing.complete(record, priced);
    emitEvent(this.ctx, sessionEmitContext(record, origin), 'checkout.session.completed', session);
    return { outcome: 'succeeded', session };
  }

  private payBySepa(
    record: SessionRecord,
    pm: PaymentMethod,
    settlement: Settlement,
    customer: Customer,
    priced: Priced,
    origin: EventOrigin,
  ): PayResult {
    const { clock, store, timers } = this.ctx;
    const { session } = record;
    this.pricing.apply(record, priced);
    if (session.amount_total === 0) return this.completeFree(record, customer, priced, origin);
    const where = sessionEmitContext(record, origin);
    const intent = this.ensureIntent(record, 'sepa_debit', origin, priced).intent;
    store.paymentMethods.set(pm.id, pm);
    const charge = pendingCharge(this.ctx, intent, pm);
    emitEvent(this.ctx, where, 'charge.pending', charge);
    intent.status = 'processing';
    intent.payment_method = pm.id;
    intent.last_payment_error = null;
    emitEvent(this.ctx, where, 'payment_intent.processing', intent);
    complete(session, customer, 'unpaid');
    this.pricing.complete(record, priced);
    record.pendingSettlement = {
      at: clock.now() + Math.max(0, Math.round(settlement.afterSeconds)),
      outcome: settlement.outcome,
      ...(settlement.failure ? { failure: settlement.failure } : {}),
    };
    timers.push(record.pendingSettlement.at, { kind: 'settle', sessionId: session.id });
    emitEvent(this.ctx, where, 'checkout.session.completed', session);
    return { outcome: 'processing', session };
  }

  /** The session's payment intent, created at the first confirmation and reused after a decline. */
  private ensureIntent(
    record: SessionRecord,
    methodType: string,
    origin: EventOrigin,
    priced: Priced,
  ): PaymentIntentRecord {
    const { store, clock } = this.ctx;
    const { session } = record;
    const existingId = session.payment_intent;
    const existing = typeof existingId === 'string' ? store.paymentIntents.get(existingId) : undefined;
    const shipping = priced.shipping
      ? {
          address: { ...priced.shipping.address },
          carrier: null,
          name: priced.shipping.name,
          phone: priced.phone,
          tracking_number: null,
        }
      : (record.paymentIntentData.shipping ?? null);
    // A declined attempt, or a 3-D Secure challenge the customer left for another payment method.
    if (
      existing &&
      (existing.intent.status === 'requires_payment_method' || existing.intent.status === 'requires_action')
    ) {
      existing.intent.next_action = null;
      record.pendingAuthentication = null;
      if (!existing.intent.payment_method_types.includes(methodType))
        existing.intent.payment_method_types.push(methodType);
      // The customer may have changed the shipping, the code or the address since the declined attempt.
      existing.intent.amount = session.amount_total;
      existing.intent.shipping = shipping;
      return existing;
    }
    const data = record.paymentIntentData;
    const intent: PaymentIntent = newPaymentIntent({
      created: clock.now(),
      amount: session.amount_total,
      currency: session.currency,
      metadata: { ...data.metadata },
      description: data.description,
      receiptEmail: data.receipt_email,
      paymentMethodTypes: session.payment_method_types.includes(methodType)
        ? [...session.payment_method_types]
        : [...session.payment_method_types, methodType],
      setupFutureUsage: data.setup_future_usage,
      statementDescriptor: data.statement_descriptor,
      statementDescriptorSuffix: data.statement_descriptor_suffix,
      shipping,
    });
    const created: PaymentIntentRecord = { intent, sessionId: session.id };
    store.paymentIntents.set(intent.id, created);
    session.payment_intent = intent.id;
    emitEvent(this.ctx, sessionEmitContext(record, origin), 'payment_intent.created', intent);
    return created;
  }
}

function complete(
  session: CheckoutSession,
  customer: Customer,
  paymentStatus: CheckoutSession['payment_status'],
): void {
  session.status = 'complete';
  session.payment_status = paymentStatus;
  session.customer_details = customerDetails(
    customer.email,
    customer.name,
    customer.address,
    customer.phone ?? null,
  );
  session.url = null;
}

/** The customer's details: the billing address given, else the shipping address (Stripe's "same as shipping"). */
function customerOf(
  email: string,
  name: string | null,
  priced: Priced,
  billing: Address | undefined,
): Customer {
  return {
    email,
    name: name ?? priced.shipping?.name ?? null,
    address: billing ? { ...billing } : priced.shipping ? { ...priced.shipping.address } : null,
    phone: priced.phone,
  };
}

function notAwaitingAuthentication(intent: PaymentIntent): StripeFailure {
  return invalidRequest(
    `This PaymentIntent is not waiting for 3-D Secure authentication: its status is ${intent.status}.`,
    'payment_intent',
    'payment_intent_unexpected_state',
  );
}

/** For the hosted page and control API (not a Stripe API error: the codes are the emulator's). */
export function inactiveSession(session: CheckoutSession): StripeFailure {
  const message =
    session.status === 'expired'
      ? 'This Checkout Session has expired.'
      : 'This Checkout Session is already complete.';
  return invalidRequest(
    message,
    'session',
    session.status === 'expired' ? 'checkout_session_expired' : 'checkout_session_complete',
  );
}
