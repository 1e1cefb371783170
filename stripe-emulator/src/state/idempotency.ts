/** A stored first response for an `Idempotency-Key`. */
export interface IdempotentEntry {
  method: string;
  path: string;
  /** Canonical form of the parameters the key was first used with. */
  fingerprint: string;
  status: number;
  body: string;
  requestId: string;
}

/**
 * Stripe keeps idempotency keys for 24 hours; the emulator keeps the most recent `max` keys (every SDK POST
 * carries an automatic key, so an unbounded map would only grow). Part of the saved state.
 */
export class IdempotencyCache {
  private entries = new Map<string, IdempotentEntry>();

  constructor(private readonly max = 50_000) {}

  get(key: string): IdempotentEntry | undefined {
    return this.entries.get(key);
  }

  set(key: string, entry: IdempotentEntry): void {
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
