import { randomInt } from 'node:crypto';

/** A source of numbers in [0, 1), like `Math.random`. */
export type Random = () => number;

/**
 * mulberry32: a tiny seeded PRNG (32-bit state, good enough spread for test decisions, not for secrets). The same
 * seed gives the same sequence, which is what makes a chaos run replayable.
 */
export function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh seed (unsigned 32-bit), for runs that did not ask for one: reported, so they can be replayed. */
export function randomSeed(): number {
  return randomInt(0, 2 ** 32);
}

/** A seed for a child stream, drawn from its parent. */
export function childSeed(parent: Random): number {
  return Math.floor(parent() * 2 ** 32) >>> 0;
}
