/**
 * Faults on demand: the next N `/v1` calls (optionally only those matching a method and path) fail the way
 * Stripe or the network can fail. Set through `POST /_emulator/faults`, `--fail-next` or `startEmulator`'s
 * `faults`; used by integration tests to prove that a client survives each failure without duplicating anything.
 */
export const FAULT_KINDS = ['rate_limit', 'server_error', 'timeout', 'lost_response'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Which calls a fault applies to; both optional. */
export interface FaultMatch {
  /** HTTP method, e.g. `POST`. */
  method?: string;
  /** Exact path (`/v1/refunds`), or a prefix ending in `*` (`/v1/checkout/sessions/*`). */
  path?: string;
}

export interface FaultSpec {
  kind: FaultKind;
  /** How many matching calls fail (a positive integer). */
  count: number;
  match?: FaultMatch;
  /** `timeout` only: how long the request is held before the connection is closed; default 60000 ms. */
  holdMs?: number;
}

/** A fault rule as `GET /_emulator/faults` lists it. */
export interface FaultRule {
  id: string;
  kind: FaultKind;
  /** Calls it will still fail. Rules are removed once spent. */
  remaining: number;
  match?: FaultMatch;
  holdMs?: number;
}

/** A call that was failed on purpose. */
export interface InjectedFault {
  ruleId: string;
  kind: FaultKind;
  method: string;
  path: string;
  requestId: string;
  /** ISO timestamp (real time). */
  at: string;
}

export const DEFAULT_TIMEOUT_HOLD_MS = 60_000;
const MAX_INJECTED = 10_000;

function matches(match: FaultMatch | undefined, method: string, path: string): boolean {
  if (!match) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.path === undefined) return true;
  return match.path.endsWith('*') ? path.startsWith(match.path.slice(0, -1)) : path === match.path;
}

/** The pending fault rules, applied first-added first; and what they did. */
export class FaultQueue {
  private rules: FaultRule[] = [];
  readonly injected: InjectedFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): FaultRule {
    const rule: FaultRule = { id: `fault_${this.nextId++}`, kind: spec.kind, remaining: spec.count };
    if (spec.match) rule.match = { ...spec.match };
    if (spec.kind === 'timeout') rule.holdMs = spec.holdMs ?? DEFAULT_TIMEOUT_HOLD_MS;
    this.rules.push(rule);
    return { ...rule };
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /** Forgets the pending rules (what was injected stays listed until `reset`). */
  clear(): void {
    this.rules = [];
  }

  reset(): void {
    this.rules = [];
    this.injected.length = 0;
  }

  /** The fault for this call, if a rule matches it (spending one of its calls); undefined to serve it normally. */
  take(method: string, path: string, requestId: string): FaultRule | undefined {
    const rule = this.rules.find((r) => matches(r.match, method, path));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    this.injected.push({
      ruleId: rule.id,
      kind: rule.kind,
      method,
      path,
      requestId,
      at: new Date().toISOString(),
    });
    if (this.injected.length > MAX_INJECTED) this.injected.splice(0, this.injected.length - MAX_INJECTED);
    return { ...rule };
  }
}
