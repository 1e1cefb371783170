import { DisputeStatus, HANDLED_STRIPE_EVENT_TYPES, RefundStatus } from '@checkstand/contract';
import type { PaymentFact, RefundInfo } from '../../orders/payment-fact.js';
import { chargesOfSession } from '../../stripe/session-charges.js';
import type { SessionSnapshot, StripeEventEnvelope } from '../../stripe/stripe-gateway.js';

export { HANDLED_STRIPE_EVENT_TYPES };

/**
 * What a Stripe object says about where it belongs. Only `sessionId` and `paymentIntentId` can prove it (when the
 * store recorded them); `claimedOrderId`/`claimedAttemptNo` come from the metadata the store puts on its sessions
 * and intents, and only tell attribution where to look for that proof. `client_reference_id` is never read: a
 * Payment Link or Pricing Table lets the payer set it.
 */
export interface FactRouting {
  sessionId: string | null;
  paymentIntentId: string | null;
  claimedOrderId: string | null;
  claimedAttemptNo: number | null;
  /**
   * The object carries no metadata of its intent (a charge): attribution reads the intent's metadata from Stripe
   * when the intent is not one the store recorded yet.
   */
  claimsOnIntent?: boolean;
}

export interface RoutedFact {
  fact: PaymentFact;
  routing: FactRouting;
}

type Obj = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const int = (value: unknown): number | null => (Number.isSafeInteger(value) ? (value as number) : null);
const obj = (value: unknown): Obj | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : null;
const idOf = (value: unknown): string | null => str(value) ?? str(obj(value)?.id);

function attemptNoOf(metadata: Obj | null): number | null {
  const raw = str(metadata?.attempt_no);
  if (!raw || !/^[1-9][0-9]{0,5}$/.test(raw)) return null;
  return Number(raw);
}

/** Our order ids only; anything else in metadata is some other integration's business. */
export function orderIdOf(value: unknown): string | null {
  const text = str(value);
  return text && /^ord_[0-9A-Za-z]{10,40}$/.test(text) ? text : null;
}

export function claimsOf(metadata: Obj | null): Pick<FactRouting, 'claimedOrderId' | 'claimedAttemptNo'> {
  return { claimedOrderId: orderIdOf(metadata?.order_id), claimedAttemptNo: attemptNoOf(metadata) };
}

function paymentStatusOf(value: unknown): 'paid' | 'unpaid' | 'no_payment_required' | null {
  return value === 'paid' || value === 'unpaid' || value === 'no_payment_required' ? value : null;
}

function emailOf(session: Obj): string | null {
  return str(obj(session.customer_details)?.email) ?? str(session.customer_email);
}

export class MalformedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEventError';
  }
}

/**
 * Turns an authentic event (signed, or fetched with our key) into the fact it states. Returns null for types we
 * do not act on, and throws `MalformedEventError` when a handled type lacks what Stripe always sends.
 */
