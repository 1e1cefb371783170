import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { createMetrics } from './common/metrics.js';
import { CONFIG, DATABASE, LOGGER, METRICS } from './common/tokens.js';
import type { Database } from './db/database.js';
import { AdminModule } from './modules/admin/admin.module.js';
import { CatalogModule } from './modules/catalog/catalog.module.js';
import { HealthController } from './modules/health/health.controller.js';
import { LimitsModule } from './modules/limits/limits.module.js';
import { MailModule } from './modules/mail/mail.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { RetentionModule } from './modules/retention/retention.module.js';
import { OrdersModule } from './modules/orders/orders.module.js';
import { PaymentsModule } from './modules/payments/payments.module.js';
import { ShopModule } from './modules/shop/shop.module.js';
import { StockModule } from './modules/stock/stock.module.js';
import { StripeModule } from './modules/stripe/stripe.module.js';

export interface AppDependencies {
  config: Config;
  database: Database;
  logger: Logger;
}

/** Shares the process-wide values (configuration, database, logger) with every module. */
@Global()
@Module({})
class CoreModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  static register(deps: AppDependencies): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: deps.config },
        { provide: DATABASE, useValue: deps.database },
        { provide: LOGGER, useValue: deps.logger },
        { provide: METRICS, useValue: createMetrics() },
      ],
      exports: [CONFIG, DATABASE, LOGGER, METRICS],
    };
  }

  /** Runs after the HTTP server has stopped and in-flight requests have finished. */
  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

@Module({})
export class AppModule {
  static register(deps: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(deps),
        LimitsModule,
        StripeModule,
        CatalogModule,
        OrdersModule,
        StockModule,
        ShopModule,
        PaymentsModule,
        AdminModule,
        RetentionModule,
        MailModule,
        MetricsModule,
      ],
      controllers: [HealthController],
    };
  }
}
