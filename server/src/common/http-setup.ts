import fs from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { requestIdOf } from './request-context.js';

/** Largest JSON body any API route accepts (a 50-line cart is a few KB). */
export const JSON_BODY_LIMIT = '100kb';
export const WEBHOOK_PATH = '/api/payments/webhook';
/** Stripe events are at most a few hundred KB. */
export const WEBHOOK_BODY_LIMIT = '1mb';

/** The client a request comes from, for rate limits: its address as Express resolves it (`TRUST_PROXY`). */
export function clientOf(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** One access-log line per request, written when the response is done (or the client went away). */
export function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        reqId: requestIdOf(req),
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        aborted: !res.writableFinished,
      };
      if (res.statusCode >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request');
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}

export function securityHeaders(config: Config) {
  const https = config.publicOrigin.startsWith('https://');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Only over TLS: on plain-HTTP origins (local runs) it would break every asset URL.
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 15_552_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
}

/** Paths that belong to the API or operations, never to the single-page app. */
const SERVER_PATHS = /^\/(api|healthz|readyz|metrics)(\/|$)/;

/**
 * Serves the built storefront (`front/dist`) on the same origin as the API, with the SPA fallback:
 * any other GET that asks for HTML gets `index.html`, and the client router takes it from there.
 * Returns false when no build is there (API-only runs and tests).
 */
export function serveFrontend(app: express.Express, staticDir: string): boolean {
  const index = path.join(staticDir, 'index.html');
  if (!fs.existsSync(index)) return false;
  const files = express.static(staticDir, {
    index: false,
    setHeaders(res, filePath) {
      // Vite fingerprints everything under assets/: safe to cache forever.
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      res.setHeader(
        'Cache-Control',
        immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      );
      // Product images are shown by the payment page too (the Stripe emulator's page loads them from here;
      // Stripe copies them): helmet's `Cross-Origin-Resource-Policy: same-origin` would leave them broken there.
      if (filePath.includes(`${path.sep}products${path.sep}`))
        res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    },
  });
  // API reads skip the file lookup: a stat per request goes through libuv's small thread pool, which
  // under success-page polling queued requests behind each other (seen in `npm run bench` profiles).
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (SERVER_PATHS.test(req.path)) return next();
    files(req, res, next);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path)) return next();
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
