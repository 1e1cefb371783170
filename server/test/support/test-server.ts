import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import type { Database } from '../../src/db/database.js';

/**
 * Tests create many orders from one address in seconds: they run with budgets no test reaches, except the ones
 * about rate limits, which set their own.
 */
export const UNLIMITED = {
  RATE_LIMIT_CHECKOUTS_PER_MINUTE: '1000000',
  RATE_LIMIT_ORDER_ACTIONS_PER_MINUTE: '1000000',
  RATE_LIMIT_ORDER_READS_PER_MINUTE: '1000000',
  RATE_LIMIT_SESSION_SYNCS_PER_MINUTE: '1000000',
};

export interface TestServer {
  baseUrl: string;
  /** The Nest application, for tests that drive a background job directly. */
  app: NestExpressApplication;
  config: Config;
  close(): Promise<void>;
}

export interface TestServerOptions {
  database: Database;
  env?: Record<string, string>;
  logger?: Logger;
  staticDir?: string | null;
  /** A fixed port (when the emulator must know where to send webhooks); random otherwise. */
  port?: number;
}

/** The whole store on a real HTTP port (random), over the given database. */
export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    PORT: '0',
    ...UNLIMITED,
    ...options.env,
  });
  const { app } = await createApp(config, {
    database: options.database,
    staticDir: options.staticDir ?? null,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const server = await app.listen(options.port ?? 0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    app,
    config,
    close: () => app.close(),
  };
}
