import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DisputeStatus, RefundStatus } from '@checkstand/contract';
import type { CheckoutAttemptRow, OrderRow, PaymentRow } from '../../../db/schema.js';
import {
  type DisputeSnapshot,
  type FraudWarningSnapshot,
  type RefundSnapshot,
  decide,
} from '../../orders/order-decision.js';
import { type OrderStatus, nextStatus } from '../../orders/order-state-machine.js';
import type { OrderChange } from '../../orders/order-change.js';
import { watchStateOf } from '../../orders/order-writer.js';
import type { PaymentFact } from '../../orders/payment-fact.js';
import { attemptSnapshotOf, changeFor, snapshotOf } from './fact-applier.service.js';

/**
 * Delivery order never matters: for each scenario, every permutation, duplication and delay of its events (fast-
 * check generates them) ends in one final state, with one history row per event and a history whose applied rows
 * chain from `pending` to that state. The facts go through the real decision and the real change it makes; only
 * the database is replaced by an in-memory copy of what the writer does (the integration suite runs the same
 * scenarios through the real webhook, `test/delivery-order.test.ts`).
 */

const TOTAL = 5000;

/**
 * One event Stripe sends: its id, the attempt (session) it is about, its fact. Or the customer's retry, which
 * first expires the current session at Stripe and applies what Stripe answers (`readBack`: the session expired,
 * or it turned out paid and the retry is refused).
 */
type Step =
  | { id: string; kind: 'event'; attemptNo: number; fact: PaymentFact; after?: string[] }
  | { id: string; kind: 'retry'; readBack: PaymentFact; after?: string[] };

interface Scenario {
  name: string;
  steps: Step[];
  final: {
    status: OrderStatus;
    flags: string[];
    received: number;
    refunded: number;
    /** `id:status` of every refund, dispute, warning (`id:actionable`), sorted; checked when given. */
    objects?: string[];
  };
}

const session = (n: number) => `cs_${n}`;
const completedPaid = (n: number, pi: string, amount = TOTAL): PaymentFact => ({
  kind: 'checkout_completed',
  sessionId: session(n),
  paymentStatus: 'paid',
  paymentIntentId: pi,
  amountTotal: amount,
  currency: 'usd',
  customerEmail: null,
  charges: null,
});
const completedUnpaid = (n: number, pi: string): PaymentFact => ({
  kind: 'checkout_completed',
  sessionId: session(n),
  paymentStatus: 'unpaid',
  paymentIntentId: pi,
  amountTotal: TOTAL,
  currency: 'usd',
  customerEmail: null,
  charges: null,
});
const asyncSucceeded = (n: number, pi: string): PaymentFact => ({
  kind: 'async_payment_succeeded',
  sessionId: session(n),
  paymentIntentId: pi,
  amountTotal: TOTAL,
  currency: 'usd',
  customerEmail: null,
  charges: null,
});
const asyncFailed = (n: number, pi: string): PaymentFact => ({
  kind: 'async_payment_failed',
  sessionId: session(n),
  paymentIntentId: pi,
});
const declined = (pi: string, code = 'card_declined'): PaymentFact => ({
  kind: 'payment_failed',
  paymentIntentId: pi,
  code,
  declineCode: code === 'card_declined' ? 'generic_decline' : null,
  message: null,
});
const expired = (n: number): PaymentFact => ({ kind: 'session_expired', sessionId: session(n) });
type RefundState = [id: string, amount: number, status: RefundStatus];
/** A refund event (`refund.*`, `charge.refund.updated`): one refund. */
const refund = (pi: string, id: string, amount: number, status: RefundStatus): PaymentFact =>
  charge(pi, [[id, amount, status]]);
