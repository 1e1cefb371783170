/**
 * The emulator's clock: real time plus an offset that only ever grows (`advance`). Every timestamp the emulator
 * writes into an object (`created`, `expires_at`, …) comes from here, and session expiry and delayed payment
 * settlement follow it. Webhook signatures use real time instead, because receivers check them against theirs.
 */
export class Clock {
  private offsetMs = 0;

  /** Emulator time in unix seconds. */
  now(): number {
    return Math.floor((Date.now() + this.offsetMs) / 1000);
  }

  /** Real (wall-clock) time in unix seconds. */
  realNow(): number {
    return Math.floor(Date.now() / 1000);
  }

  get offsetSeconds(): number {
    return Math.round(this.offsetMs / 1000);
  }

  get offsetMilliseconds(): number {
    return this.offsetMs;
  }

  advance(seconds: number): void {
    this.offsetMs += Math.round(seconds * 1000);
  }

  restore(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }
}
