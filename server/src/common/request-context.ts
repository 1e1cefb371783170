import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const CONTEXT = Symbol('requestContext');

type RequestWithContext = Request & { [CONTEXT]?: RequestContext };

/** The request id of this request: the caller's `X-Request-Id` when sane, else a fresh one. */
export function requestIdOf(req: Request): string | undefined {
  return (req as RequestWithContext)[CONTEXT]?.requestId;
}

/**
 * Gives every request an id (echoed as `X-Request-Id`) and runs the rest of the pipeline inside it,
 * so every log line written while serving the request carries it.
 */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const context: RequestContext = {
    requestId: incoming && REQUEST_ID.test(incoming) ? incoming : `req_${randomUUID().replaceAll('-', '')}`,
  };
  (req as RequestWithContext)[CONTEXT] = context;
  res.setHeader('X-Request-Id', context.requestId);
  storage.run(context, next);
}

/**
 * Body parsers resume on socket callbacks that were created outside the request's async context;
 * re-entering it after them keeps the id on the handlers' log lines.
 */
export function reenterRequestContext(req: Request, _res: Response, next: NextFunction): void {
  const context = (req as RequestWithContext)[CONTEXT];
  if (context) storage.run(context, next);
  else next();
}
