import http from 'node:http';
import { ids } from '../core/ids.js';
import { apiError, failureResponse, unrecognizedUrl } from './errors.js';
import { json, type App, type HttpRequest, type HttpResponse } from './types.js';

const MAX_BODY = 1024 * 1024;

export interface Apps {
  api: App;
  control: App;
  hosted: App;
  /** Runs before every request (the expiry sweep). */
  before: () => void;
  /** Runs after every request that may have changed state. */
  afterWrite: () => void;
  log: (line: string) => void;
}

function route(apps: Apps, req: HttpRequest): HttpResponse {
  if (req.path === '/v1' || req.path.startsWith('/v1/')) return apps.api(req);
  if (req.path.startsWith('/_emulator/')) return apps.control(req);
  if (req.path === '/' || req.path === '/favicon.ico' || req.path.startsWith('/c/')) return apps.hosted(req);
  return failureResponse(unrecognizedUrl(req.method, req.path), { 'Request-Id': req.requestId });
}

/** One node:http server for the three apps: `/v1` (Stripe API), `/_emulator` (control), `/c` (hosted page). */
export function createHttpServer(apps: Apps): http.Server {
  return http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(chunk);
    });
    incoming.on('end', () => {
      const requestId = ids.request();
      const url = incoming.url ?? '/';
      const q = url.indexOf('?');
      const req: HttpRequest = {
        method: (incoming.method ?? 'GET').toUpperCase(),
        path: q === -1 ? url : url.slice(0, q),
        query: q === -1 ? '' : url.slice(q + 1),
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        requestId,
      };
      let response: HttpResponse;
      if (tooLarge) {
        response = json(413, {
          error: { type: 'invalid_request_error', message: 'Request body too large.' },
        });
      } else {
        try {
          apps.before();
          response = route(apps, req);
          if (req.method !== 'GET' && req.method !== 'HEAD') apps.afterWrite();
        } catch (error) {
          apps.log(
            `internal error on ${req.method} ${req.path}: ${error instanceof Error ? error.stack : String(error)}`,
          );
          response = failureResponse(apiError('An unexpected error occurred in the Stripe emulator.'));
        }
      }
      const headers = { 'Request-Id': requestId, ...response.headers };
      outgoing.writeHead(response.status, headers);
      outgoing.end(req.method === 'HEAD' ? undefined : response.body);
    });
    incoming.on('error', () => {
      outgoing.destroy();
    });
  });
}
