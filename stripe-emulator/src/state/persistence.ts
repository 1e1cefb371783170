import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock } from '../core/clock.js';
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
}

/** The parts of the emulator a state file holds, and the timers to rebuild from them once loaded. */
export interface PersistentState {
  readonly clock: Clock;
  readonly store: Store;
  readonly idempotency: IdempotencyCache;
  listenSecret: string;
  rebuildTimers(): void;
}

/** Writes the state atomically (temp file + rename), so a crash mid-save never leaves a torn file. */
export async function saveState(state: PersistentState, path: string): Promise<void> {
  const saved: SavedState = {
    format: FORMAT,
    version: VERSION,
    savedAt: new Date().toISOString(),
    clockOffsetMs: state.clock.offsetMilliseconds,
    listenSecret: state.listenSecret,
    store: state.store.snapshot(),
    idempotency: state.idempotency.snapshot(IDEMPOTENCY_KEEP),
  };
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(saved));
  await rename(temp, path);
}

/** Loads saved state if the file exists; returns false when there is none. Throws on a corrupt file. */
export async function loadState(state: PersistentState, path: string): Promise<boolean> {
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
  return true;
}
