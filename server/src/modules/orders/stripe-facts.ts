import type { SessionSnapshot, StripeEventEnvelope } from '../stripe/stripe-gateway.js';
import type { PaymentFact } from './payment-facts.js';

/** How to find the order a fact is about. */
export interface FactRouting {
  orderId: string | null;
  attemptNo: number | null;
  sessionId: string | null;
  paymentIntentId: string | null;
}

export interface RoutedFact {
  fact: PaymentFact;
  routing: FactRouting;
}

/** The event types the store acts on (DESIGN §5); every other type is recorded and acknowledged. */
export const HANDLED_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'charge.refunded',
] as const;

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
function orderIdOf(...candidates: unknown[]): string | null {
  for (const candidate of candidates) {
    const value = str(candidate);
    if (value && /^ord_[0-9A-Za-z]{10,40}$/.test(value)) return value;
  }
  return null;
}

function sessionRouting(session: Obj): FactRouting {
  const metadata = obj(session.metadata);
  return {
    orderId: orderIdOf(metadata?.order_id, session.client_reference_id),
    attemptNo: attemptNoOf(metadata),
    sessionId: str(session.id),
    paymentIntentId: idOf(session.payment_intent),
  };
}

function paymentStatusOf(value: unknown): 'paid' | 'unpaid' | 'no_payment_required' | null {
  return value === 'paid' || value === 'unpaid' || value === 'no_payment_required' ? value : null;
}

function emailOf(session: Obj): string | null {
  return str(obj(session.customer_details)?.email) ?? str(session.customer_email);
}

/**
 * Turns a verified event into the fact it states. Returns null for types we do not act on, and throws
 * `MalformedEventError` when a handled type lacks what Stripe always sends (answered 400, not applied).
 */
export function factFromEvent(event: StripeEventEnvelope): RoutedFact | null {
  const object = event.data.object;
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const routing = sessionRouting(object);
      const sessionId = routing.sessionId;
      if (!sessionId || object.object !== 'checkout.session')
        throw new MalformedEventError('not a checkout session');
      const common = { sessionId, attemptNo: routing.attemptNo, paymentIntentId: routing.paymentIntentId };
      const money = {
        amountTotal: int(object.amount_total),
        currency: str(object.currency),
        customerEmail: emailOf(object),
      };
      if (event.type === 'checkout.session.expired') {
        return { routing, fact: { kind: 'session_expired', sessionId, attemptNo: routing.attemptNo } };
      }
      if (event.type === 'checkout.session.async_payment_failed') {
        return { routing, fact: { kind: 'async_payment_failed', ...common } };
      }
      if (event.type === 'checkout.session.async_payment_succeeded') {
        return { routing, fact: { kind: 'async_payment_succeeded', ...common, ...money } };
      }
      const paymentStatus = paymentStatusOf(object.payment_status);
      if (!paymentStatus) throw new MalformedEventError('checkout session without a payment_status');
      return { routing, fact: { kind: 'checkout_completed', ...common, ...money, paymentStatus } };
    }
    case 'payment_intent.payment_failed':
    case 'payment_intent.canceled': {
      const paymentIntentId = str(object.id);
      if (!paymentIntentId || object.object !== 'payment_intent')
        throw new MalformedEventError('not a payment intent');
      const metadata = obj(object.metadata);
      const routing: FactRouting = {
        orderId: orderIdOf(metadata?.order_id),
        attemptNo: attemptNoOf(metadata),
        sessionId: null,
        paymentIntentId,
      };
      if (event.type === 'payment_intent.canceled') {
        return {
          routing,
          fact: {
            kind: 'payment_canceled',
            paymentIntentId,
            attemptNo: routing.attemptNo,
            reason: str(object.cancellation_reason),
          },
        };
      }
      const error = obj(object.last_payment_error);
      return {
        routing,
        fact: {
          kind: 'payment_failed',
          paymentIntentId,
          attemptNo: routing.attemptNo,
          code: str(error?.code),
          declineCode: str(error?.decline_code),
          message: str(error?.message),
        },
      };
    }
    case 'charge.refunded': {
      const chargeId = str(object.id);
      const amountRefunded = int(object.amount_refunded);
      const currency = str(object.currency);
      if (!chargeId || object.object !== 'charge' || amountRefunded === null || !currency) {
        throw new MalformedEventError('not a refunded charge');
      }
      const paymentIntentId = idOf(object.payment_intent);
      return {
        routing: {
          orderId: orderIdOf(obj(object.metadata)?.order_id),
          attemptNo: null,
          sessionId: null,
          paymentIntentId,
        },
        fact: {
          kind: 'charge_refunded',
          paymentIntentId,
          chargeId,
          amountCaptured: int(object.amount_captured) ?? int(object.amount) ?? 0,
          amountRefunded,
          currency,
        },
      };
    }
    default:
      return null;
  }
}

export class MalformedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEventError';
  }
}

/**
 * What a Checkout Session read back from Stripe says, as a fact: the success page, the admin's sync
 * and the reconciler all apply it through the same path as webhooks. Null when there is nothing new
 * to tell (an open session nobody has tried to pay).
 */
export function factFromSession(session: SessionSnapshot, attemptNo: number): PaymentFact | null {
  const intent = session.paymentIntent;
  const money = {
    amountTotal: session.amountTotal,
    currency: session.currency,
    customerEmail: session.customerEmail,
  };
  const common = { sessionId: session.id, attemptNo, paymentIntentId: session.paymentIntentId };
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
      return { kind: 'session_expired', sessionId: session.id, attemptNo };
    case 'open':
      if (intent?.status === 'requires_payment_method' && intent.lastPaymentError) {
        return {
          kind: 'payment_failed',
          paymentIntentId: intent.id,
          attemptNo,
          code: intent.lastPaymentError.code,
          declineCode: intent.lastPaymentError.declineCode,
          message: intent.lastPaymentError.message,
        };
      }
      return null;
  }
}
