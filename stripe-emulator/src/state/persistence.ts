import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EmulatorCore } from '../core/emulator-core.js';
import type { IdempotentEntry } from '../http/idempotency.js';
import type { StoreSnapshot } from './store.js';

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

/** Writes the state atomically (temp file + rename), so a crash mid-save never leaves a torn file. */
export async function saveState(core: EmulatorCore, path: string): Promise<void> {
  const state: SavedState = {
    format: FORMAT,
    version: VERSION,
    savedAt: new Date().toISOString(),
    clockOffsetMs: core.clock.offsetMilliseconds,
    listenSecret: core.listenSecret,
    store: core.store.snapshot(),
    idempotency: core.idempotency.snapshot(IDEMPOTENCY_KEEP),
  };
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(state));
  await rename(temp, path);
}

/** Loads saved state if the file exists; returns false when there is none. Throws on a corrupt file. */
export async function loadState(core: EmulatorCore, path: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const state = JSON.parse(text) as Partial<SavedState>;
  if (state.format !== FORMAT || state.version !== VERSION || !state.store)
    throw new Error(`${path} is not a stripe-emulator state file (version ${VERSION})`);
  core.store.restore(state.store);
  core.clock.restore(state.clockOffsetMs ?? 0);
  if (state.listenSecret) core.listenSecret = state.listenSecret;
  core.idempotency.restore(state.idempotency ?? []);
  core.rebuildTimers();
  return true;
}
