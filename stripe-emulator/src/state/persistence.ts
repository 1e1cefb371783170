import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock } from '../core/clock.js';
import { SeededIdSource, type IdSource } from '../core/ids.js';
import type { PendingDelivery } from '../webhooks/delivery-queue.js';
import type { IdempotencyCache, IdempotentEntry } from './idempotency.js';
import type { Store, StoreSnapshot } from './store.js';

const FORMAT = 'stripe-emulator-state';
const VERSION = 1;
/** Idempotency keys kept across a restart (the most recent ones). */
const IDEMPOTENCY_KEEP = 10_000;

interface SavedState {
  format: typeof FORMAT;
  version: typeof VERSION;
  savedAt: string;
  clockOffsetMs: number;
  listenSecret: string;
  store: StoreSnapshot;
  idempotency: [string, IdempotentEntry][];
  /** Webhook deliveries owed (retries waiting, …); absent in files saved by earlier versions. */
  deliveries?: PendingDelivery[];
  /** With `--seed`: how far the id sequence got, so a restart does not hand out the same ids again. */
  idSequence?: { seedDigest: string; position: number };
}

/** The parts of the emulator a state file holds, and the timers to rebuild from them once loaded. */
export interface PersistentState {
  readonly clock: Clock;
  readonly store: Store;
  readonly idempotency: IdempotencyCache;
  listenSecret: string;
  readonly delivery: {
    pendingDeliveries(): PendingDelivery[];
    restorePending(saved: readonly PendingDelivery[]): void;
  };
  rebuildTimers(): void;
}

/** Writes the state atomically (temp file + rename), so a crash mid-save never leaves a torn file. */
export async function saveState(state: PersistentState, path: string, ids?: IdSource): Promise<void> {
  const saved: SavedState = {
    format: FORMAT,
    version: VERSION,
    savedAt: new Date().toISOString(),
    clockOffsetMs: state.clock.offsetMilliseconds,
    listenSecret: state.listenSecret,
    store: state.store.snapshot(),
    idempotency: state.idempotency.snapshot(IDEMPOTENCY_KEEP),
    deliveries: state.delivery.pendingDeliveries(),
  };
  if (ids instanceof SeededIdSource) saved.idSequence = { seedDigest: ids.digest, position: ids.position };
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(saved));
  await rename(temp, path);
}

/**
 * Loads saved state if the file exists; returns false when there is none. Throws on a corrupt file. Deliveries
 * owed are scheduled again at their due time; a seeded id sequence (`ids`) continues where the saved run left
 * it when the seed is the same.
 */
export async function loadState(state: PersistentState, path: string, ids?: IdSource): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const saved = JSON.parse(text) as Partial<SavedState>;
  if (saved.format !== FORMAT || saved.version !== VERSION || !saved.store)
    throw new Error(`${path} is not a stripe-emulator state file (version ${VERSION})`);
  state.store.restore(saved.store);
  state.clock.restore(saved.clockOffsetMs ?? 0);
  if (saved.listenSecret) state.listenSecret = saved.listenSecret;
  state.idempotency.restore(saved.idempotency ?? []);
  state.rebuildTimers();
  state.delivery.restorePending(saved.deliveries ?? []);
  const sequence = saved.idSequence;
  if (ids instanceof SeededIdSource && sequence?.seedDigest === ids.digest) ids.seek(sequence.position);
  return true;
}
