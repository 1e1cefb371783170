import { invalidRequest } from '../http/errors.js';

/** Delivery chaos, set through `POST /_emulator/chaos`. */
export interface ChaosSettings {
  /** Probability that a delivery is sent twice (same event id). */
  duplicateRate: number;
  /** Each delivery is held a random 0..reorderWindowMs, so deliveries overtake each other. */
  reorderWindowMs: number;
  /** Fixed delay before the first attempt of every delivery. */
  delayMs: number;
  /** The first N attempts of every delivery fail without being sent (as if the network failed). */
  failFirstAttempts: number;
  /** Probability that an attempt fails without being sent. */
  failRate: number;
  /** Probability that a delivery is never sent at all (a lost webhook; the event stays in /v1/events). */
  dropRate: number;
  /** Deliveries of events about these Checkout Sessions are dropped. */
  dropSessions: string[];
  /** Holds every delivery until set back to false. */
  paused: boolean;
}

export function defaultChaos(): ChaosSettings {
  return {
    duplicateRate: 0,
    reorderWindowMs: 0,
    delayMs: 0,
    failFirstAttempts: 0,
    failRate: 0,
    dropRate: 0,
    dropSessions: [],
    paused: false,
  };
}

const RATES = ['duplicateRate', 'failRate', 'dropRate'] as const;
const DURATIONS = ['reorderWindowMs', 'delayMs', 'failFirstAttempts'] as const;

/** Validates a partial update; throws a 400 naming the offending field. */
export function parseChaosPatch(body: unknown): Partial<ChaosSettings> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw invalidRequest('Expected a JSON object');
  const input = body as Record<string, unknown>;
  const patch: Partial<ChaosSettings> = {};
  for (const key of Object.keys(input)) {
    const value = input[key];
    if ((RATES as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1))
        throw invalidRequest(`${key} must be a number between 0 and 1`, key);
      patch[key as (typeof RATES)[number]] = value;
    } else if ((DURATIONS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        throw invalidRequest(`${key} must be a non-negative number`, key);
      patch[key as (typeof DURATIONS)[number]] = key === 'failFirstAttempts' ? Math.floor(value) : value;
    } else if (key === 'dropSessions') {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        throw invalidRequest('dropSessions must be an array of Checkout Session ids', key);
      patch.dropSessions = value;
    } else if (key === 'paused') {
      if (typeof value !== 'boolean') throw invalidRequest('paused must be a boolean', key);
      patch.paused = value;
    } else {
      throw invalidRequest(`Unknown chaos setting: ${key}`, key);
    }
  }
  return patch;
}