/** `charge.refunded`: the charge's refunds as they stood when it was sent (or as Stripe listed them then). */
const charge = (pi: string, refunds: RefundState[]): PaymentFact => ({
  kind: 'refunds_reported',
  paymentIntentId: pi,
  chargeId: `ch_${pi}`,
  refunds: refunds.map(([id, amount, status]) => ({
    id,
    paymentIntentId: pi,
    amount,
    currency: 'usd',
    status,
    reason: null,
    failureReason: status === 'failed' ? 'expired_or_canceled_card' : null,
  })),
});
const dispute = (
  pi: string,
  status: DisputeStatus,
  money: { withdrawn?: number; reinstated?: number } = {},
): PaymentFact => ({
  kind: 'dispute_reported',
  id: `dp_${pi}`,
  paymentIntentId: pi,
  chargeId: `ch_${pi}`,
  amount: TOTAL,
  currency: 'usd',
  reason: status.startsWith('warning') ? 'general' : 'fraudulent',
  status,
  evidenceDueBy: new Date('2026-01-10T00:00:00Z'),
  amountWithdrawn: money.withdrawn ?? 0,
  amountReinstated: money.reinstated ?? 0,
  openedAt: new Date('2026-01-02T00:00:00Z'),
});
const warning = (pi: string, actionable: boolean): PaymentFact => ({
  kind: 'fraud_warning_reported',
  id: `issfr_${pi}`,
  paymentIntentId: pi,
  chargeId: `ch_${pi}`,
  fraudType: 'made_with_stolen_card',
  actionable,
  raisedAt: new Date('2026-01-02T00:00:00Z'),
});
const ev = (id: string, attemptNo: number, fact: PaymentFact, after?: string[]): Step => ({
  id,
  kind: 'event',
  attemptNo,
  fact,
  ...(after ? { after } : {}),
});

