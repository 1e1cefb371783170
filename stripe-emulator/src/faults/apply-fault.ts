import type http from 'node:http';
import type { HttpRequest, HttpResponse } from '../http/types.js';
import type { FaultRule } from './fault-queue.js';
import { rateLimited, serverError } from './fault-responses.js';

/** What the server does with a faulted call. */
export type FaultAction =
  /** Answer this instead of running the request. */
  | { do: 'answer'; response: HttpResponse }
  /** Run nothing and answer nothing; close the connection after `holdMs` unless the client gave up first. */
  | { do: 'hold'; holdMs: number }
  /** Run the request (everything is committed), then close the connection instead of answering. */
  | { do: 'lose' };

export function faultAction(rule: FaultRule, req: HttpRequest): FaultAction {
  switch (rule.kind) {
    case 'rate_limit':
      return { do: 'answer', response: rateLimited(req) };
    case 'server_error':
      return { do: 'answer', response: serverError(req) };
    case 'timeout':
      return { do: 'hold', holdMs: rule.holdMs ?? 0 };
    case 'lost_response':
      return { do: 'lose' };
  }
}

/**
 * Holds a request unanswered, like a server that never replies: a client with a timeout gives up first (its
 * connection closes, and the timer with it); one without is cut off after `holdMs`, like by a proxy.
 */
export function hold(outgoing: http.ServerResponse, holdMs: number): void {
  const timer = setTimeout(() => outgoing.destroy(), holdMs);
  timer.unref();
  outgoing.on('close', () => clearTimeout(timer));
}
