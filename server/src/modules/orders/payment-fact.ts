import type { DisputeStatus, RefundStatus } from '@checkstand/contract';
import type { OrderChargesJson, SessionCharges } from '../../db/schema.js';

/** What a paid session charged: Stripe's figures, and (once the applier completed them) the order's breakdown. */
interface Charged {
  charges: SessionCharges | null;
  /** `charges` with the code's text, the shipping method's name and the tax mode, from the attempt and Stripe. */
  charged?: OrderChargesJson | null;
}

/**
 * A fact Stripe told us about a payment, from a webhook event, an event found by the sweep, or an object read
 * back from the API (success-page sync, admin sync, the watch list). Which order and attempt it is about is
 * established before, by attribution (payments/stripe-events/attribution.ts): a fact carries no claim of its own.
 */
export type PaymentFact =
  | ({
      kind: 'checkout_completed';
      sessionId: string;
      paymentStatus: 'paid' | 'unpaid' | 'no_payment_required';
      paymentIntentId: string | null;
      amountTotal: number | null;
      currency: string | null;
      customerEmail: string | null;
    } & Charged)
  | ({
      kind: 'async_payment_succeeded';
      sessionId: string;
      paymentIntentId: string | null;
      amountTotal: number | null;
      currency: string | null;
      customerEmail: string | null;
    } & Charged)
  | { kind: 'async_payment_failed'; sessionId: string; paymentIntentId: string | null }
  | { kind: 'session_expired'; sessionId: string }
  | {
      kind: 'payment_failed';
      paymentIntentId: string;
      code: string | null;
      declineCode: string | null;
      message: string | null;
    }
  | { kind: 'payment_canceled'; paymentIntentId: string; reason: string | null }
  | {
      kind: 'refunds_reported';
      /** Null for a charge made without a payment intent (not by Checkout): never one of ours. */
      paymentIntentId: string | null;
      chargeId: string | null;
      /**
       * The refunds as the event showed them; null when it did not list them (`charge.refunded` of recent API
       * versions): the applier reads them back from Stripe before deciding.
       */
      refunds: RefundInfo[] | null;
    }
  | ({ kind: 'dispute_reported' } & DisputeInfo)
  | ({ kind: 'fraud_warning_reported' } & FraudWarningInfo);

/** A refund as Stripe reported it. */
export interface RefundInfo {
  id: string;
  paymentIntentId: string;
  amount: number;
  currency: string;
  status: RefundStatus;
  reason: string | null;
  failureReason: string | null;
  /** The admin who asked for it (only on the store's own request). */
  requestedBy?: string | null;
}

/** A dispute (or an inquiry) as Stripe reported it. */
export interface DisputeInfo {
  /** Stripe's dispute id (`du_…`/`dp_…`). */
  id: string;
  paymentIntentId: string | null;
  chargeId: string | null;
  amount: number;
  currency: string;
  reason: string;
  status: DisputeStatus;
  evidenceDueBy: Date | null;
  /** Running totals from the dispute's balance transactions. */
  amountWithdrawn: number;
  amountReinstated: number;
  openedAt: Date;
}

/** A Stripe Radar early fraud warning. */
export interface FraudWarningInfo {
  /** Stripe's warning id (`issfr_…`). */
  id: string;
  paymentIntentId: string | null;
  chargeId: string | null;
  fraudType: string;
  /** Refunding now avoids the dispute; false once disputed or refunded in full (it never comes back). */
  actionable: boolean;
  raisedAt: Date;
}

export type FactKind = PaymentFact['kind'];

/** Facts about the order's money (a payment, a refund, a dispute, a warning): deciding them needs its payments. */
export function isMoneyFact(fact: PaymentFact): boolean {
  return (
    fact.kind === 'refunds_reported' ||
    fact.kind === 'dispute_reported' ||
    fact.kind === 'fraud_warning_reported' ||
    fact.kind === 'async_payment_succeeded' ||
    (fact.kind === 'checkout_completed' && fact.paymentStatus !== 'unpaid')
  );
}