const SCENARIOS: Scenario[] = [
  {
    name: 'card success',
    steps: [ev('paid', 1, completedPaid(1, 'pi_1'))],
    final: { status: 'paid', flags: [], received: TOTAL, refunded: 0 },
  },
  {
    name: 'card decline, then success in the same session',
    steps: [ev('declined', 1, declined('pi_1')), ev('paid', 1, completedPaid(1, 'pi_1'))],
    final: { status: 'paid', flags: [], received: TOTAL, refunded: 0 },
  },
  {
    name: 'decline, then a SEPA debit that succeeds',
    steps: [
      ev('declined', 1, declined('pi_1')),
      ev('processing', 1, completedUnpaid(1, 'pi_1')),
      ev('succeeded', 1, asyncSucceeded(1, 'pi_1')),
    ],
    final: { status: 'paid', flags: [], received: TOTAL, refunded: 0 },
  },
  {
    name: 'decline, then a SEPA debit that fails',
    steps: [
      ev('declined', 1, declined('pi_1')),
      ev('processing', 1, completedUnpaid(1, 'pi_1')),
      ev('debit_failed', 1, declined('pi_1', 'insufficient_funds')),
      ev('failed', 1, asyncFailed(1, 'pi_1')),
    ],
    final: { status: 'failed', flags: [], received: 0, refunded: 0 },
  },
  {
    name: 'expiry of an untouched session',
    steps: [ev('expired', 1, expired(1))],
    final: { status: 'expired', flags: [], received: 0, refunded: 0 },
  },
  {
    name: 'decline, then expiry',
    steps: [ev('declined', 1, declined('pi_1')), ev('expired', 1, expired(1))],
    final: { status: 'expired', flags: [], received: 0, refunded: 0 },
  },
  {
    name: 'decline, retry (the old session expired by the store), payment of the new session',
    steps: [
      ev('declined', 1, declined('pi_1')),
      { id: 'retry', kind: 'retry', readBack: expired(1) },
      ev('expired', 1, expired(1), ['retry']),
      ev('paid', 2, completedPaid(2, 'pi_2'), ['retry']),
    ],
    final: { status: 'paid', flags: [], received: TOTAL, refunded: 0 },
  },
  {
    name: 'expiry racing a payment: the payment won at Stripe, so the retry is refused',
    steps: [
      { id: 'retry', kind: 'retry', readBack: completedPaid(1, 'pi_1') },
      ev('paid', 1, completedPaid(1, 'pi_1')),
    ],
    final: { status: 'paid', flags: [], received: TOTAL, refunded: 0 },
  },
  {
    name: 'expiry racing a payment: the expiry won at Stripe, the session of the retry is paid',
    steps: [
      { id: 'retry', kind: 'retry', readBack: expired(1) },
      ev('expired', 1, expired(1), ['retry']),
      ev('paid', 2, completedPaid(2, 'pi_2'), ['retry']),
    ],
    final: { status: 'paid', flags: [], received: TOTAL, refunded: 0 },
  },
  {
    name: 'payment, then a partial and a full refund',
    steps: [
      ev('paid', 1, completedPaid(1, 'pi_1')),
      ev('refund_part', 1, refund('pi_1', 're_1', 1000, 'succeeded'), ['paid']),
      ev('refund_rest', 1, refund('pi_1', 're_2', TOTAL - 1000, 'succeeded'), ['refund_part']),
      ev('charge_refunded', 1, charge('pi_1', [['re_1', 1000, 'succeeded']]), ['refund_part']),
    ],
    final: {
      status: 'refunded',
      flags: [],
      received: TOTAL,
      refunded: TOTAL,
      objects: ['re_1:succeeded', 're_2:succeeded'],
    },
  },
  {
    name: 'payment and a refund of it, the refund possibly first',
    steps: [
      ev('paid', 1, completedPaid(1, 'pi_1')),
      ev('refund', 1, refund('pi_1', 're_1', 1200, 'succeeded')),
    ],
    final: { status: 'partially_refunded', flags: [], received: TOTAL, refunded: 1200 },
  },
  {
    name: 'a full refund that fails after it succeeded: the order is paid again',
    steps: [
      ev('paid', 1, completedPaid(1, 'pi_1')),
      ev('created', 1, refund('pi_1', 're_1', TOTAL, 'succeeded')),
      ev('charge_refunded', 1, charge('pi_1', [['re_1', TOTAL, 'succeeded']])),
      ev('failed', 1, refund('pi_1', 're_1', TOTAL, 'failed')),
    ],
    final: { status: 'paid', flags: [], received: TOTAL, refunded: 0, objects: ['re_1:failed'] },
  },
  {
    name: 'two refunds, one pending then succeeded, the other failing later',
    steps: [
      ev('paid', 1, completedPaid(1, 'pi_1')),
      ev('r1', 1, refund('pi_1', 're_1', 2000, 'succeeded')),
      ev('r2_pending', 1, refund('pi_1', 're_2', 3000, 'pending')),
      ev('r2_done', 1, refund('pi_1', 're_2', 3000, 'succeeded')),
      ev(
        'charge',
        1,
        charge('pi_1', [
          ['re_1', 2000, 'succeeded'],
          ['re_2', 3000, 'pending'],
        ]),
      ),
      ev('r1_failed', 1, refund('pi_1', 're_1', 2000, 'failed')),
    ],
    final: {
      status: 'partially_refunded',
      flags: [],
      received: TOTAL,
      refunded: 3000,
      objects: ['re_1:failed', 're_2:succeeded'],
    },
  },
  {
    name: 'a dispute lost',
    steps: [
      ev('paid', 1, completedPaid(1, 'pi_1')),
      ev('created', 1, dispute('pi_1', 'needs_response', { withdrawn: TOTAL })),
      ev('withdrawn', 1, dispute('pi_1', 'needs_response', { withdrawn: TOTAL })),
      ev('evidence', 1, dispute('pi_1', 'under_review', { withdrawn: TOTAL })),
      ev('closed', 1, dispute('pi_1', 'lost', { withdrawn: TOTAL })),
    ],
    final: {
      status: 'paid',
      flags: ['dispute_lost'],
      received: TOTAL,
      refunded: 0,
      objects: ['dp_pi_1:lost'],
    },
  },
  {
    name: 'a dispute won: the money comes back',
    steps: [
      ev('paid', 1, completedPaid(1, 'pi_1')),
      ev('created', 1, dispute('pi_1', 'needs_response')),
      ev('withdrawn', 1, dispute('pi_1', 'needs_response', { withdrawn: TOTAL })),
      ev('reinstated', 1, dispute('pi_1', 'won', { withdrawn: TOTAL, reinstated: TOTAL })),
      ev('closed', 1, dispute('pi_1', 'won', { withdrawn: TOTAL, reinstated: TOTAL })),
    ],
    final: { status: 'paid', flags: [], received: TOTAL, refunded: 0, objects: ['dp_pi_1:won'] },
  },
  {
    name: 'an inquiry that closes without a dispute',
    steps: [
      ev('paid', 1, completedPaid(1, 'pi_1')),
      ev('created', 1, dispute('pi_1', 'warning_needs_response')),
      ev('review', 1, dispute('pi_1', 'warning_under_review')),
      ev('closed', 1, dispute('pi_1', 'warning_closed')),
    ],
    final: { status: 'paid', flags: [], received: TOTAL, refunded: 0, objects: ['dp_pi_1:warning_closed'] },
  },
  {
    name: 'an early fraud warning, answered with a full refund',
    steps: [
      ev('paid', 1, completedPaid(1, 'pi_1')),
      ev('warned', 1, warning('pi_1', true)),
      ev('refund', 1, refund('pi_1', 're_1', TOTAL, 'succeeded')),
      ev('no_longer_actionable', 1, warning('pi_1', false)),
    ],
    final: {
      status: 'refunded',
      flags: [],
      received: TOTAL,
      refunded: TOTAL,
      objects: ['issfr_pi_1:false', 're_1:succeeded'],
    },
  },
  {
    name: 'an early fraud warning followed by a dispute',
    steps: [
      ev('paid', 1, completedPaid(1, 'pi_1')),
      ev('warned', 1, warning('pi_1', true)),
      ev('disputed', 1, dispute('pi_1', 'needs_response', { withdrawn: TOTAL })),
      ev('no_longer_actionable', 1, warning('pi_1', false)),
    ],
    final: {
      status: 'paid',
      flags: ['dispute_open'],
      received: TOTAL,
      refunded: 0,
      objects: ['dp_pi_1:needs_response', 'issfr_pi_1:false'],
    },
  },
  {
    name: 'duplicate payment: a second intent reported for the same order',
    steps: [ev('paid', 1, completedPaid(1, 'pi_1')), ev('paid_again', 1, completedPaid(1, 'pi_2'))],
    final: { status: 'paid', flags: ['duplicate_payment'], received: 2 * TOTAL, refunded: 0 },
  },
  {
    name: 'a payment that does not match, then the right one',
    steps: [ev('short', 1, completedPaid(1, 'pi_1', 50)), ev('right', 1, completedPaid(1, 'pi_2'))],
    final: { status: 'paid', flags: ['duplicate_payment'], received: TOTAL + 50, refunded: 0 },
  },
];

