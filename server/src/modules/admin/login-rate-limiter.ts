/**
 * Failed logins are limited per client IP and per email (each a window of `windowMs`), so neither a
 * single source nor a distributed guess at one account gets far. In memory: every instance limits on
 * its own, which multiplies the budget by the instance count but never lets it grow unbounded.
 */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: { perIp: number; perEmail: number; windowMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until a login from (ip, email) may be tried again, or 0 when it may be tried now. */
  retryAfter(ip: string, email: string): number {
    return Math.max(
      this.wait(`ip:${ip}`, this.limits.perIp),
      this.wait(`email:${email.toLowerCase()}`, this.limits.perEmail),
    );
  }

  recordFailure(ip: string, email: string): void {
    for (const key of [`ip:${ip}`, `email:${email.toLowerCase()}`]) {
      const list = this.recent(key);
      list.push(this.now());
      this.failures.set(key, list);
    }
    if (this.failures.size > 50_000) this.prune();
  }

  /** A successful login clears the account's failures (not the IP's). */
  recordSuccess(email: string): void {
    this.failures.delete(`email:${email.toLowerCase()}`);
  }

  private wait(key: string, limit: number): number {
    const list = this.recent(key);
    if (list.length < limit) return 0;
    const oldest = list[list.length - limit]!;
    return Math.max(1, Math.ceil((oldest + this.limits.windowMs - this.now()) / 1000));
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key).length === 0) this.failures.delete(key);
    }
  }
}
