/** How the dashboard writes durations, times and limits. */

const UNITS: [number, string][] = [
  [86_400, 'd'],
  [3600, 'h'],
  [60, 'min'],
  [1, 's'],
];

/** `90061` → `1 d 1 h 1 min 1 s`; `0` → `0 s`. */
export function formatDuration(totalSeconds: number): string {
  let rest = Math.max(0, Math.round(totalSeconds));
  const parts: string[] = [];
  for (const [size, unit] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${unit}`);
  }
  return parts.length > 0 ? parts.join(' ') : '0 s';
}

/** Unix seconds → `2026-12-02 04:10:00 UTC` (emulator time is shown in UTC: no locale, no surprise). */
export function formatTime(unixSeconds: number): string {
  return `${new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** An ISO timestamp (real time of a delivery attempt) the same way, to the millisecond. */
export function formatIso(iso: string): string {
  return `${iso.slice(0, 23).replace('T', ' ')} UTC`;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 5000;

/** The `limit` query parameter: how many rows a list shows (newest first). */
export function parseLimit(query: URLSearchParams): number {
  const value = Number(query.get('limit'));
  if (!Number.isInteger(value) || value < 1) return DEFAULT_LIMIT;
  return Math.min(value, MAX_LIMIT);
}

/** The newest `limit` items of a creation-ordered collection, newest first. */
export function newest<T>(items: Iterable<T>, limit: number): { rows: T[]; total: number } {
  const all = [...items];
  const rows: T[] = [];
  for (let i = all.length - 1; i >= 0 && rows.length < limit; i--) rows.push(all[i] as T);
  return { rows, total: all.length };
}