/** The store's tables for one order, in memory. */
interface World {
  order: OrderRow;
  attempts: Map<number, CheckoutAttemptRow>;
  payments: Map<string, PaymentRow>;
  refunds: Map<string, RefundSnapshot>;
  disputes: Map<string, DisputeSnapshot>;
  warnings: Map<string, FraudWarningSnapshot>;
  history: { from: string; to: string | null; outcome: string; eventId: string | null }[];
  seen: Set<string>;
  /** Deliveries answered 5xx, which Stripe makes again. */
  retries: Extract<Step, { kind: 'event' }>[];
}

function newWorld(): World {
  const now = new Date('2026-01-01T00:00:00Z');
  const order: OrderRow = {
    id: 'ord_property00000',
    status: 'pending',
    statusReason: null,
    currency: 'usd',
    totalAmount: TOTAL,
    items: [{ productId: 'prod_x', title: 'Mug', unitAmount: TOTAL, quantity: 1 }],
    customerEmail: null,
    accessTokenHash: 'x',
    currentAttemptNo: 1,
    currentSessionId: session(1),
    amountReceived: null,
    amountRefunded: 0,
    paymentIntentId: null,
    paidAt: null,
    flags: [],
    fulfilmentStatus: 'unfulfilled',
    fulfilledAt: null,
    carrier: null,
    trackingNumber: null,
    charges: null,
    contact: null,
    shippingCountry: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  return {
    order,
    attempts: new Map([[1, attemptRow(1)]]),
    payments: new Map(),
    refunds: new Map(),
    disputes: new Map(),
    warnings: new Map(),
    history: [],
    seen: new Set(),
    retries: [],
  };
}

function attemptRow(attemptNo: number): CheckoutAttemptRow {
  const now = new Date('2026-01-01T00:00:00Z');
  return {
    orderId: 'ord_property00000',
    attemptNo,
    sessionId: session(attemptNo),
    status: 'open',
    outcome: null,
    paymentStatus: null,
    paymentIntentId: null,
    url: null,
    expiresAt: now,
    idempotencyKey: `k${attemptNo}`,
    plan: {},
    lastSyncedAt: null,
    watch: 'watching',
    checkedAt: now,
    missingCount: 0,
    createdAt: now,
    updatedAt: now,
  };
}

/** What `writeChange` does, on the in-memory tables. */
function write(world: World, change: OrderChange): void {
  const from = world.order.status as OrderStatus;
  const to = change.trigger ? nextStatus(from, change.trigger) : from;
  if (!to) throw new Error(`illegal ${from} --${change.trigger}-->`);
  world.order = {
    ...world.order,
    ...change.order,
    status: to,
    ...(change.statusReason !== undefined ? { statusReason: change.statusReason } : {}),
  };
  if (change.attempt) {
    const next = { ...change.attempt.row, ...change.attempt.patch };
    world.attempts.set(next.attemptNo, {
      ...next,
      watch: watchStateOf(next, change.attempt.checked ?? false),
    });
  }
  if (change.newAttempt)
    world.attempts.set(change.newAttempt.attemptNo, attemptRow(change.newAttempt.attemptNo));
  if (change.newPayment && !world.payments.has(change.newPayment.paymentIntentId)) {
    const p = change.newPayment;
    world.payments.set(p.paymentIntentId, {
      paymentIntentId: p.paymentIntentId,
      orderId: p.orderId,
      attemptNo: p.attemptNo ?? null,
      sessionId: p.sessionId ?? null,
      amount: p.amount,
      currency: p.currency,
      amountRefunded: p.amountRefunded ?? 0,
      receivedAt: p.receivedAt,
      createdAt: p.receivedAt,
      updatedAt: p.receivedAt,
    });
  }
  if (change.paymentRefunded) {
    const payment = world.payments.get(change.paymentRefunded.paymentIntentId);
    if (payment) payment.amountRefunded = change.paymentRefunded.amountRefunded;
  }
  for (const r of change.refunds ?? []) {
    world.refunds.set(r.id, {
      id: r.id,
      paymentIntentId: r.paymentIntentId,
      amount: r.amount,
      currency: r.currency,
      status: r.status as RefundStatus,
      reason: r.reason ?? null,
      failureReason: r.failureReason ?? null,
      requestedBy: r.requestedBy ?? null,
    });
  }
  if (change.dispute) {
    const { orderId: _, ...d } = change.dispute;
    world.disputes.set(d.id, {
      ...d,
      paymentIntentId: d.paymentIntentId ?? null,
      chargeId: d.chargeId ?? null,
      status: d.status as DisputeStatus,
      evidenceDueBy: d.evidenceDueBy ?? null,
      amountWithdrawn: d.amountWithdrawn ?? 0,
      amountReinstated: d.amountReinstated ?? 0,
    });
  }
  if (change.fraudWarning) {
    const { orderId: _, ...w } = change.fraudWarning;
    world.warnings.set(w.id, {
      ...w,
      paymentIntentId: w.paymentIntentId ?? null,
      chargeId: w.chargeId ?? null,
    });
  }
  if (change.history) {
    world.history.push({
      from,
      to: change.trigger ? to : null,
      outcome: change.trigger ? 'applied' : (change.history.outcome ?? 'applied'),
      eventId: change.history.stripeEventId ?? null,
    });
  }
}

/** One delivery: the inbox's dedupe, attribution by session, the decision, the write. */
function deliverTo(world: World, step: Extract<Step, { kind: 'event' }>): void {
  if (world.seen.has(step.id)) return; // the dedupe: a copy changes nothing
  // Deferred (answered 5xx): not recorded, Stripe delivers it again later.
  if (apply(world, step.attemptNo, step.fact, step.id) === 'deferred') world.retries.push(step);
  else world.seen.add(step.id);
}

function apply(
  world: World,
  attemptNo: number,
  fact: PaymentFact,
  eventId: string | null,
): 'deferred' | void {
  let attempt = world.attempts.get(attemptNo) ?? null;
  if (!attempt) throw new Error(`no session for attempt ${attemptNo}: attribution would leave it unmatched`);
  const aboutPayment =
    fact.kind === 'refunds_reported' ||
    fact.kind === 'dispute_reported' ||
    fact.kind === 'fraud_warning_reported';
  if (aboutPayment && fact.paymentIntentId && !attempt.paymentIntentId) {
    // Attribution asked Stripe whose intent this is (the session's) and recorded it on the attempt.
    attempt = { ...attempt, paymentIntentId: fact.paymentIntentId };
    world.attempts.set(attemptNo, attempt);
  }
  const order = world.order;
  const decision = decide(
    snapshotOf(order),
    attempt ? attemptSnapshotOf(attempt) : null,
    {
      payments: [...world.payments.values()],
      refunds: [...world.refunds.values()],
      disputes: [...world.disputes.values()],
      fraudWarnings: [...world.warnings.values()],
    },
    fact,
  );
  if (decision.outcome === 'deferred') return 'deferred';
  write(
    world,
    changeFor(order, attempt, fact, decision, {
      source: eventId ? 'webhook' : 'customer',
      kind: eventId ? 'checkout.session.completed' : 'session_synced',
      ...(eventId ? { stripeEventId: eventId } : {}),
      occurredAt: new Date('2026-01-01T00:00:00Z'),
      recordIgnored: eventId !== null,
      checked: eventId === null,
    }),
  );
}

/**
 * The customer's retry, as `RetryCheckout` does it: the current session is expired at Stripe and what Stripe
 * answers is applied; then a new attempt, unless money arrived or a payment is processing (409).
 */
function retry(world: World, readBack: PaymentFact): void {
  apply(world, world.order.currentAttemptNo, readBack, null);
  const from = world.order.status as OrderStatus;
  if (['paid', 'partially_refunded', 'refunded', 'payment_mismatch', 'processing'].includes(from)) return;
  if (!nextStatus(from, 'retry')) return;
  const attemptNo = world.order.currentAttemptNo + 1;
  write(world, {
    trigger: 'retry',
    statusReason: null,
    order: { currentAttemptNo: attemptNo, currentSessionId: session(attemptNo) },
    newAttempt: {
      orderId: world.order.id,
      attemptNo,
      status: 'creating',
      expiresAt: new Date(),
      idempotencyKey: 'k',
      plan: {},
    },
    history: { source: 'customer', kind: 'retry' },
  });
}

/** Every order of the steps that keeps each step after the steps it needs, with copies of events. */
function deliveries(steps: Step[]) {
  return fc
    .tuple(
      fc.array(fc.nat(), { minLength: steps.length, maxLength: steps.length }),
      fc.array(fc.integer({ min: 0, max: 2 }), { minLength: steps.length, maxLength: steps.length }),
    )
    .map(([keys, copies]) => {
      const order = steps.map((step, i) => ({ step, key: keys[i]! })).sort((a, b) => a.key - b.key);
      const placed: Step[] = [];
      const pending = order.map((o) => o.step);
      while (pending.length > 0) {
        const index = pending.findIndex((s) =>
          (s.after ?? []).every((id) => placed.some((p) => p.id === id)),
        );
        placed.push(...pending.splice(index, 1));
      }
      // Copies of an event arrive later than the original, anywhere after it.
      const sequence: Step[] = [...placed];
      placed.forEach((step, i) => {
        if (step.kind !== 'event') return;
        for (let c = 0; c < copies[i]!; c += 1) {
          const original = sequence.indexOf(step);
          const room = sequence.length - original;
          sequence.splice(original + 1 + ((keys[i]! + c) % room), 0, step);
        }
      });
      return sequence;
    });
}

describe('delivery order never matters (the decision and its writes, every permutation)', () => {
  it.each(SCENARIOS)('$name', ({ steps, final }) => {
    fc.assert(
      fc.property(deliveries(steps), (sequence) => {
        const world = newWorld();
        for (const step of sequence) {
          if (step.kind === 'retry') retry(world, step.readBack);
          else deliverTo(world, step);
        }
        // Stripe's retries of what was deferred.
        for (let round = 0; round < 5 && world.retries.length > 0; round += 1) {
          for (const step of world.retries.splice(0)) deliverTo(world, step);
        }
        expect(world.retries).toEqual([]);
        const payments = [...world.payments.values()];
        const objects = [
          ...[...world.refunds.values()].map((r) => `${r.id}:${r.status}`),
          ...[...world.disputes.values()].map((d) => `${d.id}:${d.status}`),
          ...[...world.warnings.values()].map((w) => `${w.id}:${w.actionable}`),
        ].sort();
        expect({
          status: world.order.status,
          flags: world.order.flags,
          received: payments.reduce((sum, p) => sum + p.amount, 0),
          refunded: payments.reduce((sum, p) => sum + p.amountRefunded, 0),
          ...(final.objects ? { objects } : {}),
        }).toEqual(final);
        // The order's refunded amount is its primary payment's succeeded refunds.
        const primary = world.order.paymentIntentId;
        const succeeded = [...world.refunds.values()]
          .filter((r) => r.paymentIntentId === primary && r.status === 'succeeded')
          .reduce((sum, r) => sum + r.amount, 0);
        expect(world.order.amountRefunded).toBe(succeeded);
        // One history row per event, whatever the copies.
        const perEvent = world.history.filter((h) => h.eventId !== null).map((h) => h.eventId);
        expect(new Set(perEvent).size).toBe(perEvent.length);
        // The applied rows chain from pending to the final status.
        let status = 'pending';
        for (const row of world.history.filter((h) => h.to !== null)) {
          expect(row.from).toBe(status);
          status = row.to!;
        }
        expect(status).toBe(final.status);
        // Money arrived: its first transition was to paid or payment_mismatch, and only once per payment (a
        // failed refund giving the order back its money is not a payment).
        const intoPaid = world.history.filter(
          (h) => h.to === 'paid' && !['partially_refunded', 'refunded'].includes(h.from),
        ).length;
        expect(intoPaid).toBeLessThanOrEqual(payments.length);
      }),
      { numRuns: 300 },
    );
  });
});
