import type { EmulatorCore, TimerPayload } from '../core/emulator-core.js';
import { NO_ORIGIN, type EventOrigin } from '../core/event-bus.js';
import { ids } from '../core/ids.js';
import { invalidRequest, resourceMissing, StripeApiError } from '../http/errors.js';
import {
  billingDetails,
  chargeOutcome,
  customerDetails,
  newCharge,
  newPaymentIntent,
  newRefund,
} from '../objects/builders.js';
import type {
  Address,
  ApiErrorBody,
  Charge,
  CheckoutSession,
  EventPayloadObject,
  Metadata,
  PaymentIntent,
  PaymentMethod,
  Refund,
  Shipping,
} from '../objects/types.js';
import type { PaymentIntentRecord, SessionRecord } from '../state/store.js';
import { formatAmount } from './money.js';
import {
  cardDecline,
  cardPaymentMethod,
  sepaPaymentBehaviour,
  sepaPaymentMethod,
} from './payment-methods.js';
import { digitsOnly, validateCard, type Decline } from './test-cards.js';

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
/**
 * Emulator seconds before a payment from one of Stripe's non-delayed SEPA test IBANs settles (Stripe: within
 * seconds). The `…Delayed` test IBANs ("after at least three minutes") use `delayedPaymentSeconds`.
 */
export const TEST_IBAN_SETTLEMENT_SECONDS = 3;

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

/** Where an operation's events go: the session they are about, the request that caused them, the API version. */
interface EmitContext {
  sessionId: string | null;
  origin: EventOrigin;
  apiVersion: string;
}

interface Settlement {
  afterSeconds: number;
  outcome: 'succeed' | 'fail';
  failure?: { code: string; message: string } | undefined;
}

/** `POST /v1/payment_intents` parameters, validated. */
export interface CreateIntentInput {
  amount: number;
  currency: string;
  paymentMethodTypes: string[];
  automaticPaymentMethods: PaymentIntent['automatic_payment_methods'];
  description: string | null;
  metadata: Metadata;
  receiptEmail: string | null;
  setupFutureUsage: PaymentIntent['setup_future_usage'];
  shipping: Shipping | null;
  statementDescriptor: string | null;
  statementDescriptorSuffix: string | null;
}

/**
 * The payment lifecycle: Checkout Sessions paid on the hosted page, the control API or the `payment_pages` API,
 * payment intents created and confirmed through the API, delayed outcomes, expiry and refunds. Each operation
 * changes the objects, then emits its events in Stripe's order.
 */
export class Payments {
  constructor(private readonly core: EmulatorCore) {}

  requireSession(sessionId: string): SessionRecord {
    const record = this.core.store.sessions.get(sessionId);
    if (!record) throw resourceMissing('checkout.session', sessionId, 'session');
    return record;
  }

  requireIntent(intentId: string, param = 'intent'): PaymentIntentRecord {
    const record = this.core.store.paymentIntents.get(intentId);
    if (!record) throw resourceMissing('payment_intent', intentId, param);
    return record;
  }

