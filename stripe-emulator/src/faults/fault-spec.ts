import { invalidRequest } from '../domain/errors.js';
import { FAULT_KINDS, type FaultKind, type FaultMatch, type FaultSpec } from './fault-queue.js';

/** Checks a fault from the control API, the CLI or `startEmulator`; throws a 400 naming the offending field. */

const FIELDS = ['kind', 'count', 'match', 'holdMs'];
const METHOD = /^[A-Za-z]+$/;
/** Longest hold: a held request must not outlive a test run by much. */
const MAX_HOLD_MS = 10 * 60_000;

function isKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

function parseMatch(value: unknown): FaultMatch | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalidRequest('match must be an object { method?, path? }', 'match');
  const input = value as Record<string, unknown>;
  const match: FaultMatch = {};
  for (const key of Object.keys(input)) {
    const field = input[key];
    if (key === 'method') {
      if (typeof field !== 'string' || !METHOD.test(field))
        throw invalidRequest('match.method must be an HTTP method such as "POST"', 'match.method');
      match.method = field.toUpperCase();
    } else if (key === 'path') {
      if (typeof field !== 'string' || !field.startsWith('/v1'))
        throw invalidRequest(
          'match.path must be a /v1 path, optionally ending in * (e.g. "/v1/refunds")',
          'match.path',
        );
      match.path = field;
    } else {
      throw invalidRequest(`Unknown match field: ${key}`, `match.${key}`);
    }
  }
  return match;
}

export function parseFaultSpec(body: unknown): FaultSpec {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw invalidRequest('Expected a JSON object { kind, count, match?, holdMs? }');
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input))
    if (!FIELDS.includes(key)) throw invalidRequest(`Unknown fault field: ${key}`, key);
  if (!isKind(input.kind)) throw invalidRequest(`kind must be one of ${FAULT_KINDS.join(', ')}`, 'kind');
  const count = input.count ?? 1;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1)
    throw invalidRequest('count must be a positive integer', 'count');
  const spec: FaultSpec = { kind: input.kind, count };
  const match = parseMatch(input.match);
  if (match) spec.match = match;
  if (input.holdMs !== undefined && input.holdMs !== null) {
    const hold = input.holdMs;
    if (input.kind !== 'timeout') throw invalidRequest('holdMs applies to timeout faults only', 'holdMs');
    if (typeof hold !== 'number' || !Number.isFinite(hold) || hold < 0 || hold > MAX_HOLD_MS)
      throw invalidRequest(`holdMs must be a number of milliseconds between 0 and ${MAX_HOLD_MS}`, 'holdMs');
    spec.holdMs = hold;
  }
  return spec;
}

/**
 * `--fail-next <kind>:<n>[:<METHOD>][:<path>]`, e.g. `server_error:2`, `lost_response:1:POST:/v1/refunds`.
 * Throws an `Error` saying what is wrong.
 */
export function parseFailNext(text: string): FaultSpec {
  const [kind, count, ...rest] = text.split(':');
  const match: FaultMatch = {};
  for (const part of rest) {
    if (part.startsWith('/')) match.path = part;
    else match.method = part;
  }
  try {
    return parseFaultSpec({
      kind,
      count: count === undefined || count === '' ? undefined : Number(count),
      ...(rest.length > 0 ? { match } : {}),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`--fail-next ${text}: ${reason} (expected <kind>:<n>[:<METHOD>][:<path>])`, {
      cause: error,
    });
  }
}
