import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import type { Database } from '../../src/db/database.js';

export interface TestServer {
  baseUrl: string;
  config: Config;
  close(): Promise<void>;
}

export interface TestServerOptions {
  database: Database;
  env?: Record<string, string>;
  logger?: Logger;
  staticDir?: string | null;
}

/** The whole store on a real HTTP port (random), over the given database. */
export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', PORT: '0', ...options.env });
  const { app } = await createApp(config, {
    database: options.database,
    staticDir: options.staticDir ?? null,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const server = await app.listen(0, '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    config,
    close: () => app.close(),
  };
}
