import http from 'node:http';

export interface Request {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  count: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  statuses: Record<string, number>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarize(
  latencies: number[],
  seconds: number,
  errors: number,
  statuses: Record<string, number>,
): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    count: latencies.length,
    errors,
    seconds: round(seconds),
    perSecond: round(latencies.length / seconds),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    statuses,
  };
}

/** One HTTP client with keep-alive connections, like a load balancer in front of the store. */
export class Client {
  private readonly agent: http.Agent;
  constructor(
    private readonly baseUrl: string,
    maxSockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  send(req: Request): Promise<{ status: number; body: string; ms: number }> {
    const url = new URL(req.path, this.baseUrl);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const r = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: req.method,
          headers: req.headers,
          agent: this.agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - started,
            }),
          );
        },
      );
      r.on('error', reject);
      r.end(req.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Closed loop: `concurrency` workers send the requests back to back. */
export async function closedLoop(
  client: Client,
  requests: Request[],
  concurrency: number,
  ok = (s: number) => s < 300,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const req = requests[next++]!;
        try {
          const res = await client.send(req);
          latencies.push(res.ms);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (!ok(res.status)) errors += 1;
        } catch {
          errors += 1;
        }
      }
    }),
  );
  return summarize(latencies, (performance.now() - started) / 1000, errors, statuses);
}

/** Open loop: requests leave at a fixed rate whatever the answers, as real traffic does. */
export async function openLoop(
  client: Client,
  requests: Request[],
  perSecond: number,
  ok = (s: number) => s < 300,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < requests.length; i += 1) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      client.send(requests[i]!).then(
        (res) => {
          latencies.push(res.ms);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (!ok(res.status)) errors += 1;
        },
        () => {
          errors += 1;
        },
      ),
    );
  }
  await Promise.all(pending);
  return summarize(latencies, (performance.now() - started) / 1000, errors, statuses);
}

/** Closed loop over plain async work (the SQL baseline, the SDK against the emulator). */
export async function closedLoopWork(
  count: number,
  concurrency: number,
  work: (i: number) => Promise<void>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        try {
          await work(i);
          latencies.push(performance.now() - t);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  return summarize(latencies, (performance.now() - started) / 1000, errors, {});
}
