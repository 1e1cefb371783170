import { describe, expect, it } from 'vitest';
import { TimerQueue } from './timer-queue.js';

describe('TimerQueue', () => {
  it('pops due timers in (time, insertion) order', () => {
    const queue = new TimerQueue<string>();
    for (const [at, name] of [
      [30, 'c'],
      [10, 'a'],
      [20, 'b1'],
      [20, 'b2'],
      [50, 'e'],
      [40, 'd'],
    ] as const)
      queue.push(at, name);
    expect(queue.popDue(25).map((t) => t.payload)).toEqual(['a', 'b1', 'b2']);
    expect(queue.popDue(25)).toEqual([]);
    expect(queue.popDue(100).map((t) => t.payload)).toEqual(['c', 'd', 'e']);
    expect(queue.size).toBe(0);
  });
});
