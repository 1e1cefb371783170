import { createHash } from 'node:crypto';
import type { EmulatorCore, TimerPayload } from '../core/emulator-core.js';
import { NO_ORIGIN, type EventOrigin } from '../core/event-bus.js';
import { ids } from '../core/ids.js';
import { invalidRequest, resourceMissing, StripeApiError } from '../http/errors.js';
import {
  billingDetails,
  chargeOutcome,
  customerDetails,
  newCardPaymentMethod,
  newCharge,
  newPaymentIntent,
  newRefund,
  newSepaPaymentMethod,
} from '../objects/builders.js';
import type {
  ApiErrorBody,
  Charge,
  CheckoutSession,
  EventPayloadObject,
  Metadata,
  PaymentIntent,
  PaymentMethod,
  Refund,
} from '../objects/types.js';
import type { PaymentIntentRecord, SessionRecord } from '../state/store.js';
import { formatAmount } from './money.js';
import { cardOutcome, digitsOnly, validateCard } from './test-cards.js';

export type PayInput =
  | {
      method: 'card';
      number: string;
      expMonth: number;
      expYear: number;
      cvc: string;
      email?: string | undefined;
      name?: string | undefined;
    }
  | {
      method: 'sepa_debit';
      outcome: 'succeed_later' | 'fail_later';
      iban?: string | undefined;
      email?: string | undefined;
      name?: string | undefined;
      /** Emulator seconds until the outcome; default `delayedPaymentSeconds`. */
      settleAfterSeconds?: number | undefined;
    };

export type PayResult =
  | { outcome: 'succeeded' | 'processing'; session: CheckoutSession }
  | { outcome: 'declined'; code: string; declineCode?: string; message: string; session: CheckoutSession };

export const DEFAULT_TEST_IBAN = 'DE89370400440532013000';
const SEPA_FAILURE = {
  code: 'insufficient_funds',
  message: "The customer's account has insufficient funds to cover this payment.",
};

