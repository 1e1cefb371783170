import type { ServerResponse } from 'node:http';

/** What changed: an event was created, a delivery attempt recorded, or a request may have changed state. */
export type ChangeKind = 'event' | 'delivery' | 'change';

const COALESCE_MS = 100;
const HEARTBEAT_MS = 15_000;

/**
 * Server-Sent Events for the dashboard (`GET /_emulator/stream`). Every change bumps `version` at once (pages
 * render it), and one `change` message per ~100 ms carries the new version and what kinds of change happened, so
 * a payment's burst of events and deliveries makes the page refresh once, not ten times. On connect the stream
 * says `hello` with the current version: a page rendered before a change it never heard of refreshes then.
 */
export class LiveHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly pending = new Set<ChangeKind>();
  private flushTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private currentVersion = 0;

  get version(): number {
    return this.currentVersion;
  }

  notify(kind: ChangeKind): void {
    this.currentVersion++;
    this.pending.add(kind);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flush(), COALESCE_MS);
    this.flushTimer.unref();
  }

  /** Takes over a response as an event stream until the client goes away (or `close`). */
  attach(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      Connection: 'keep-alive',
    });
    // `retry`: how soon the browser reconnects after losing the stream (e.g. an emulator restart).
    res.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify({ version: this.currentVersion })}\n\n`);
    this.clients.add(res);
    res.on('close', () => {
      this.clients.delete(res);
      if (this.clients.size === 0) this.stopHeartbeat();
    });
    if (!this.heartbeat) {
      // A comment line now and then keeps idle connections (and proxies in between) from timing out.
      this.heartbeat = setInterval(() => this.send(': keep-alive\n\n'), HEARTBEAT_MS);
      this.heartbeat.unref();
    }
  }

  close(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.stopHeartbeat();
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private flush(): void {
    this.flushTimer = undefined;
    const data = { version: this.currentVersion, kinds: [...this.pending] };
    this.pending.clear();
    this.send(`event: change\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private send(chunk: string): void {
    for (const res of this.clients) if (!res.destroyed) res.write(chunk);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
