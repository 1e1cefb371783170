import 'reflect-metadata';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import type { Config } from './config/config.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import {
  JSON_BODY_LIMIT,
  WEBHOOK_BODY_LIMIT,
  WEBHOOK_PATH,
  accessLog,
  securityHeaders,
  serveFrontend,
} from './common/http-setup.js';
import { PinoNestLogger, createLogger } from './common/logger.js';
import { reenterRequestContext, requestContextMiddleware } from './common/request-context.js';
import { type Database, openDatabase } from './db/database.js';
import { migrate } from './db/migrate.js';
import { seedCatalog } from './modules/catalog/products.repository.js';
import { seedShop } from './modules/shop/shop-seed.js';

export const DEFAULT_STATIC_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../front/dist',
);

export interface CreateAppOptions {
  logger?: Logger;
  /** An already-open database (tests); otherwise one is opened from the configuration. */
  database?: Database;
  /** The built storefront; `null` serves the API only. */
  staticDir?: string | null;
}

export interface CheckstandApp {
  app: NestExpressApplication;
  database: Database;
  logger: Logger;
}

/** Prepares the database (migrations, then the seed catalog and a fresh shop's settings). Safe on every start. */
export async function prepareDatabase(database: Database, logger: Logger): Promise<void> {
  const migrations = await migrate(database.db);
  const seeded = await seedCatalog(database.db);
  const freshShop = await seedShop(database.db);
  logger.info(
    { engine: database.engine, ...migrations, seededProducts: seeded, freshShop },
    'database ready',
  );
}

/** Builds the whole store (API + storefront) without listening, so tests and `main.ts` share it. */
export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<CheckstandApp> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = options.database ?? (await openDatabase(config.database));
  try {
    await prepareDatabase(database, logger);

    const server = express();
    server.disable('x-powered-by');
    server.set('etag', false);
    // Behind a load balancer, the client's address is in X-Forwarded-For: trusted only from the proxies named.
    server.set('trust proxy', config.trustProxy);
    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.register({ config, database, logger }),
      new ExpressAdapter(server),
      {
        bodyParser: false,
        logger: new PinoNestLogger(logger.child({ component: 'nest' })),
        abortOnError: false,
      },
    );
    app.use(requestContextMiddleware);
    app.use(accessLog(logger));
    app.use(securityHeaders(config));
    // The webhook keeps its exact bytes (the signature covers them), whatever the content type says.
    app.use(WEBHOOK_PATH, express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }));
    app.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }));
    app.use(reenterRequestContext);
    const staticDir = options.staticDir === undefined ? DEFAULT_STATIC_DIR : options.staticDir;
    if (staticDir && !serveFrontend(server, staticDir)) {
      logger.warn({ staticDir }, 'no storefront build found: serving the API only (run `npm run build`)');
    }
    app.useGlobalFilters(new HttpExceptionFilter(logger));
    await app.init();
    return { app, database, logger };
  } catch (error) {
    await database.close();
    throw error;
  }
}
