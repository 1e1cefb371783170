import { IdempotencyCache } from '../http/idempotency.js';
import type { SessionRecord } from '../state/store.js';
import { Store } from '../state/store.js';
import { Payments } from '../domain/payments.js';
import { defaultChaos, type ChaosSettings } from '../webhooks/chaos.js';
import { DeliveryQueue } from '../webhooks/delivery-queue.js';
import { Clock } from './clock.js';
import { EventBus } from './event-bus.js';
import { ids } from './ids.js';
import { TimerQueue } from './timer-queue.js';

/** The API version the current `stripe` SDK (v23) pins; used when a request does not send `Stripe-Version`. */
export const DEFAULT_API_VERSION = '2026-10-28.endive';

export type TimerPayload = { kind: 'expire'; sessionId: string } | { kind: 'settle'; sessionId: string };

export interface CoreSettings {
  retrySchedule: number[];
  deliveryTimeoutMs: number;
  /** Emulator seconds between a delayed (SEPA) payment and its outcome. */
  delayedPaymentSeconds: number;
  log: (line: string) => void;
}

/** Everything the emulator knows, and the moving parts around it (clock, timers, events, deliveries). */
export class EmulatorCore {
  readonly clock = new Clock();
  readonly store = new Store();
  readonly idempotency = new IdempotencyCache();
  readonly timers = new TimerQueue<TimerPayload>();
  readonly delivery: DeliveryQueue;
  readonly bus: EventBus;
  readonly payments: Payments;
  chaos: ChaosSettings = defaultChaos();
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
    });
    this.bus = new EventBus(this.store, this.clock, (type) => this.delivery.endpointsFor(type).length);
    this.bus.onEvent((record) => {
      this.delivery.enqueue(record);
      this.dirty = true;
    });
    this.payments = new Payments(this);
  }

  sessionUrl(sessionId: string): string {
    return `${this.publicUrl}/c/pay/${sessionId}`;
  }

  scheduleExpiry(record: SessionRecord): void {
    this.timers.push(record.expiresAtEmu, { kind: 'expire', sessionId: record.session.id });
  }

  /** Fires, in time order, every expiry and delayed-payment outcome whose time has come. */
  sweep(): number {
    const due = this.timers.popDue(this.clock.now());
    for (const timer of due) this.payments.onTimer(timer.payload);
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
    this.store.clear((record) => record.source === 'forward');
    this.idempotency.clear();
    this.timers.clear();
    this.clock.restore(0);
    this.dirty = true;
  }

  /** Rebuilds the timers from the stored sessions (after loading saved state). */
  rebuildTimers(): void {
    this.timers.clear();
    for (const record of this.store.sessions.values()) {
      if (record.session.status === 'open') this.scheduleExpiry(record);
      if (record.pendingSettlement)
        this.timers.push(record.pendingSettlement.at, { kind: 'settle', sessionId: record.session.id });
    }
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
