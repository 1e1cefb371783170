/**
 * The one place that talks HTTP to the store's API. Every failure becomes an `ApiError` with a stable `code`,
 * whether the server answered with its `{ "error": { "code", "message" } }` shape, with something else, or not
 * at all.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** Machine-readable: the server's code, or `network_error`, `invalid_response`, `http_<status>`. */
    readonly code: string,
    message: string,
    /** HTTP status; 0 when no response arrived. */
    readonly status: number,
    /** The server's `error.details`, when it sent an object (e.g. `{ productIds }` for `unknown_product`). */
    readonly details: Record<string, unknown> | null = null,
  ) {
    super(message);
  }

  /** Worth trying again: the network or the server failed, not the request. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

const GENERIC_MESSAGE = 'Something went wrong on our side. Please try again.';

export async function apiGet<T>(path: string, parse: (body: unknown) => T, signal?: AbortSignal): Promise<T> {
  return apiRequest(path, parse, { signal });
}

export interface ApiRequestOptions {
  method?: 'GET' | 'POST';
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export const NETWORK_ERROR_MESSAGE = 'We couldn’t reach the shop. Check your connection and try again.';

export async function apiRequest<T>(
  path: string,
  parse: (body: unknown) => T,
  { method = 'GET', body, headers = {}, signal }: ApiRequestOptions = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('network_error', NETWORK_ERROR_MESSAGE, 0);
  }

  const json = await readJson(response);
  if (!response.ok) throw errorFromResponse(response.status, json);
  try {
    return parse(json);
  } catch {
    throw new ApiError('invalid_response', GENERIC_MESSAGE, response.status);
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

export function errorFromResponse(status: number, body: unknown): ApiError {
  if (isRecord(body) && isRecord(body.error)) {
    const { code, message, details } = body.error;
    if (typeof code === 'string' && typeof message === 'string' && code && message) {
      return new ApiError(code, message, status, isRecord(details) ? details : null);
    }
  }
  return new ApiError(`http_${status}`, GENERIC_MESSAGE, status);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
