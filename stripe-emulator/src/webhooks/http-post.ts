import http from 'node:http';
import https from 'node:https';

export interface PostResult {
  status: number | null;
  error?: string;
}

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
 * POSTs a webhook and resolves with the HTTP status once the response headers arrive, or with an error
 * (connection refused, timeout, abort). Never rejects.
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
      finish({ status: null, error: `timed out after ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    const onAbort = (): void => {
      finish({ status: null, error: 'aborted' });
      request.destroy();
    };
    signal.addEventListener('abort', onAbort);
    request.on('response', (response) => {
      response.resume();
      finish({ status: response.statusCode ?? null });
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish({ status: null, error: error.code ? `${error.code} ${error.message}` : error.message });
    });
    request.end(body);
  });
}