export function factFromEvent(event: StripeEventEnvelope): RoutedFact | null {
  const object = event.data.object;
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const sessionId = str(object.id);
      if (!sessionId || object.object !== 'checkout.session') {
        throw new MalformedEventError('not a checkout session');
      }
      const paymentIntentId = idOf(object.payment_intent);
      const routing: FactRouting = { sessionId, paymentIntentId, ...claimsOf(obj(object.metadata)) };
      const money = {
        amountTotal: int(object.amount_total),
        currency: str(object.currency),
        customerEmail: emailOf(object),
        charges: chargesOfSession(object),
      };
      switch (event.type) {
        case 'checkout.session.expired':
          return { routing, fact: { kind: 'session_expired', sessionId } };
        case 'checkout.session.async_payment_failed':
          return { routing, fact: { kind: 'async_payment_failed', sessionId, paymentIntentId } };
        case 'checkout.session.async_payment_succeeded':
          return { routing, fact: { kind: 'async_payment_succeeded', sessionId, paymentIntentId, ...money } };
        default: {
          const paymentStatus = paymentStatusOf(object.payment_status);
          if (!paymentStatus) throw new MalformedEventError('checkout session without a payment_status');
          return {
            routing,
            fact: { kind: 'checkout_completed', sessionId, paymentIntentId, paymentStatus, ...money },
          };
        }
      }
    }
    case 'payment_intent.payment_failed':
    case 'payment_intent.canceled': {
      const paymentIntentId = str(object.id);
      if (!paymentIntentId || object.object !== 'payment_intent') {
        throw new MalformedEventError('not a payment intent');
      }
      const routing: FactRouting = { sessionId: null, paymentIntentId, ...claimsOf(obj(object.metadata)) };
      if (event.type === 'payment_intent.canceled') {
        return {
          routing,
          fact: { kind: 'payment_canceled', paymentIntentId, reason: str(object.cancellation_reason) },
        };
      }
      const error = obj(object.last_payment_error);
      return {
        routing,
        fact: {
          kind: 'payment_failed',
          paymentIntentId,
          code: str(error?.code),
          declineCode: str(error?.decline_code),
          message: str(error?.message),
        },
      };
    }
    case 'charge.refunded': {
      const chargeId = str(object.id);
      if (
        !chargeId ||
        object.object !== 'charge' ||
        int(object.amount_refunded) === null ||
        !str(object.currency)
      ) {
        throw new MalformedEventError('not a refunded charge');
      }
      const paymentIntentId = idOf(object.payment_intent);
      // Recent API versions do not list the charge's refunds in the event: they are read back from Stripe.
      const list = obj(object.refunds);
      const listed = Array.isArray(list?.data) && list.has_more === false ? list.data : null;
      return {
        routing: intentRouting(paymentIntentId),
        fact: {
          kind: 'refunds_reported',
          paymentIntentId,
          chargeId,
          refunds:
            listed && paymentIntentId
              ? listed.map((refund) => refundOf(obj(refund) ?? {}, paymentIntentId))
              : null,
        },
      };
    }
    case 'charge.refund.updated':
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed': {
      if (object.object !== 'refund') throw new MalformedEventError('not a refund');
      const paymentIntentId = idOf(object.payment_intent);
      const chargeId = idOf(object.charge);
      return {
        routing: intentRouting(paymentIntentId),
        fact: {
          kind: 'refunds_reported',
          paymentIntentId,
          chargeId,
          refunds: paymentIntentId ? [refundOf(object, paymentIntentId)] : [],
        },
      };
    }
    case 'charge.dispute.created':
    case 'charge.dispute.updated':
    case 'charge.dispute.closed':
    case 'charge.dispute.funds_withdrawn':
    case 'charge.dispute.funds_reinstated': {
      const disputeId = str(object.id);
      const amount = int(object.amount);
      const currency = str(object.currency);
      const status = DisputeStatus.safeParse(object.status);
      const created = int(object.created);
      if (!disputeId || object.object !== 'dispute' || amount === null || !currency || !status.success) {
        throw new MalformedEventError('not a dispute');
      }
      const paymentIntentId = idOf(object.payment_intent);
      const { withdrawn, reinstated } = balanceMovements(object.balance_transactions);
      const dueBy = int(obj(object.evidence_details)?.due_by);
      return {
        routing: intentRouting(paymentIntentId),
        fact: {
          kind: 'dispute_reported',
          id: disputeId,
          paymentIntentId,
          chargeId: idOf(object.charge),
          amount,
          currency,
          reason: str(object.reason) ?? 'general',
          status: status.data,
          evidenceDueBy: dueBy !== null ? new Date(dueBy * 1000) : null,
          amountWithdrawn: withdrawn,
          amountReinstated: reinstated,
          openedAt: new Date((created ?? event.created) * 1000),
        },
      };
    }
    case 'radar.early_fraud_warning.created':
    case 'radar.early_fraud_warning.updated': {
      const warningId = str(object.id);
      if (
        !warningId ||
        object.object !== 'radar.early_fraud_warning' ||
        typeof object.actionable !== 'boolean'
      ) {
        throw new MalformedEventError('not an early fraud warning');
      }
      const paymentIntentId = idOf(object.payment_intent);
      const created = int(object.created);
      return {
        routing: intentRouting(paymentIntentId),
        fact: {
          kind: 'fraud_warning_reported',
          id: warningId,
          paymentIntentId,
          chargeId: idOf(object.charge),
          fraudType: str(object.fraud_type) ?? 'unknown',
          actionable: object.actionable,
          raisedAt: new Date((created ?? event.created) * 1000),
        },
      };
    }
    default:
      return null;
  }
}