  /** The hosted page and the control API: card details or a SEPA outcome chosen by the caller. */
  pay(sessionId: string, input: PayInput, origin: EventOrigin = NO_ORIGIN): PayResult {
    const record = this.requireSession(sessionId);
    const { session } = record;
    if (session.status !== 'open') throw inactiveSession(session);
    // A session created with customer_email fixes the email, as on Stripe's page.
    const email = session.customer_email ?? (input.email?.trim() || 'customer@example.com');
    const name = input.name?.trim() || null;
    const now = this.core.clock.now();
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
      return this.payByCard(record, pm, cardDecline(pm), { email, name, address: null }, origin).result;
    }
    const iban = (input.iban ?? DEFAULT_TEST_IBAN).replace(/\s/g, '').toUpperCase();
    if (!ibanValid(iban)) throw cardError('invalid_iban', 'Your IBAN is invalid.', 'sepa_debit[iban]');
    const pm = sepaPaymentMethod(iban, billingDetails(email, name), now);
    const settlement: Settlement = {
      afterSeconds: input.settleAfterSeconds ?? this.core.settings.delayedPaymentSeconds,
      outcome: input.outcome === 'succeed_later' ? 'succeed' : 'fail',
    };
    return this.payBySepa(record, pm, settlement, { email, name, address: null }, origin);
  }

  /**
   * `POST /v1/payment_pages/:session/confirm` (what Stripe's own checkout page calls, and the Stripe CLI's
   * checkout triggers): pays the session with an existing payment method, whose test card or test IBAN decides
   * the outcome. A decline emits its events, leaves the session open and answers 402 like Stripe.
   */
  confirmSession(
    sessionId: string,
    pm: PaymentMethod,
    input: { expectedAmount?: number | undefined; email?: string | undefined },
    origin: EventOrigin,
  ): PayResult {
    const record = this.requireSession(sessionId);
    const { session } = record;
    if (session.status !== 'open') throw inactiveSession(session);
    if (input.expectedAmount !== undefined && input.expectedAmount !== session.amount_total)
      throw invalidRequest(
        `The expected amount (${input.expectedAmount}) does not match the amount due for this Checkout Session (${session.amount_total}). Reload the page to see the current amount.`,
        'expected_amount',
      );
    if (!session.payment_method_types.includes(pm.type))
      throw invalidRequest(
        `The PaymentMethod provided (${pm.type}) is not allowed for this Checkout Session. Please use a PaymentMethod of one of the following types: ${session.payment_method_types.join(', ')}.`,
        'payment_method',
      );
    const billing = pm.billing_details;
    const customer = {
      email: session.customer_email ?? billing.email ?? (input.email?.trim() || 'customer@example.com'),
      name: billing.name,
      address: Object.values(billing.address).some((v) => v !== null) ? { ...billing.address } : null,
    };
    if (pm.type === 'card') {
      const decline = cardDecline(pm);
      const { result, intent, charge } = this.payByCard(record, pm, decline, customer, origin);
      if (decline) throw declineError(decline, intent, charge, pm);
      return result;
    }
    const behaviour = sepaPaymentBehaviour(pm);
    return this.payBySepa(
      record,
      pm,
      {
        afterSeconds: behaviour.delayed
          ? this.core.settings.delayedPaymentSeconds
          : TEST_IBAN_SETTLEMENT_SECONDS,
        outcome: behaviour.outcome,
        failure: behaviour.failure,
      },
      customer,
      origin,
    );
  }

  private payByCard(
    record: SessionRecord,
    pm: PaymentMethod,
    decline: Decline | undefined,
    customer: { email: string; name: string | null; address: Address | null },
    origin: EventOrigin,
  ): { result: PayResult; intent: PaymentIntent; charge: Charge } {
    const { session } = record;
    const intent = this.ensureIntent(record, 'card', origin).intent;
    this.core.store.paymentMethods.set(pm.id, pm);
    const charge = this.chargeCard(intent, pm, decline, this.sessionContext(record, origin));
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
    this.complete(session, customer, 'paid');
    this.emit(record, 'checkout.session.completed', session, origin);
    return { result: { outcome: 'succeeded', session }, intent, charge };
  }

  private payBySepa(
    record: SessionRecord,
    pm: PaymentMethod,
    settlement: Settlement,
    customer: { email: string; name: string | null; address: Address | null },
    origin: EventOrigin,
  ): PayResult {
    const { clock, store } = this.core;
    const { session } = record;
    const intent = this.ensureIntent(record, 'sepa_debit', origin).intent;
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
    this.complete(session, customer, 'unpaid');
    record.pendingSettlement = {
      at: clock.now() + Math.max(0, Math.round(settlement.afterSeconds)),
      outcome: settlement.outcome,
      ...(settlement.failure ? { failure: settlement.failure } : {}),
    };
    this.core.timers.push(record.pendingSettlement.at, { kind: 'settle', sessionId: session.id });
    this.emit(record, 'checkout.session.completed', session, origin);
    return { outcome: 'processing', session };
  }

  /**
   * Charges a card on an intent: `charge.succeeded` → `payment_intent.succeeded`, or `charge.failed` →
   * `payment_intent.payment_failed` (the intent back to `requires_payment_method`).
   */
  private chargeCard(
    intent: PaymentIntent,
    pm: PaymentMethod,
    decline: Decline | undefined,
    ctx: EmitContext,
  ): Charge {
    const { clock, store } = this.core;
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
      this.emitWith(ctx, 'charge.failed', charge);
      intent.status = 'requires_payment_method';
      intent.payment_method = null;
      intent.last_payment_error = paymentError(decline, charge, pm);
      this.emitWith(ctx, 'payment_intent.payment_failed', intent);
      return charge;
    }
    this.emitWith(ctx, 'charge.succeeded', charge);
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    intent.payment_method = pm.id;
    intent.last_payment_error = null;
    this.emitWith(ctx, 'payment_intent.succeeded', intent);
    return charge;
  }

  /** `POST /v1/payment_intents`: a new intent (`payment_intent.created`), not confirmed yet. */
  createIntent(
    input: CreateIntentInput,
    ctx: { origin: EventOrigin; apiVersion: string },
  ): PaymentIntentRecord {
    const intent = newPaymentIntent({
      created: this.core.clock.now(),
      amount: input.amount,
      currency: input.currency,
      metadata: input.metadata,
      description: input.description,
      receiptEmail: input.receiptEmail,
      paymentMethodTypes: input.paymentMethodTypes,
      setupFutureUsage: input.setupFutureUsage,
      statementDescriptor: input.statementDescriptor,
      statementDescriptorSuffix: input.statementDescriptorSuffix,
      shipping: input.shipping,
      automaticPaymentMethods: input.automaticPaymentMethods,
    });
    const record: PaymentIntentRecord = { intent, sessionId: null };
    this.core.store.paymentIntents.set(intent.id, record);
    this.emitWith({ ...ctx, sessionId: null }, 'payment_intent.created', intent);
    return record;
  }

  /** Sets the payment method of an intent awaiting one (`requires_confirmation`). */
  attachPaymentMethod(record: PaymentIntentRecord, pm: PaymentMethod): void {
    const { intent } = record;
    this.checkConfirmable(record, 'update');
    checkMethodAllowed(intent.payment_method_types, pm, false);
    intent.payment_method = pm.id;
    intent.status = 'requires_confirmation';
  }

  /**
   * Confirms an API-created intent with a card payment method: succeeds, or emits the decline's events and
   * throws Stripe's 402 `card_error` (with the intent) — what `POST /v1/payment_intents` with `confirm=true` and
   * `POST /v1/payment_intents/:id/confirm` answer.
   */
  confirmIntent(
    record: PaymentIntentRecord,
    pm: PaymentMethod,
    ctx: { origin: EventOrigin; apiVersion: string },
  ): PaymentIntent {
    const { intent } = record;
    this.checkConfirmable(record, 'confirm');
    checkMethodAllowed(intent.payment_method_types, pm, true);
    const decline = cardDecline(pm);
    const charge = this.chargeCard(intent, pm, decline, { ...ctx, sessionId: null });
    if (decline) throw declineError(decline, intent, charge, pm);
    return intent;
  }

  /** `POST /v1/payment_intents/:id/cancel` for API-created intents (`payment_intent.canceled`). */
  cancelIntent(
    record: PaymentIntentRecord,
    reason: PaymentIntent['cancellation_reason'],
    ctx: { origin: EventOrigin; apiVersion: string },
  ): PaymentIntent {
    const { intent } = record;
    if (record.sessionId !== null)
      throw invalidRequest(
        `This PaymentIntent is managed by Checkout Session ${record.sessionId}; expire the session instead.`,
        'intent',
      );
    const cancelable: readonly string[] = [
      'requires_payment_method',
      'requires_confirmation',
      'requires_action',
    ];
    if (!cancelable.includes(intent.status))
      throw invalidRequest(
        `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${cancelable.join(', ')}, requires_capture, processing.`,
        undefined,
        'payment_intent_unexpected_state',
      );
    intent.status = 'canceled';
    intent.canceled_at = this.core.clock.now();
    intent.cancellation_reason = reason;
    this.emitWith({ ...ctx, sessionId: null }, 'payment_intent.canceled', intent);
    return intent;
  }

  private checkConfirmable(record: PaymentIntentRecord, action: 'confirm' | 'update'): void {
    const { intent } = record;
    if (record.sessionId !== null)
      throw invalidRequest(
        `This PaymentIntent is managed by Checkout Session ${record.sessionId}; pay the session instead.`,
        'intent',
      );
    if (intent.status !== 'requires_payment_method' && intent.status !== 'requires_confirmation')
      throw invalidRequest(
        `You cannot ${action} this PaymentIntent because it has a status of ${intent.status}.`,
        undefined,
        'payment_intent_unexpected_state',
      );
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
    const failure = pending.failure ?? SEPA_FAILURE;
    charge.status = 'failed';
    charge.paid = false;
    charge.captured = false;
    charge.amount_captured = 0;
    charge.failure_code = failure.code;
    charge.failure_message = failure.message;
    charge.outcome = chargeOutcome('failed', failure);
    this.emit(record, 'charge.failed', charge, NO_ORIGIN);
    const pmId = typeof intent.payment_method === 'string' ? intent.payment_method : null;
    const pm = pmId ? this.core.store.paymentMethods.get(pmId) : undefined;
    intent.status = 'requires_payment_method';
    intent.payment_method = null;
    intent.last_payment_error = {
      type: 'card_error',
      code: failure.code,
      message: failure.message,
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
    apiVersion?: string,
  ): Refund {
    const { store, clock } = this.core;
    if (params.paymentIntent && params.charge)
      throw invalidRequest('You can only pass one of `charge` or `payment_intent`.', 'charge');
    let charge: Charge | undefined;
    if (params.paymentIntent) {
      const intentRecord = store.paymentIntents.get(params.paymentIntent);
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
    const ctx = this.refundContext(refund, origin, apiVersion);
    this.emitWith(ctx, 'refund.created', refund);
    this.emitWith(ctx, 'charge.refunded', charge);
    return refund;
  }

  /**
   * `POST /v1/refunds/:id`: merges `metadata` (an empty value removes a key). A change emits `refund.updated`
   * and the older `charge.refund.updated`, with `previous_attributes`.
   */
  updateRefund(
    refundId: string,
    metadata: Metadata | undefined,
    origin: EventOrigin,
    apiVersion: string,
  ): Refund {
    const { store } = this.core;
    const refund = store.refunds.get(refundId);
    if (!refund) throw resourceMissing('refund', refundId, 'refund');
    if (metadata === undefined) return refund;
    const previous: Record<string, string | null> = {};
    const next: Metadata = { ...refund.metadata };
    for (const [key, value] of Object.entries(metadata)) {
      const before = Object.hasOwn(next, key) ? (next[key] ?? null) : null;
      if (value === '') delete next[key];
      else next[key] = value;
      const after = Object.hasOwn(next, key) ? (next[key] ?? null) : null;
      if (before !== after) previous[key] = before;
    }
    if (Object.keys(previous).length === 0) return refund;
    refund.metadata = next;
    const chargeId = typeof refund.charge === 'string' ? refund.charge : refund.charge.id;
    const charge = store.charges.get(chargeId);
    const embedded = charge?.refunds.data.findIndex((r) => r.id === refund.id) ?? -1;
    if (charge && embedded !== -1) charge.refunds.data[embedded] = refund;
    const ctx = this.refundContext(refund, origin, apiVersion);
    const previousAttributes = { metadata: previous };
    this.emitWith(ctx, 'refund.updated', refund, previousAttributes);
    this.emitWith(ctx, 'charge.refund.updated', refund, previousAttributes);
    return refund;
  }

  /** A refund's events belong to its payment's session, with the session's API version when there is one. */
  private refundContext(refund: Refund, origin: EventOrigin, apiVersion: string | undefined): EmitContext {
    const intentId =
      typeof refund.payment_intent === 'string' ? refund.payment_intent : refund.payment_intent?.id;
    const sessionId = (intentId ? this.core.store.paymentIntents.get(intentId)?.sessionId : null) ?? null;
    const sessionRecord = sessionId ? this.core.store.sessions.get(sessionId) : undefined;
    return {
      sessionId,
      origin,
      apiVersion: sessionRecord?.apiVersion ?? apiVersion ?? this.core.defaultApiVersion,
    };
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
      shipping: data.shipping ?? null,
    });
    const created: PaymentIntentRecord = { intent, sessionId: session.id };
    store.paymentIntents.set(intent.id, created);
    session.payment_intent = intent.id;
    this.emit(record, 'payment_intent.created', intent, origin);
    return created;
  }

  private complete(
    session: CheckoutSession,
    customer: { email: string; name: string | null; address: Address | null },
    paymentStatus: 'paid' | 'unpaid',
  ): void {
    session.status = 'complete';
    session.payment_status = paymentStatus;
    session.customer_details = customerDetails(customer.email, customer.name, customer.address);
    session.url = null;
  }

  private sessionContext(record: SessionRecord, origin: EventOrigin): EmitContext {
    return { sessionId: record.session.id, origin, apiVersion: record.apiVersion };
  }

  private emit(record: SessionRecord, type: string, object: EventPayloadObject, origin: EventOrigin): void {
    this.emitWith(this.sessionContext(record, origin), type, object);
  }

  private emitWith(
    ctx: EmitContext,
    type: string,
    object: EventPayloadObject,
    previousAttributes?: Record<string, unknown>,
  ): void {
    this.core.bus.emit(type, object, {
      sessionId: ctx.sessionId,
      origin: ctx.origin,
      apiVersion: ctx.apiVersion,
      ...(previousAttributes ? { previousAttributes } : {}),
    });
  }
}

/** Checks a payment method against an intent's `payment_method_types` (and, to confirm, that it is a card). */
export function checkMethodAllowed(
  paymentMethodTypes: readonly string[],
  pm: PaymentMethod,
  confirm: boolean,
): void {
  if (!paymentMethodTypes.includes(pm.type))
    throw invalidRequest(
      `The PaymentMethod provided (${pm.type}) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: ${paymentMethodTypes.join(', ')}. Alternatively update the allowed payment_method_types for this PaymentIntent to include "${pm.type}".`,
      'payment_method',
    );
  if (confirm && pm.type !== 'card')
    throw invalidRequest(
      'The Stripe emulator confirms payment intents created through the API with card payment methods only; SEPA Direct Debit payments go through Checkout.',
      'payment_method',
    );
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

/** Stripe's answer to a declined confirmation: 402 `card_error` with the charge, the intent and the method. */
function declineError(
  decline: Decline,
  intent: PaymentIntent,
  charge: Charge,
  pm: PaymentMethod,
): StripeApiError {
  const body: ApiErrorBody = {
    ...paymentError(decline, charge, pm),
    payment_intent: structuredClone(intent),
  };
  return new StripeApiError(402, body);
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
