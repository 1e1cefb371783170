import http from 'node:http';
import https from 'node:https';

export interface PostResult {
  status: number | null;
  error?: string;
  /** The start of the answer's body (up to `BODY_EXCERPT_BYTES`, then `…`), when there was an answer. */
  body?: string;
}

export const BODY_EXCERPT_BYTES = 2048;

export interface Agents {
  http: http.Agent;
  https: https.Agent;
}

export function createAgents(): Agents {
  return { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
}

export function destroyAgents(agents: Agents): void {
  agents.http.destroy();
  agents.https.destroy();
}

/**
 * POSTs a webhook and resolves with the HTTP status and the start of the body once the response ends (or the
 * timeout passes after the headers came: then with what arrived), or with an error (connection refused, timeout,
 * abort). Never rejects.
 */
export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal,
  agents: Agents,
): Promise<PostResult> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ status: null, error: `invalid URL ${url}` });
      return;
    }
    const isHttps = target.protocol === 'https:';
    let settled = false;
    /** Set once the headers arrive: the answer so far, what a timeout or abort then reports. */
    let answer: (() => PostResult) | undefined;
    const finish = (result: PostResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const request = (isHttps ? https : http).request(target, {
      method: 'POST',
      agent: isHttps ? agents.https : agents.http,
      headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
    });
    const timer = setTimeout(() => {
      finish(answer ? answer() : { status: null, error: `timed out after ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    const onAbort = (): void => {
      finish(answer ? answer() : { status: null, error: 'aborted' });
      request.destroy();
    };
    signal.addEventListener('abort', onAbort);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const snapshot = (): PostResult => {
        const text = Buffer.concat(chunks).toString('utf8');
        return { status: response.statusCode ?? null, body: truncated ? `${text}…` : text };
      };
      answer = snapshot;
      response.on('data', (chunk: Buffer) => {
        const room = BODY_EXCERPT_BYTES - size;
        if (chunk.length > room) truncated = true;
        if (room > 0) {
          chunks.push(chunk.subarray(0, room));
          size += Math.min(room, chunk.length);
        }
      });
      const done = (): void => finish(snapshot());
      response.on('end', done);
      response.on('close', done);
      response.on('error', done);
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (answer) finish(answer());
      else finish({ status: null, error: error.code ? `${error.code} ${error.message}` : error.message });
    });
    request.end(body);
  });
}
