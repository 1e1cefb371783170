import http from 'node:http';
import { ids } from '../core/ids.js';
import { faultAction, hold, type FaultAction } from '../faults/apply-fault.js';
import type { FaultRule } from '../faults/fault-queue.js';
import { apiError, failureResponse, unrecognizedUrl } from './errors.js';
import { json, type App, type HttpRequest, type HttpResponse } from './types.js';

const MAX_BODY = 1024 * 1024;

export interface Apps {
  api: App;
  control: App;
  hosted: App;
  /** The dashboard: `/` and `/dashboard/…`. */
  dashboard: App;
  /** Takes over a request that streams (the dashboard's `GET /_emulator/stream`); true when it did. */
  stream?: (req: HttpRequest, res: http.ServerResponse) => boolean;
  /** Runs before every request (the expiry sweep). */
  before: () => void;
  /** Runs after every request that may have changed state. */
  afterWrite: () => void;
  /** The fault to inject into this `/v1` call, if one is due (faults on demand). */
  fault?: (req: HttpRequest) => FaultRule | undefined;
  log: (line: string) => void;
}

function isApi(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/');
}

function route(apps: Apps, req: HttpRequest): HttpResponse {
  if (isApi(req.path)) return apps.api(req);
  if (req.path.startsWith('/_emulator/')) return apps.control(req);
  if (req.path === '/' || req.path === '/dashboard' || req.path.startsWith('/dashboard/'))
    return apps.dashboard(req);
  if (req.path === '/favicon.ico' || req.path.startsWith('/c/')) return apps.hosted(req);
  return failureResponse(unrecognizedUrl(req.method, req.path), { 'Request-Id': req.requestId });
}

/**
 * One node:http server for the apps: `/v1` (Stripe API), `/_emulator` (control), `/c` (hosted page), `/` and
 * `/dashboard` (dashboard).
 */
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
      const rule = !tooLarge && isApi(req.path) ? apps.fault?.(req) : undefined;
      const fault: FaultAction | undefined = rule ? faultAction(rule, req) : undefined;
      if (rule) apps.log(`fault: ${rule.kind} on ${req.method} ${req.path} (${requestId})`);
      if (fault?.do === 'hold') {
        hold(outgoing, fault.holdMs);
        return;
      }
      if (!tooLarge && apps.stream?.(req, outgoing)) return;
      let response: HttpResponse;
      if (fault?.do === 'answer') {
        response = fault.response;
      } else if (tooLarge) {
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
      if (fault?.do === 'lose') {
        outgoing.destroy();
        return;
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
