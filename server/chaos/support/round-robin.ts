import http from 'node:http';

/**
 * A load balancer in front of several store instances: requests go to each in turn; an instance that
 * does not answer gets the request retried on the next one, and if none answers the client gets 502
 * (so Stripe retries the webhook).
 */
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade'];

export class RoundRobin {
  private readonly server: http.Server;
  private next = 0;
  port = 0;

  constructor(private readonly backends: () => number[]) {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.forward(req, Buffer.concat(chunks), res));
    });
    // Longer than a client's own idle timeout (undici's fetch: 4 s), so the client always drops an idle
    // connection first: a front closing it first races a request sent on it (ECONNRESET before any answer).
    this.server.keepAliveTimeout = 10_000;
  }

  private forward(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, tried = 0): void {
    const ports = this.backends();
    if (tried >= ports.length || ports.length === 0) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"bad_gateway","message":"no store instance answered"}}');
      return;
    }
    const port = ports[this.next++ % ports.length]!;
    const upstream = http.request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers, agent: false },
      (answer) => {
        // Hop-by-hop headers describe the store's connection to this front, not the client's: passing on the
        // store's `Keep-Alive: timeout=5` told clients to keep sockets this front would close sooner.
        const headers = { ...answer.headers };
        for (const name of HOP_BY_HOP) delete headers[name];
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) this.forward(req, body, res, tried + 1);
      else res.destroy();
    });
    upstream.end(body);
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as import('node:net').AddressInfo).port;
    return this.port;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
