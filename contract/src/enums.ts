import { z } from 'zod';

/**
 * The vocabularies the server, the storefront, the admin and the tests share. Each list is the one place its
 * values are spelled; the database's check constraints repeat them (a migration changes both).
 */

/** An order's status. The transition table between them is the server's (`orders/order-state-machine.ts`). */
export const ORDER_STATUSES = [
  'pending',
  'processing',
  'paid',
  'payment_mismatch',
  'failed',
  'cancelled',
  'expired',
  'partially_refunded',
  'refunded',
] as const;
export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** Money was received and it matched what the order expects (refunds may have followed). */
export const PAID_STATUSES = [
  'paid',
  'partially_refunded',
  'refunded',
] as const satisfies readonly OrderStatus[];
export const isPaidStatus = (status: OrderStatus): boolean =>
  (PAID_STATUSES as readonly string[]).includes(status);

/** Money was received: matched (the paid statuses) or not (`payment_mismatch`, never to be fulfilled). */
export const MONEY_STATUSES = [
  ...PAID_STATUSES,
  'payment_mismatch',
] as const satisfies readonly OrderStatus[];
export const hasReceivedMoney = (status: OrderStatus): boolean =>
  (MONEY_STATUSES as readonly string[]).includes(status);

/** Still waiting on the payment provider: worth asking again. */
export const WAITING_STATUSES = ['pending', 'processing'] as const satisfies readonly OrderStatus[];
export const isWaitingStatus = (status: OrderStatus): boolean =>
  (WAITING_STATUSES as readonly string[]).includes(status);

/** A checkout attempt: one Checkout Session of an order, reserved before Stripe is called. */
export const ATTEMPT_STATUSES = ['creating', 'open', 'complete', 'expired', 'abandoned'] as const;
export const AttemptStatus = z.enum(ATTEMPT_STATUSES);
export type AttemptStatus = z.infer<typeof AttemptStatus>;

/** What the payment in an attempt's session came to so far (null: nobody tried to pay yet). */
export const ATTEMPT_OUTCOMES = ['declined', 'processing', 'paid', 'failed'] as const;
export const AttemptOutcome = z.enum(ATTEMPT_OUTCOMES);
export type AttemptOutcome = z.infer<typeof AttemptOutcome>;

/**
 * The watch list: every session the store created is `watching` until Stripe says it is terminal (`done`), or
 * `lost` when Stripe keeps answering that it does not know it.
 */
export const WATCH_STATES = ['watching', 'done', 'lost'] as const;
export const WatchState = z.enum(WATCH_STATES);
export type WatchState = z.infer<typeof WatchState>;

/** A payment received for an order, by its payment intent. */
export const PAYMENT_STATUSES = ['succeeded', 'partially_refunded', 'refunded'] as const;
export const PaymentStatus = z.enum(PAYMENT_STATUSES);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

/** `primary`: the payment the order's status is about; `extra`: any other (a duplicate), to be refunded. */
export const PAYMENT_ROLES = ['primary', 'extra'] as const;
export const PaymentRole = z.enum(PAYMENT_ROLES);
export type PaymentRole = z.infer<typeof PaymentRole>;

/** Stripe's refund statuses. */
export const REFUND_STATUSES = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] as const;
export const RefundStatus = z.enum(REFUND_STATUSES);
export type RefundStatus = z.infer<typeof RefundStatus>;

/**
 * Marks on an order that need the owner's attention, kept by the server from the order's payments, disputes and
 * early fraud warnings: `duplicate_payment` (an extra payment still holds money), `dispute_open` (a dispute or an
 * inquiry awaits its outcome), `dispute_lost`, `fraud_warning` (an actionable early fraud warning), `oversold` (paid
 * after its stock hold ended and the stock was gone: it needs stock, or a refund).
 */
export const ORDER_FLAGS = [
  'duplicate_payment',
  'dispute_open',
  'dispute_lost',
  'fraud_warning',
  'oversold',
] as const;
export const OrderFlag = z.enum(ORDER_FLAGS);
export type OrderFlag = z.infer<typeof OrderFlag>;

/** The Stripe event types the store acts on; every other type is recorded and acknowledged. */
export const HANDLED_STRIPE_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'charge.refunded',
  'charge.refund.updated',
  'refund.created',
  'refund.updated',
  'refund.failed',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
  'radar.early_fraud_warning.created',
  'radar.early_fraud_warning.updated',
] as const;
export type HandledStripeEventType = (typeof HANDLED_STRIPE_EVENT_TYPES)[number];

/** Who or what wrote a history row. */
export const HISTORY_SOURCES = ['webhook', 'sweep', 'customer', 'admin', 'reconcile'] as const;
export const HistorySource = z.enum(HISTORY_SOURCES);
export type HistorySource = z.infer<typeof HistorySource>;

/** `applied`: it happened; `ignored`: recorded only; `failed`: an action that did not go through. */
export const HISTORY_OUTCOMES = ['applied', 'ignored', 'failed'] as const;
export const HistoryOutcome = z.enum(HISTORY_OUTCOMES);
export type HistoryOutcome = z.infer<typeof HistoryOutcome>;

