import http from 'node:http';
import net from 'node:net';

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Polls `check` until it returns a value other than undefined (or throws after `timeoutMs`). */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  { timeoutMs = 15_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: last });
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * An HTTP relay in front of another server (the Stripe emulator), started before it is known: `target`
 * is set later. It counts the requests matching `watch`, the most it had in flight at once, and can hold
 * each of them `delayMs` before passing it on (a slow Stripe).
 */
export async function startRelay(watch: (method: string, path: string) => boolean) {
  const state = { target: '', delayMs: 0, watched: 0, inFlight: 0, maxInFlight: 0 };
  const server = http.createServer((req, res) => {
    const watched = watch(req.method ?? 'GET', req.url ?? '/');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    const forward = () => {
      const target = new URL(req.url ?? '/', state.target);
      const upstream = http.request(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () => {
            if (watched) state.inFlight -= 1;
          });
        },
      );
      upstream.on('error', () => {
        if (watched) state.inFlight -= 1;
        res.destroy();
      });
      upstream.end(Buffer.concat(chunks));
    };
    req.on('end', () => {
      if (watched) {
        state.watched += 1;
        state.inFlight += 1;
        state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      }
      setTimeout(forward, watched ? state.delayMs : 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
