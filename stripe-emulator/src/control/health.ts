import { readFileSync } from 'node:fs';
import { DEFAULT_API_VERSION, type EmulatorCore } from '../emulator-core.js';

/** The package's version, read once: from src/control (tests) and dist/control (the package) alike. */
const VERSION = ((): string => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
})();

export interface Health {
  /** Kept from the first version of this answer: true whenever the emulator answers. */
  ok: true;
  status: 'ok';
  service: 'stripe-emulator';
  /** The emulator package's version. */
  version: string;
  /** The Stripe API version objects are shaped for when a request sends no `Stripe-Version`. */
  apiVersion: string;
  /** Emulator clock, unix seconds (moved by `POST /_emulator/clock/advance`). */
  now: number;
  clockOffsetSeconds: number;
  /** Real time the emulator started (ISO) and seconds since. */
  startedAt: string;
  uptimeSeconds: number;
  counts: {
    checkoutSessions: number;
    paymentIntents: number;
    charges: number;
    refunds: number;
    disputes: number;
    events: number;
    webhookEndpoints: number;
    /** Webhook deliveries owed: queued, waiting for a retry, held by a pause or in flight. */
    pendingDeliveries: number;
    /** Delivery attempts recorded (what `GET /_emulator/deliveries` lists). */
    deliveryAttempts: number;
  };
}

/** `GET /_emulator/health`: answers while the emulator serves; enough to wait for it and to see what it holds. */
export function health(core: EmulatorCore, startedAtMs: number): Health {
  const { store } = core;
  return {
    ok: true,
    status: 'ok',
    service: 'stripe-emulator',
    version: VERSION,
    apiVersion: DEFAULT_API_VERSION,
    now: core.clock.now(),
    clockOffsetSeconds: core.clock.offsetSeconds,
    startedAt: new Date(startedAtMs).toISOString(),
    uptimeSeconds: Math.floor((Date.now() - startedAtMs) / 1000),
    counts: {
      checkoutSessions: store.sessions.size,
      paymentIntents: store.paymentIntents.size,
      charges: store.charges.size,
      refunds: store.refunds.size,
      disputes: store.disputes.size,
      events: store.events.size,
      webhookEndpoints: store.endpoints.size,
      pendingDeliveries: core.delivery.pendingDeliveries().length,
      deliveryAttempts: core.delivery.records.length,
    },
  };
}