/** What a history row is about: a Stripe event (by its type) or one of the store's own steps. */
export const HISTORY_KINDS = [
  ...HANDLED_STRIPE_EVENT_TYPES,
  'order_created',
  'checkout_session_created',
  'checkout_session_failed',
  'checkout_session_abandoned',
  'checkout_session_unwanted',
  'checkout_session_lost',
  'no_open_session',
  'session_synced',
  'session_reconciled',
  'admin_sync',
  'retry',
  'customer_cancelled',
  'refund_requested',
  'order_fulfilled',
  'order_fulfilled_override',
  'order_returned',
] as const;
export const HistoryKind = z.enum(HISTORY_KINDS);
export type HistoryKind = z.infer<typeof HistoryKind>;

/** How a webhook request ended. */
export const DELIVERY_RESULTS = ['accepted', 'duplicate', 'rejected', 'error'] as const;
export const DeliveryResult = z.enum(DELIVERY_RESULTS);
export type DeliveryResult = z.infer<typeof DeliveryResult>;

/** What the store did with a Stripe event it recorded. */
export const STRIPE_EVENT_OUTCOMES = ['applied', 'ignored', 'unmatched'] as const;
export const StripeEventOutcome = z.enum(STRIPE_EVENT_OUTCOMES);
export type StripeEventOutcome = z.infer<typeof StripeEventOutcome>;

/** How a Stripe event reached the store: pushed by Stripe, or found by the sweep of Stripe's event list. */
export const EVENT_CHANNELS = ['webhook', 'sweep'] as const;
export const EventChannel = z.enum(EVENT_CHANNELS);
export type EventChannel = z.infer<typeof EventChannel>;

/** Why a Stripe event matched no order: it is not provably about any (docs/design.md, "What is trusted"). */
export const UNMATCHED_REASONS = [
  'no_reference',
  'unknown_session',
  'foreign_session',
  'unknown_payment_intent',
  'unknown_order',
] as const;
export const UnmatchedReason = z.enum(UNMATCHED_REASONS);
export type UnmatchedReason = z.infer<typeof UnmatchedReason>;

/** Stripe's dispute statuses (`warning_*`: an inquiry, no money withdrawn yet). */
export const DISPUTE_STATUSES = [
  'warning_needs_response',
  'warning_under_review',
  'warning_closed',
  'needs_response',
  'under_review',
  'won',
  'lost',
] as const;
export const DisputeStatus = z.enum(DISPUTE_STATUSES);
export type DisputeStatus = z.infer<typeof DisputeStatus>;
/** A dispute still awaiting its outcome: the order must not ship. */
export const OPEN_DISPUTE_STATUSES = [
  'warning_needs_response',
  'warning_under_review',
  'needs_response',
  'under_review',
] as const satisfies readonly DisputeStatus[];
/** Awaiting the owner's evidence (with a due date). */
export const DISPUTE_NEEDS_RESPONSE = [
  'warning_needs_response',
  'needs_response',
] as const satisfies readonly DisputeStatus[];

/** Where the goods are. */
export const FULFILMENT_STATUSES = ['unfulfilled', 'fulfilled', 'returned'] as const;
export const FulfilmentStatus = z.enum(FULFILMENT_STATUSES);
export type FulfilmentStatus = z.infer<typeof FulfilmentStatus>;

/**
 * "Ready to ship" is computed, never stored: the money matches and nothing was refunded in full
 * (`READY_STATUSES`), no flag blocks it (`BLOCKING_FLAGS`), and it has not shipped yet. The reasons it is not:
 */
export const READY_STATUSES = ['paid', 'partially_refunded'] as const satisfies readonly OrderStatus[];
export const BLOCKING_FLAGS = [
  'duplicate_payment',
  'dispute_open',
  'dispute_lost',
  'fraud_warning',
  'oversold',
] as const satisfies readonly OrderFlag[];
export const NOT_READY_REASONS = [
  'not_paid',
  'payment_mismatch',
  'refunded_in_full',
  'duplicate_payment',
  'dispute_open',
  'dispute_lost',
  'fraud_warning',
  'oversold',
  'already_fulfilled',
  'returned',
] as const;
export const NotReadyReason = z.enum(NOT_READY_REASONS);
export type NotReadyReason = z.infer<typeof NotReadyReason>;

/** Why an order is not ready to ship (empty: it is). One rule, used by the server's list filter and its views. */
export function notReadyBecause(order: {
  status: OrderStatus;
  flags: readonly string[];
  fulfilmentStatus: FulfilmentStatus;
}): NotReadyReason[] {
  const reasons: NotReadyReason[] = [];
  if (order.status === 'payment_mismatch') reasons.push('payment_mismatch');
  else if (order.status === 'refunded') reasons.push('refunded_in_full');
  else if (!(READY_STATUSES as readonly string[]).includes(order.status)) reasons.push('not_paid');
  for (const flag of BLOCKING_FLAGS) if (order.flags.includes(flag)) reasons.push(flag);
  if (order.fulfilmentStatus === 'fulfilled') reasons.push('already_fulfilled');
  if (order.fulfilmentStatus === 'returned') reasons.push('returned');
  return reasons;
}
