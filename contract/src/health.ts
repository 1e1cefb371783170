import { z } from 'zod';
import { Instant } from './primitives.js';

/** The watch list as operations see it: how many sessions are watched and how stale the oldest check is. */
export const WatchSummary = z.object({
  /** Sessions (and reserved attempts) waiting for Stripe to say they are terminal. */
  size: z.int().nonnegative(),
  /** The least recent check among them (null when the list is empty). */
  oldestCheckAt: Instant.nullable(),
  oldestCheckAgeSeconds: z.int().nonnegative().nullable(),
  /** Sessions Stripe keeps answering 404 for: shown to the owner, no longer read. */
  lost: z.int().nonnegative(),
});
export type WatchSummary = z.infer<typeof WatchSummary>;

export const Liveness = z.object({ status: z.literal('ok') });

/** `GET /readyz`. */
export const Readiness = z.object({
  status: z.literal('ok'),
  database: z.enum(['postgres', 'pglite']),
  watch: WatchSummary,
});
export type Readiness = z.infer<typeof Readiness>;
