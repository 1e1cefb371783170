import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { Readiness } from '@checkstand/contract';
import { AppError } from '../../common/errors.js';
import { DATABASE } from '../../common/tokens.js';
import type { Database } from '../../db/database.js';
import { WatchList } from '../payments/reconcile/watch-list.service.js';

@Controller()
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly watch: WatchList,
  ) {}

  /** Liveness: the process is up and serving HTTP. */
  @Get('healthz')
  @Header('Cache-Control', 'no-store')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: the database answers. A load balancer sends traffic only while this is 200. Its details show the
   * watch list (size, oldest check): an oldest check far beyond the reconcile interval means passes are failing
   * or the list outgrows its batch (docs/scaling.md).
   */
  @Get('readyz')
  @Header('Cache-Control', 'no-store')
  async ready(): Promise<Readiness> {
    try {
      await this.database.ping();
      return { status: 'ok', database: this.database.engine, watch: await this.watch.summary() };
    } catch {
      throw new AppError(503, 'not_ready', 'The database is not reachable.');
    }
  }
}
