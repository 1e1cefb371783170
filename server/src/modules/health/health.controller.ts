import { Controller, Get, Header, Inject } from '@nestjs/common';
import { AppError } from '../../common/errors.js';
import { DATABASE } from '../../common/tokens.js';
import type { Database } from '../../db/database.js';

@Controller()
export class HealthController {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Liveness: the process is up and serving HTTP. */
  @Get('healthz')
  @Header('Cache-Control', 'no-store')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the database answers. A load balancer sends traffic only while this is 200. */
  @Get('readyz')
  @Header('Cache-Control', 'no-store')
  async ready(): Promise<{ status: 'ok'; database: string }> {
    try {
      await this.database.ping();
    } catch {
      throw new AppError(503, 'not_ready', 'The database is not reachable.');
    }
    return { status: 'ok', database: this.database.engine };
  }
}
