/** A stored first response for an `Idempotency-Key`. */
export interface IdempotentEntry {
  method: string;
  path: string;
  /** Canonical form of the parameters the key was first used with. */
  fingerprint: string;
  status: number;
  body: string;
  requestId: string;
  /** Emulator time (unix seconds) the result was saved; absent in state saved by earlier versions. */
  createdAt?: number;
}

/** Stripe prunes keys once they are 24 hours old; a key reused after that runs a new request. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/**
 * Stripe keeps idempotency keys for 24 hours, and so does the emulator (in emulator time, so advancing the clock
 * ages them), up to the most recent `max` keys (every SDK POST carries an automatic key, so an unbounded map would
 * only grow). Part of the saved state.
 */
export class IdempotencyCache {
  private entries = new Map<string, IdempotentEntry>();

  constructor(private readonly max = 50_000) {}

  /** The saved result for `key`, unless it is 24 hours old at `now` (then it is forgotten). */
  get(key: string, now: number): IdempotentEntry | undefined {
    const entry = this.entries.get(key);
    if (entry?.createdAt !== undefined && now - entry.createdAt >= IDEMPOTENCY_TTL_SECONDS) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, entry: IdempotentEntry): void {
    // Re-inserted, so that insertion order stays the order of saving (the oldest is dropped first).
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  snapshot(limit: number): [string, IdempotentEntry][] {
    return [...this.entries.entries()].slice(-limit);
  }

  restore(entries: [string, IdempotentEntry][]): void {
    this.entries = new Map(entries);
  }
}
