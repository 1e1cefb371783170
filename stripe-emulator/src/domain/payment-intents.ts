import { newPaymentIntent } from '../objects/builders.js';
import type { Metadata, PaymentIntent, PaymentMethod, Shipping } from '../objects/types.js';
import type { PaymentIntentRecord } from '../state/store.js';
import { chargeCard, declineError } from './charges.js';
import { invalidRequest } from './errors.js';
import { NO_ORIGIN } from '../state/event-bus.js';
import {
  awaitingAuthentication,
  failAuthentication,
  requireAuthentication,
  type AuthenticationOutcome,
} from './authentication.js';
import {
  emitEvent,
  paymentEmitContext,
  requireIntent,
  type PaymentContext,
  type RequestContext,
} from './payment-context.js';
import { cardDecline, requiresAuthentication } from './payment-methods.js';
import type { Decline } from './test-cards.js';

/**
 * `error_on_requires_action`: a card that asks for 3-D Secure declines instead
 * (https://docs.stripe.com/declines/codes#authentication_required).
 */
const AUTHENTICATION_REQUIRED: Decline = {
  code: 'authentication_required',
  declineCode: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

/** `POST /v1/payment_intents` parameters, validated. */
export interface CreateIntentInput {
  amount: number;
  currency: string;
  paymentMethodTypes: string[];
  automaticPaymentMethods: PaymentIntent['automatic_payment_methods'];
  /** The filters given (`allowed_payment_method_types`, `excluded_payment_method_types`), echoed. */
  allowedPaymentMethodTypes: string[] | null;
  excludedPaymentMethodTypes: string[] | null;
  description: string | null;
  metadata: Metadata;
  receiptEmail: string | null;
  setupFutureUsage: PaymentIntent['setup_future_usage'];
  shipping: Shipping | null;
  statementDescriptor: string | null;
  statementDescriptorSuffix: string | null;
}

/**
 * Payment intents created through the API (as the Stripe CLI's triggers do): created, given a payment method,
 * confirmed with a card (succeeds, or answers Stripe's 402 decline) or canceled. Checkout's own intents are
 * paid or expired through their session (`CheckoutPayments`, `CheckoutLifecycle`).
 */
export class PaymentIntents {
  constructor(private readonly ctx: PaymentContext) {}

  requireIntent(intentId: string, param = 'intent'): PaymentIntentRecord {
    return requireIntent(this.ctx.store, intentId, param);
  }

  /** `POST /v1/payment_intents`: a new intent (`payment_intent.created`), not confirmed yet. */
  createIntent(input: CreateIntentInput, request: RequestContext): PaymentIntentRecord {
    const intent = newPaymentIntent({
      created: this.ctx.clock.now(),
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
      allowedPaymentMethodTypes: input.allowedPaymentMethodTypes,
      excludedPaymentMethodTypes: input.excludedPaymentMethodTypes,
    });
    const record: PaymentIntentRecord = { intent, sessionId: null };
    this.ctx.store.paymentIntents.set(intent.id, record);
    emitEvent(this.ctx, { ...request, sessionId: null }, 'payment_intent.created', intent);
    return record;
  }

  /** Sets the payment method of an intent awaiting one (`requires_confirmation`). */
  attachPaymentMethod(record: PaymentIntentRecord, pm: PaymentMethod): void {
    const { intent } = record;
    checkConfirmable(record, 'update');
    checkMethodAllowed(intent.payment_method_types, pm, false);
    intent.payment_method = pm.id;
    intent.status = 'requires_confirmation';
  }

  /**
   * Confirms an API-created intent with a card payment method: succeeds, or emits the decline's events and
   * throws Stripe's 402 `card_error` (with the intent) — what `POST /v1/payment_intents` with `confirm=true` and
   * `POST /v1/payment_intents/:id/confirm` answer. A card that asks for 3-D Secure leaves the intent in
   * `requires_action` (answered 200), unless `error_on_requires_action` makes it a decline.
   */
  confirmIntent(
    record: PaymentIntentRecord,
    pm: PaymentMethod,
    request: RequestContext,
    options: { returnUrl?: string | undefined; errorOnRequiresAction?: boolean | undefined } = {},
  ): PaymentIntent {
    const { intent } = record;
    checkConfirmable(record, 'confirm');
    checkMethodAllowed(intent.payment_method_types, pm, true);
    const where = { ...request, sessionId: null };
    intent.next_action = null;
    if (requiresAuthentication(pm)) {
      if (!options.errorOnRequiresAction) {
        this.ctx.store.paymentMethods.set(pm.id, pm);
        requireAuthentication(this.ctx, intent, pm, where, options.returnUrl ?? null);
        return intent;
      }
      const charge = chargeCard(this.ctx, intent, pm, AUTHENTICATION_REQUIRED, where);
      throw declineError(AUTHENTICATION_REQUIRED, intent, charge, pm);
    }
    const decline = cardDecline(pm);
    const charge = chargeCard(this.ctx, intent, pm, decline, where);
    if (decline) throw declineError(decline, intent, charge, pm);
    return intent;
  }

  /**
   * Ends the 3-D Secure challenge of an API-created intent (its authentication page, or the control API):
   * `complete` charges the card — the intent succeeds, or the card still declines (`requires_payment_method`);
   * `fail` charges nothing (`payment_intent_authentication_failure`).
   */
  authenticate(record: PaymentIntentRecord, outcome: AuthenticationOutcome): PaymentIntent {
    const { intent } = record;
    const pm = intent.status === 'requires_action' ? awaitingAuthentication(this.ctx, intent) : undefined;
    if (!pm)
      throw invalidRequest(
        `This PaymentIntent is not waiting for 3-D Secure authentication: its status is ${intent.status}.`,
        'payment_intent',
        'payment_intent_unexpected_state',
      );
    const where = paymentEmitContext(this.ctx, intent.id, NO_ORIGIN);
    if (outcome === 'fail') {
      failAuthentication(this.ctx, intent, pm, where);
      return intent;
    }
    intent.next_action = null;
    chargeCard(this.ctx, intent, pm, cardDecline(pm), where, true);
    return intent;
  }

  /** `POST /v1/payment_intents/:id/cancel` for API-created intents (`payment_intent.canceled`). */
  cancelIntent(
    record: PaymentIntentRecord,
    reason: PaymentIntent['cancellation_reason'],
    request: RequestContext,
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
    intent.next_action = null;
    intent.canceled_at = this.ctx.clock.now();
    intent.cancellation_reason = reason;
    emitEvent(this.ctx, { ...request, sessionId: null }, 'payment_intent.canceled', intent);
    return intent;
  }
}

function checkConfirmable(record: PaymentIntentRecord, action: 'confirm' | 'update'): void {
  const { intent } = record;
  if (record.sessionId !== null)
    throw invalidRequest(
      `This PaymentIntent is managed by Checkout Session ${record.sessionId}; pay the session instead.`,
      'intent',
    );
  const confirmable: readonly string[] = [
    'requires_payment_method',
    'requires_confirmation',
    'requires_action',
  ];
  if (!confirmable.includes(intent.status))
    throw invalidRequest(
      `You cannot ${action} this PaymentIntent because it has a status of ${intent.status}.`,
      undefined,
      'payment_intent_unexpected_state',
    );
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
