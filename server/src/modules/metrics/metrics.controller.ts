import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Config } from '../../config/config.js';
import { AppError } from '../../common/errors.js';
import type { Metrics } from '../../common/metrics.js';
import { CONFIG, METRICS } from '../../common/tokens.js';

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `GET /metrics` on the store's port: only with `METRICS_TOKEN` set, and only for `Authorization: Bearer` it. */
@Controller()
export class MetricsController {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  @Get('metrics')
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const token = this.config.metrics.token;
    if (!token) throw new AppError(404, 'not_found', 'No route for GET /metrics.');
    const presented = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
    if (!sameSecret(presented, token))
      throw new AppError(401, 'unauthorized', 'A metrics token is required.');
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(await this.metrics.registry.metrics());
  }
}
