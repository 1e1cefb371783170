export interface Timer<T> {
  /** Due time, emulator unix seconds. */
  at: number;
  /** Insertion order, to break ties deterministically. */
  seq: number;
  payload: T;
}

/** A binary min-heap of timers ordered by (at, seq). */
export class TimerQueue<T> {
  private heap: Timer<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, payload: T): void {
    this.heap.push({ at, seq: this.seq++, payload });
    this.up(this.heap.length - 1);
  }

  /** Removes and returns, in order, every timer due at or before `now`. */
  popDue(now: number): Timer<T>[] {
    const due: Timer<T>[] = [];
    for (;;) {
      const top = this.heap[0];
      if (!top || top.at > now) return due;
      due.push(top);
      const last = this.heap.pop();
      if (last && this.heap.length > 0) {
        this.heap[0] = last;
        this.down(0);
      }
    }
  }

  clear(): void {
    this.heap = [];
  }

  private less(a: Timer<T>, b: Timer<T>): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private swap(i: number, j: number): void {
    const a = this.heap[i];
    const b = this.heap[j];
    if (a === undefined || b === undefined) return;
    this.heap[i] = b;
    this.heap[j] = a;
  }

  private up(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const node = this.heap[i];
      const up = this.heap[parent];
      if (!node || !up || !this.less(node, up)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(index: number): void {
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      const l = this.heap[left];
      const r = this.heap[right];
      const s = this.heap[smallest];
      if (l && s && this.less(l, s)) smallest = left;
      const s2 = this.heap[smallest];
      if (r && s2 && this.less(r, s2)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