function fingerprintOf(text: string): string {
  return createHash('sha256')
    .update(text)
    .digest('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 16);
}

/** ISO 13616 mod-97 check. */
export function ibanValid(input: string): boolean {
  const iban = input.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

export function cardError(code: string, message: string, param: string): StripeApiError {
  return new StripeApiError(400, { type: 'card_error', code, message, param });
}

/**
 * The payment lifecycle of Checkout Sessions: confirming a payment (hosted page or control API), delayed
 * outcomes, expiry and refunds. Each operation changes the objects, then emits its events in Stripe's order.
 */
export class Payments {
  constructor(private readonly core: EmulatorCore) {}

  requireSession(sessionId: string): SessionRecord {
    const record = this.core.store.sessions.get(sessionId);
    if (!record) throw resourceMissing('checkout.session', sessionId, 'session');
    return record;
  }

  pay(sessionId: string, input: PayInput, origin: EventOrigin = NO_ORIGIN): PayResult {
    const record = this.requireSession(sessionId);
    const { session } = record;
    if (session.status !== 'open') throw inactiveSession(session);
    // A session created with customer_email fixes the email, as on Stripe's page.
    const email = session.customer_email ?? (input.email?.trim() || 'customer@example.com');
    const name = input.name?.trim() || null;
    if (input.method === 'card') {
      const problem = validateCard(input);
      if (problem)
        throw cardError(
          problem.code,
          problem.message,
          problem.field === 'number' ? 'card[number]' : `card[${problem.field}]`,
        );
      return this.payByCard(record, input, email, name, origin);
    }
    const iban = (input.iban ?? DEFAULT_TEST_IBAN).replace(/\s/g, '').toUpperCase();
    if (!ibanValid(iban)) throw cardError('invalid_iban', 'Your IBAN is invalid.', 'sepa_debit[iban]');
    return this.payBySepa(record, { ...input, iban }, email, name, origin);
  }

  private payByCard(
    record: SessionRecord,
    input: Extract<PayInput, { method: 'card' }>,
    email: string,
    name: string | null,
    origin: EventOrigin,
  ): PayResult {
    const { clock, store } = this.core;
    const { session } = record;
    const digits = digitsOnly(input.number);
    const { card, decline } = cardOutcome(digits);
    const intentRecord = this.ensureIntent(record, 'card', origin);
    const intent = intentRecord.intent;
    const pm = newCardPaymentMethod(
      {
        brand: card.brand,
        checks: {
          address_line1_check: null,
          address_postal_code_check: null,
          cvc_check: decline?.code === 'incorrect_cvc' ? 'fail' : 'pass',
        },
        country: card.country,
        exp_month: input.expMonth,
        exp_year: input.expYear < 100 ? 2000 + input.expYear : input.expYear,
        fingerprint: fingerprintOf(digits),
        funding: card.funding,
        last4: digits.slice(-4),
      },
      billingDetails(email, name),
      clock.now(),
    );
    store.paymentMethods.set(pm.id, pm);
    const failure = decline
      ? {
          code: decline.code,
          message: decline.message,
          ...(decline.declineCode ? { declineCode: decline.declineCode } : {}),
        }
      : null;
    const charge = newCharge({
      intent,
      paymentMethod: pm,
      created: clock.now(),
      status: decline ? 'failed' : 'succeeded',
      failure,
      receiptEmail: intent.receipt_email,
    });
    store.charges.set(charge.id, charge);
    intent.latest_charge = charge.id;

    if (decline) {
      this.emit(record, 'charge.failed', charge, origin);
      intent.status = 'requires_payment_method';
      intent.payment_method = null;
      intent.last_payment_error = paymentError(decline, charge, pm);
      this.emit(record, 'payment_intent.payment_failed', intent, origin);
      const result: PayResult = {
        outcome: 'declined',
        code: decline.code,
        message: decline.message,
        session,
      };
      if (decline.declineCode) result.declineCode = decline.declineCode;
      return result;
    }

    this.emit(record, 'charge.succeeded', charge, origin);
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    intent.payment_method = pm.id;
    intent.last_payment_error = null;
    this.emit(record, 'payment_intent.succeeded', intent, origin);
    this.complete(session, email, name, 'paid');
    this.emit(record, 'checkout.session.completed', session, origin);
    return { outcome: 'succeeded', session };
  }

  private payBySepa(
    record: SessionRecord,
    input: Extract<PayInput, { method: 'sepa_debit' }> & { iban: string },
    email: string,
    name: string | null,
    origin: EventOrigin,
  ): PayResult {
    const { clock, store } = this.core;
    const { session } = record;
    const intent = this.ensureIntent(record, 'sepa_debit', origin).intent;
    const pm = newSepaPaymentMethod(
      {
        bank_code: input.iban.slice(4, 12),
        branch_code: '',
        country: input.iban.slice(0, 2),
        fingerprint: fingerprintOf(input.iban),
        last4: input.iban.slice(-4),
      },
      billingDetails(email, name),
      clock.now(),
    );
    store.paymentMethods.set(pm.id, pm);
    const charge = newCharge({
      intent,
      paymentMethod: pm,
      created: clock.now(),
      status: 'pending',
      failure: null,
      receiptEmail: intent.receipt_email,
    });
    store.charges.set(charge.id, charge);
    intent.latest_charge = charge.id;
    this.emit(record, 'charge.pending', charge, origin);
    intent.status = 'processing';
    intent.payment_method = pm.id;
    intent.last_payment_error = null;
    this.emit(record, 'payment_intent.processing', intent, origin);
    this.complete(session, email, name, 'unpaid');
    const delay = input.settleAfterSeconds ?? this.core.settings.delayedPaymentSeconds;
    record.pendingSettlement = {
      at: clock.now() + Math.max(0, Math.round(delay)),
      outcome: input.outcome === 'succeed_later' ? 'succeed' : 'fail',
    };
    this.core.timers.push(record.pendingSettlement.at, { kind: 'settle', sessionId: session.id });
    this.emit(record, 'checkout.session.completed', session, origin);
    return { outcome: 'processing', session };
  }

  /** The delayed payment's outcome: succeeded, or failed (the session stays `complete`, `unpaid`). */
  settle(sessionId: string): void {
    const record = this.core.store.sessions.get(sessionId);
    const pending = record?.pendingSettlement;
    if (!record || !pending) return;
    record.pendingSettlement = null;
    const intentId = record.session.payment_intent;
    const intent =
      typeof intentId === 'string' ? this.core.store.paymentIntents.get(intentId)?.intent : undefined;
    const chargeId = intent?.latest_charge;
    const charge = typeof chargeId === 'string' ? this.core.store.charges.get(chargeId) : undefined;
    if (!intent || !charge || intent.status !== 'processing') return;
    if (pending.outcome === 'succeed') {
      charge.status = 'succeeded';
      charge.paid = true;
      charge.balance_transaction = ids.balanceTransaction();
      charge.outcome = chargeOutcome('succeeded', null);
      this.emit(record, 'charge.succeeded', charge, NO_ORIGIN);
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
      this.emit(record, 'payment_intent.succeeded', intent, NO_ORIGIN);
      record.session.payment_status = 'paid';
      this.emit(record, 'checkout.session.async_payment_succeeded', record.session, NO_ORIGIN);
      return;
    }
    charge.status = 'failed';
    charge.paid = false;
    charge.captured = false;
    charge.amount_captured = 0;
    charge.failure_code = SEPA_FAILURE.code;
    charge.failure_message = SEPA_FAILURE.message;
    charge.outcome = chargeOutcome('failed', SEPA_FAILURE);
    this.emit(record, 'charge.failed', charge, NO_ORIGIN);
    const pmId = typeof intent.payment_method === 'string' ? intent.payment_method : null;
    const pm = pmId ? this.core.store.paymentMethods.get(pmId) : undefined;
    intent.status = 'requires_payment_method';
    intent.payment_method = null;
    intent.last_payment_error = {
      type: 'card_error',
      code: SEPA_FAILURE.code,
      message: SEPA_FAILURE.message,
      charge: charge.id,
      payment_method_type: 'sepa_debit',
      ...(pm ? { payment_method: structuredClone(pm) } : {}),
    };
    this.emit(record, 'payment_intent.payment_failed', intent, NO_ORIGIN);
    this.emit(record, 'checkout.session.async_payment_failed', record.session, NO_ORIGIN);
  }

  /** Expires an open session (API call or `expires_at` reached); cancels its payment intent if it has one. */
  expire(sessionId: string, origin: EventOrigin = NO_ORIGIN): CheckoutSession {
    const record = this.requireSession(sessionId);
    const { session } = record;
    if (session.status !== 'open')
      throw invalidRequest(
        `Only Checkout Sessions with a status of \`open\` can be expired. This Checkout Session has a status of \`${session.status}\`.`,
        'session',
      );
    session.status = 'expired';
    session.url = null;
    this.emit(record, 'checkout.session.expired', session, origin);
    const intentId = session.payment_intent;
    const intent =
      typeof intentId === 'string' ? this.core.store.paymentIntents.get(intentId)?.intent : undefined;
    if (intent && intent.status === 'requires_payment_method') {
      intent.status = 'canceled';
      intent.canceled_at = this.core.clock.now();
      intent.cancellation_reason = 'automatic';
      this.emit(record, 'payment_intent.canceled', intent, origin);
    }
    return session;
  }

  refund(
    params: {
      paymentIntent?: string;
      charge?: string;
      amount?: number;
      reason?: Refund['reason'];
      metadata?: Metadata;
    },
    origin: EventOrigin,
  ): Refund {
    const { store, clock } = this.core;
    if (params.paymentIntent && params.charge)
      throw invalidRequest('You can only pass one of `charge` or `payment_intent`.', 'charge');
    let charge: Charge | undefined;
    let intentRecord: PaymentIntentRecord | undefined;
    if (params.paymentIntent) {
      intentRecord = store.paymentIntents.get(params.paymentIntent);
      if (!intentRecord) throw resourceMissing('payment_intent', params.paymentIntent, 'payment_intent');
      const chargeId = intentRecord.intent.latest_charge;
      charge = typeof chargeId === 'string' ? store.charges.get(chargeId) : undefined;
      if (!charge || intentRecord.intent.status !== 'succeeded')
        throw invalidRequest(
          `This PaymentIntent (${params.paymentIntent}) does not have a successful charge to refund.`,
          'payment_intent',
          'charge_not_refundable',
        );
    } else if (params.charge) {
      charge = store.charges.get(params.charge);
      if (!charge) throw resourceMissing('charge', params.charge, 'charge');
      const intentId = charge.payment_intent;
      intentRecord = typeof intentId === 'string' ? store.paymentIntents.get(intentId) : undefined;
      if (charge.status !== 'succeeded')
        throw invalidRequest(
          `Charge ${charge.id} has a status of \`${charge.status}\` and cannot be refunded.`,
          'charge',
          'charge_not_refundable',
        );
    } else {
      throw invalidRequest('One of `charge` or `payment_intent` is required.', 'charge', 'parameter_missing');
    }
    const remaining = charge.amount - charge.amount_refunded;
    if (remaining <= 0)
      throw invalidRequest(
        `Charge ${charge.id} has already been refunded.`,
        undefined,
        'charge_already_refunded',
      );
    const amount = params.amount ?? remaining;
    if (amount > remaining)
      throw invalidRequest(
        `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
        'amount',
        'amount_too_large',
      );
    const refund = newRefund({
      charge,
      amount,
      created: clock.now(),
      metadata: params.metadata ?? {},
      reason: params.reason ?? null,
    });
    store.refunds.set(refund.id, refund);
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    charge.refunds.data.unshift(refund);
    const sessionId = intentRecord?.sessionId ?? null;
    const sessionRecord = sessionId ? store.sessions.get(sessionId) : undefined;
    const apiVersion = sessionRecord?.apiVersion;
    this.emitRaw('refund.created', refund, sessionId, origin, apiVersion);
    this.emitRaw('charge.refunded', charge, sessionId, origin, apiVersion);
    return refund;
  }

  onTimer(payload: TimerPayload): void {
    const record = this.core.store.sessions.get(payload.sessionId);
    if (!record) return;
    if (payload.kind === 'settle') {
      if (record.pendingSettlement && record.pendingSettlement.at <= this.core.clock.now())
        this.settle(payload.sessionId);
      return;
    }
    if (record.session.status === 'open' && record.expiresAtEmu <= this.core.clock.now())
      this.expire(payload.sessionId);
  }

  /** The session's payment intent, created at the first confirmation and reused after a decline. */
  private ensureIntent(record: SessionRecord, methodType: string, origin: EventOrigin): PaymentIntentRecord {
    const { store, clock } = this.core;
    const { session } = record;
    const existingId = session.payment_intent;
    const existing = typeof existingId === 'string' ? store.paymentIntents.get(existingId) : undefined;
    if (existing && existing.intent.status === 'requires_payment_method') {
      if (!existing.intent.payment_method_types.includes(methodType))
        existing.intent.payment_method_types.push(methodType);
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
    });
    const created: PaymentIntentRecord = { intent, sessionId: session.id };
    store.paymentIntents.set(intent.id, created);
    session.payment_intent = intent.id;
    this.emit(record, 'payment_intent.created', intent, origin);
    return created;
  }

  private complete(
    session: CheckoutSession,
    email: string,
    name: string | null,
    paymentStatus: 'paid' | 'unpaid',
  ): void {
    session.status = 'complete';
    session.payment_status = paymentStatus;
    session.customer_details = customerDetails(email, name);
    session.url = null;
  }

  private emit(record: SessionRecord, type: string, object: EventPayloadObject, origin: EventOrigin): void {
    this.emitRaw(type, object, record.session.id, origin, record.apiVersion);
  }

  private emitRaw(
    type: string,
    object: EventPayloadObject,
    sessionId: string | null,
    origin: EventOrigin,
    apiVersion: string | undefined,
  ): void {
    this.core.bus.emit(type, object, {
      sessionId,
      origin,
      apiVersion: apiVersion ?? this.core.defaultApiVersion,
    });
  }
}

function paymentError(
  decline: { code: string; declineCode?: string; message: string },
  charge: Charge,
  pm: PaymentMethod,
): ApiErrorBody {
  const error: ApiErrorBody = {
    type: 'card_error',
    code: decline.code,
    message: decline.message,
    charge: charge.id,
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replaceAll('_', '-')}`,
    payment_method: structuredClone(pm),
  };
  if (decline.declineCode) error.decline_code = decline.declineCode;
  return error;
}

/** For the hosted page and control API (not a Stripe API error: the codes are the emulator's). */
export function inactiveSession(session: CheckoutSession): StripeApiError {
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
