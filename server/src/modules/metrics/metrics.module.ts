import http from 'node:http';
import { Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import { type Metrics, scrapedGauge } from '../../common/metrics.js';
import { CONFIG, LOGGER, METRICS } from '../../common/tokens.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { WatchList } from '../payments/reconcile/watch-list.service.js';
import { MetricsController } from './metrics.controller.js';

/**
 * Prometheus metrics: the counters the services keep, the watch list read at scrape time, and where to scrape
 * them: `/metrics` behind `METRICS_TOKEN` on the store's port, and/or `METRICS_PORT` on loopback only (for a
 * sidecar or node agent), never on the public port without a token.
 */
@Module({ imports: [PaymentsModule], controllers: [MetricsController] })
export class MetricsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: http.Server | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
    watch: WatchList,
  ) {
    const summary = () => watch.summary();
    scrapedGauge(
      metrics,
      'checkstand_watch_list_size',
      'Sessions watched until Stripe says they are terminal.',
      async () => (await summary()).size,
    );
    scrapedGauge(
      metrics,
      'checkstand_watch_list_oldest_check_age_seconds',
      'Age of the least recent check among watched sessions (0 when none).',
      async () => (await summary()).oldestCheckAgeSeconds ?? 0,
    );
    scrapedGauge(
      metrics,
      'checkstand_watch_list_lost',
      'Sessions Stripe answers 404 for.',
      async () => (await summary()).lost,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.metrics.port;
    if (port === undefined) return;
    this.server = http.createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.metrics.registry
        .metrics()
        .then((body) => res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(body))
        .catch(() => res.writeHead(500).end());
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.logger.info({ port }, 'metrics on http://127.0.0.1:%d/metrics', port);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
