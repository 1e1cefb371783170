import { Clock } from './core/clock.js';
import { ids } from './core/ids.js';
import { TimerQueue } from './core/timer-queue.js';
import { CheckoutLifecycle } from './domain/checkout-lifecycle.js';
import { CheckoutPayments } from './domain/checkout-payments.js';
import { Disputes } from './domain/disputes.js';
import { FaultQueue } from './faults/fault-queue.js';
import { FollowUps } from './domain/follow-ups.js';
import type { PaymentContext, TimerPayload } from './domain/payment-context.js';
import { PaymentIntents } from './domain/payment-intents.js';
import { Refunds } from './domain/refunds.js';
import { EventBus } from './state/event-bus.js';
import { IdempotencyCache } from './state/idempotency.js';
import { Store } from './state/store.js';
import { defaultChaos, type ChaosSettings } from './webhooks/chaos.js';
import { DeliveryQueue } from './webhooks/delivery-queue.js';

/** The API version the current `stripe` SDK (v23) pins; used when a request does not send `Stripe-Version`. */
export const DEFAULT_API_VERSION = '2026-10-28.endive';

export interface CoreSettings {
  retrySchedule: number[];
  deliveryTimeoutMs: number;
  /** Emulator seconds between a delayed (SEPA) payment and its outcome. */
  delayedPaymentSeconds: number;
  /** Emulator seconds until a pending or failing test-card refund reaches its final status. */
  refundOutcomeSeconds: number;
  /** Emulator seconds until a test card's dispute / early fraud warning, and a test evidence's decision. */
  disputeDelaySeconds: number;
  /** The business the hosted page names ("Back to …", "Pay …"); null: the store's host. */
  businessName: string | null;
  log: (line: string) => void;
}

/**
 * The composition root: everything the emulator knows (store, clock, timers, idempotency keys, chaos), the
 * moving parts around it (event bus, deliveries) and the domain services, wired together. The HTTP apps and the
 * resource modules use it; nothing below them (core/, state/, domain/, webhooks/) imports it: the domain gets
 * a `PaymentContext` instead.
 */
export class EmulatorCore {
  readonly clock = new Clock();
  readonly store = new Store();
  readonly idempotency = new IdempotencyCache();
  readonly timers = new TimerQueue<TimerPayload>();
  readonly delivery: DeliveryQueue;
  readonly bus: EventBus;
  /** Paying Checkout Sessions (hosted page, control API, `payment_pages`). */
  readonly checkout: CheckoutPayments;
  /** Session expiry and delayed-payment outcomes. */
  readonly lifecycle: CheckoutLifecycle;
  /** Payment intents created through the API. */
  readonly intents: PaymentIntents;
  readonly refunds: Refunds;
  readonly disputes: Disputes;
  /** What comes later: refund outcomes, test-card disputes and fraud warnings, dispute decisions. */
  readonly followUps: FollowUps;
  chaos: ChaosSettings = defaultChaos();
  /** Faults on demand for the next `/v1` calls. */
  readonly faults = new FaultQueue();
  /** Base of hosted-page URLs, e.g. http://127.0.0.1:12111. Set once the server listens. */
  publicUrl = '';
  /** Secret of the endpoints registered at start without one (like `stripe listen`'s). */
  listenSecret = ids.webhookSecret();
  /** `Stripe-Version` of the latest API request that sent one; labels events no request caused. */
  defaultApiVersion = DEFAULT_API_VERSION;
  private dirty = false;

  constructor(readonly settings: CoreSettings) {
    this.delivery = new DeliveryQueue(this.store, () => this.chaos, {
      retrySchedule: settings.retrySchedule,
      timeoutMs: settings.deliveryTimeoutMs,
      log: settings.log,
      now: () => this.clock.now(),
      // Retries owed are part of the state file: a change is worth saving.
      onChange: () => {
        this.dirty = true;
      },
    });
    this.bus = new EventBus(this.store, this.clock, (type) => this.delivery.endpointsFor(type).length);
    this.bus.onEvent((record) => {
      this.delivery.enqueue(record);
      this.dirty = true;
    });
    const context: PaymentContext = {
      store: this.store,
      clock: this.clock,
      events: this.bus,
      timers: this.timers,
      settings,
      defaultApiVersion: () => this.defaultApiVersion,
      pageUrl: (path) => `${this.publicUrl}${path}`,
    };
    this.checkout = new CheckoutPayments(context);
    this.lifecycle = new CheckoutLifecycle(context);
    this.intents = new PaymentIntents(context);
    this.refunds = new Refunds(context);
    this.disputes = new Disputes(context);
    this.followUps = new FollowUps(context, this.refunds, this.disputes);
  }

  sessionUrl(sessionId: string): string {
    return `${this.publicUrl}/c/pay/${sessionId}`;
  }

  /** Fires, in time order, every expiry, delayed-payment outcome and follow-up whose time has come. */
  sweep(): number {
    const due = this.timers.popDue(this.clock.now());
    for (const { payload } of due) {
      if (payload.kind === 'follow_up') this.followUps.run(payload.id);
      else this.lifecycle.onTimer(payload);
    }
    return due.length;
  }

  advanceClock(seconds: number): number {
    this.clock.advance(seconds);
    this.dirty = true;
    return this.sweep();
  }

  updateChaos(patch: Partial<ChaosSettings>): ChaosSettings {
    const wasPaused = this.chaos.paused;
    this.chaos = { ...this.chaos, ...patch };
    if (patch.seed !== undefined) this.delivery.reseed(this.chaos.seed);
    if (wasPaused && !this.chaos.paused) this.delivery.resume();
    return this.chaos;
  }

  resetChaos(): ChaosSettings {
    return this.updateChaos(defaultChaos());
  }

  /** Forgets everything but the endpoints registered at start. */
  reset(): void {
    this.delivery.reset();
    this.chaos = defaultChaos();
    this.delivery.reseed(this.chaos.seed);
    this.faults.reset();
    this.store.clear((record) => record.source === 'forward');
    this.idempotency.clear();
    this.timers.clear();
    this.clock.restore(0);
    this.dirty = true;
  }

  /** Rebuilds the timers from the stored sessions (after loading saved state). */
  rebuildTimers(): void {
    this.timers.clear();
    this.lifecycle.scheduleAll();
    this.followUps.scheduleAll();
  }

  markDirty(): void {
    this.dirty = true;
  }

  /** True once per batch of changes (for the periodic state save). */
  takeDirty(): boolean {
    const was = this.dirty;
    this.dirty = false;
    return was;
  }
}
