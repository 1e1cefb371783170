import type { UnmatchedReason } from '@checkstand/contract';
import type { Tx } from '../../../db/database.js';
import type { CheckoutAttemptRow, OrderRow } from '../../../db/schema.js';
import { ordersRepository as orders } from '../../orders/orders.repository.js';
import type { RefundInfo } from '../../orders/payment-fact.js';
import type { FactRouting } from './event-translation.js';

/**
 * Attribution: which order a Stripe fact is provably about (docs/design.md, "What is trusted"). A fact changes
 * an order only when
 * - its session id is one the store recorded, or its payment intent is one the store recorded (read off one of
 *   its sessions, or paid through one); or
 * - its metadata names an attempt the store reserved and the store, asking Stripe itself, finds that the fact's
 *   session or intent is that attempt's: the session created under the attempt's idempotency key (the
 *   create-vs-webhook race), or the intent of the attempt's recorded session.
 * Anything else is recorded as unmatched and changes nothing, whatever its metadata or `client_reference_id` say.
 */

export type Located = { order: OrderRow; attempt: CheckoutAttemptRow | null };

/** Stripe must be asked before the fact can be placed; the caller does it outside any transaction. */
export type Verification =
  | { kind: 'recover_session'; orderId: string; attemptNo: number }
  | { kind: 'read_payment_intent'; paymentIntentId: string }
  /** Not attribution's: the refunds of a payment, for a `charge.refunded` event that did not list them. */
  | { kind: 'list_refunds'; paymentIntentId: string }
  /** Not attribution's: the code a customer typed, for a payment whose session names only its id. */
  | { kind: 'read_promotion_code'; promotionCodeId: string }
  | {
      kind: 'confirm_payment_intent';
      orderId: string;
      attemptNo: number;
      sessionId: string;
      paymentIntentId: string;
    };

export type Attribution =
  | ({ kind: 'located' } & Located)
  | { kind: 'unmatched'; note: UnmatchedReason }
  | { kind: 'verify'; verification: Verification };

/** What verifications already told, so attribution never asks twice for one fact. */
export interface Verified {
  /** `orderId:attemptNo` of attempts whose session creation was replayed. */
  recovered: Set<string>;
  /** Payment intents checked against their attempt's session: true when they belong to it. */
  paymentIntents: Map<string, boolean>;
  /** What a payment intent's own metadata claims, read from Stripe (null: nothing of ours). */
  intentClaims: Map<string, { orderId: string; attemptNo: number } | null>;
  /** A payment's refunds as Stripe listed them. */
  refundLists: Map<string, RefundInfo[]>;
  /** Promotion codes' text by id. */
  promotionCodes: Map<string, string>;
}

export const noneVerified = (): Verified => ({
  recovered: new Set(),
  paymentIntents: new Map(),
  intentClaims: new Map(),
  refundLists: new Map(),
  promotionCodes: new Map(),
});
export const attemptKey = (orderId: string, attemptNo: number) => `${orderId}:${attemptNo}`;

/**
 * Finds and locks (order first, then the attempt) the order a fact is provably about. `preLocked`: the caller
 * already looked the session up and locked its order (the webhook claims the event and does that in one round
 * trip); null when no recorded session has that id.
 */
export async function attribute(
  tx: Tx,
  routing: FactRouting,
  verified: Verified,
  preLocked?: Located | null,
): Promise<Attribution> {
  if (preLocked) return { kind: 'located', ...preLocked };
  if (routing.sessionId) {
    const known = preLocked === null ? null : await orders.lockOrderBySession(tx, routing.sessionId);
    if (known) return { kind: 'located', ...known };
    const sessionId = routing.sessionId;
    return claimedAttempt(tx, routing, verified, 'unknown_session', (attempt, order) =>
      // Recorded between the lookup and the lock (a concurrent recovery of the same session): it is ours.
      attempt.sessionId === sessionId
        ? { kind: 'located', order, attempt }
        : { kind: 'unmatched', note: 'foreign_session' },
    );
  }
  if (routing.paymentIntentId) {
    const owner = await orders.findPaymentIntentOwner(tx, routing.paymentIntentId);
    if (owner) {
      if (owner.attemptNo !== null) {
        const located = await orders.lockOrderWithAttempt(tx, owner.orderId, owner.attemptNo);
        if (located) return { kind: 'located', ...located };
      }
      const order = await orders.lockOrder(tx, owner.orderId);
      return order ? { kind: 'located', order, attempt: null } : { kind: 'unmatched', note: 'unknown_order' };
    }
    const paymentIntentId = routing.paymentIntentId;
    let claims = routing;
    if (routing.claimsOnIntent && !routing.claimedOrderId) {
      // A charge does not carry its intent's metadata: Stripe is asked what the intent claims.
      if (!verified.intentClaims.has(paymentIntentId)) {
        return { kind: 'verify', verification: { kind: 'read_payment_intent', paymentIntentId } };
      }
      const read = verified.intentClaims.get(paymentIntentId);
      claims = {
        ...routing,
        claimedOrderId: read?.orderId ?? null,
        claimedAttemptNo: read?.attemptNo ?? null,
      };
    }
    return claimedAttempt(tx, claims, verified, 'unknown_payment_intent', (attempt, order) => {
      // Recorded between the lookup and the lock (another instance verified the same intent): it is ours.
      if (attempt.paymentIntentId === paymentIntentId) return { kind: 'located', order, attempt };
      if (attempt.paymentIntentId !== null || verified.paymentIntents.get(paymentIntentId) === false) {
        // The attempt's session has another intent, or Stripe said this one is not the session's.
        return { kind: 'unmatched', note: 'unknown_payment_intent' };
      }
      return {
        kind: 'verify',
        verification: {
          kind: 'confirm_payment_intent',
          orderId: order.id,
          attemptNo: attempt.attemptNo,
          sessionId: attempt.sessionId!,
          paymentIntentId,
        },
      };
    });
  }
  return { kind: 'unmatched', note: 'no_reference' };
}

/**
 * The attempt the metadata names, locked with its order. An attempt with no recorded session may be one whose
 * creation the store never heard back from: replaying that creation (same idempotency key) tells whether the
 * fact's session is ours. `withSession` decides for an attempt whose session is recorded.
 */
async function claimedAttempt(
  tx: Tx,
  routing: FactRouting,
  verified: Verified,
  otherwise: UnmatchedReason,
  /** Decides for an attempt whose session is recorded. */
  withSession: (attempt: CheckoutAttemptRow, order: OrderRow) => Attribution,
): Promise<Attribution> {
  const { claimedOrderId: orderId, claimedAttemptNo: attemptNo } = routing;
  if (!orderId || attemptNo === null) return { kind: 'unmatched', note: otherwise };
  const located = await orders.lockOrderWithAttempt(tx, orderId, attemptNo);
  if (!located) return { kind: 'unmatched', note: otherwise };
  const { order, attempt } = located;
  if (attempt.sessionId === null) {
    if (verified.recovered.has(attemptKey(orderId, attemptNo))) {
      return { kind: 'unmatched', note: 'foreign_session' };
    }
    return { kind: 'verify', verification: { kind: 'recover_session', orderId, attemptNo } };
  }
  return withSession(attempt, order);
}
