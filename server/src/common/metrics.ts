import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The store's Prometheus metrics, one registry per application (tests start several in one process). Services
 * count where things happen; `/metrics` (behind `METRICS_TOKEN`, or on `METRICS_PORT` on loopback) exposes them.
 * Gauges read at scrape time (the watch list) are registered by the module that owns the reading.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'checkstand_' });
  return {
    registry,
    webhookDeliveries: new Counter({
      name: 'checkstand_webhook_deliveries_total',
      help: 'Webhook requests by result (accepted, duplicate, rejected, error).',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    webhookRejectionsNotSampled: new Counter({
      name: 'checkstand_webhook_rejections_unsampled_total',
      help: 'Rejected (unsigned or badly signed) webhook bodies counted but not logged nor stored: past the sample.',
      registers: [registry],
    }),
    stripeEvents: new Counter({
      name: 'checkstand_stripe_events_total',
      help: 'Authentic Stripe events by channel (webhook, sweep) and outcome (applied, ignored, unmatched, duplicate).',
      labelNames: ['channel', 'outcome'] as const,
      registers: [registry],
    }),
    applySeconds: new Histogram({
      name: 'checkstand_stripe_event_apply_seconds',
      help: 'Time to record and apply one Stripe event (the inbox transaction, verifications with Stripe included).',
      labelNames: ['channel'] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    reconcileCorrections: new Counter({
      name: 'checkstand_reconcile_corrections_total',
      help: 'What the reconciler fixed: events recovered by the sweep, sessions whose state changed, sessions marked lost, orders that waited on nothing.',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    rateLimitRefusals: new Counter({
      name: 'checkstand_rate_limit_refusals_total',
      help: 'Requests refused with 429, by budget.',
      labelNames: ['budget'] as const,
      registers: [registry],
    }),
    loginFailures: new Counter({
      name: 'checkstand_admin_login_failures_total',
      help: 'Admin logins refused for a wrong email or password.',
      registers: [registry],
    }),
    prunedRows: new Counter({
      name: 'checkstand_pruned_rows_total',
      help: 'Rows removed by retention, by kind.',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** A gauge whose value is read when Prometheus scrapes. */
export function scrapedGauge(
  metrics: Metrics,
  name: string,
  help: string,
  read: () => Promise<number>,
): Gauge {
  return new Gauge({
    name,
    help,
    registers: [metrics.registry],
    async collect() {
      this.set(await read());
    },
  });
}
