import { ConfigError, describeConfig, loadConfigFromEnvironment, type Config } from './config/config.js';
import { createApp } from './app.js';
import { createLogger } from './common/logger.js';

/** How long in-flight requests get to finish after SIGTERM before connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfigFromEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`checkstand: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  const startedAt = process.hrtime.bigint();
  const { app } = await createApp(config, { logger });
  const server = await app.listen(config.port, '0.0.0.0');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const startupMs = Math.round(Number(process.hrtime.bigint() - startedAt) / 1e6);
  logger.info(
    { port, startupMs, config: describeConfig(config) },
    `Checkstand is listening on http://localhost:${port}`,
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const force = setTimeout(() => {
      logger.warn('grace period over: closing remaining connections');
      server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    app
      .close()
      .then(() => {
        logger.info('shutdown complete');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  // Startup failures (database unreachable, port taken…) end the process with a readable reason.
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`checkstand: failed to start: ${message}\n`);
  process.exit(1);
});
