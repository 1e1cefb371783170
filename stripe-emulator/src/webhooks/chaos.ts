import { randomSeed } from './random.js';

/** Delivery chaos, set through `POST /_emulator/chaos`. */
export interface ChaosSettings {
  /**
   * Seed of every random chaos decision (drop, delay, duplicate, failure). Random unless set; setting it (even to
   * the same value) restarts the sequence, so the same seed and the same events give the same decisions.
   */
  seed: number;
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
    seed: randomSeed(),
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