/**
 * Objects about a payment (charges, refunds, disputes, warnings) carry the payment intent but not its metadata:
 * the intent proves where they belong when the store recorded it, and otherwise attribution asks Stripe what the
 * intent claims. Without an intent (a charge not made by Checkout) nothing of ours is found.
 */
function intentRouting(paymentIntentId: string | null): FactRouting {
  return {
    sessionId: null,
    paymentIntentId,
    claimedOrderId: null,
    claimedAttemptNo: null,
    claimsOnIntent: true,
  };
}

/** A refund object as a fact's refund (of `paymentIntentId`, the payment it was listed under). */
export function refundOf(refund: Obj, paymentIntentId: string): RefundInfo {
  const id = str(refund.id);
  const amount = int(refund.amount);
  const currency = str(refund.currency);
  const status = RefundStatus.safeParse(refund.status);
  if (!id || amount === null || !currency || !status.success) throw new MalformedEventError('not a refund');
  return {
    id,
    paymentIntentId: idOf(refund.payment_intent) ?? paymentIntentId,
    amount,
    currency,
    status: status.data,
    reason: str(refund.reason),
    failureReason: str(refund.failure_reason),
  };
}

/** Money a dispute took from the balance and gave back, from its balance transactions (negative: withdrawn). */
function balanceMovements(value: unknown): { withdrawn: number; reinstated: number } {
  let withdrawn = 0;
  let reinstated = 0;
  for (const entry of Array.isArray(value) ? value : []) {
    const amount = int(obj(entry)?.amount);
    if (amount === null) continue;
    if (amount < 0) withdrawn -= amount;
    else reinstated += amount;
  }
  return { withdrawn, reinstated };
}

/**
 * What a Checkout Session read back from Stripe says now, as a fact: the success page, the admin's sync and the
 * watch list apply it through the same path as events. Null when there is nothing to tell (an open session
 * nobody has tried to pay).
 */
export function factFromSession(session: SessionSnapshot): PaymentFact | null {
  const intent = session.paymentIntent;
  const money = {
    amountTotal: session.amountTotal,
    currency: session.currency,
    customerEmail: session.customerEmail,
    charges: session.charges,
  };
  const common = { sessionId: session.id, paymentIntentId: session.paymentIntentId };
  switch (session.status) {
    case 'complete':
      if (session.paymentStatus !== 'unpaid') {
        return { kind: 'checkout_completed', ...common, ...money, paymentStatus: session.paymentStatus };
      }
      if (intent?.status === 'succeeded') return { kind: 'async_payment_succeeded', ...common, ...money };
      if (intent && (intent.status === 'requires_payment_method' || intent.status === 'canceled')) {
        return { kind: 'async_payment_failed', ...common };
      }
      return { kind: 'checkout_completed', ...common, ...money, paymentStatus: 'unpaid' };
    case 'expired':
      return { kind: 'session_expired', sessionId: session.id };
    case 'open':
      if (intent?.status === 'requires_payment_method' && intent.lastPaymentError) {
        return {
          kind: 'payment_failed',
          paymentIntentId: intent.id,
          code: intent.lastPaymentError.code,
          declineCode: intent.lastPaymentError.declineCode,
          message: intent.lastPaymentError.message,
        };
      }
      return null;
  }
}

/** Whether Stripe is done with a session: expired, paid, or its delayed payment failed. */
export function isTerminalSession(session: SessionSnapshot): boolean {
  const fact = factFromSession(session);
  if (!fact) return false;
  return (
    fact.kind === 'session_expired' ||
    fact.kind === 'async_payment_failed' ||
    fact.kind === 'async_payment_succeeded' ||
    (fact.kind === 'checkout_completed' && fact.paymentStatus !== 'unpaid')
  );
}

/** What an event's object claims about its order, for the admin's list of unmatched events (never acted on). */
export function claimsOfEvent(event: StripeEventEnvelope): {
  claimedOrderId: string | null;
  amount: number | null;
  currency: string | null;
} {
  const object = event.data.object;
  const metadata = obj(object.metadata);
  return {
    claimedOrderId: orderIdOf(metadata?.order_id) ?? orderIdOf(object.client_reference_id),
    amount: int(object.amount_total) ?? int(object.amount_received) ?? int(object.amount),
    currency: str(object.currency),
  };
}
