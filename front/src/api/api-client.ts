import { ErrorBody } from '@checkstand/contract';

/**
 * The one place that talks HTTP to the store's API. Every successful reply is parsed with its schema from
 * `@checkstand/contract`, so the pages only ever see what the contract promises; every failure becomes an
 * `ApiError` with a stable `code`, whether the server answered with the contract's error body, with something
 * else, or not at all.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** Machine-readable: the server's code, or `network_error`, `invalid_response`, `http_<status>`. */
    readonly code: string,
    message: string,
    /** HTTP status; 0 when no response arrived. */
    readonly status: number,
    /** The server's `error.details`, when it sent some (e.g. `{ productIds }` for `unknown_product`). */
    readonly details: Record<string, unknown> | null = null,
  ) {
    super(message);
  }

  /** Worth trying again: the network or the server failed, not the request. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/**
 * What `apiRequest` needs of a reply's schema: a zod schema of the contract fits (only `safeParse` is used, so
 * the storefront does not depend on zod itself).
 */
export interface ReplySchema<T> {
  safeParse(
    data: unknown,
  ): { success: true; data: T } | { success: false; error: { readonly issues: readonly unknown[] } };
}

/** The reply of a request answered `204 No Content`: nothing to parse. */
export const NO_CONTENT = null;

const GENERIC_MESSAGE = 'Something went wrong on our side. Please try again.';

export const NETWORK_ERROR_MESSAGE = 'We couldn’t reach the shop. Check your connection and try again.';

export interface ApiRequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Sent as JSON: each caller takes it typed with the contract's request type (`RefundRequest`…). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Calls `/api${path}` and parses a successful reply with `schema`. A reply that does not match the contract is
 * an `invalid_response` error (and a console error with zod's issues, for developers), never a default.
 */
export async function apiRequest<T>(
  path: string,
  schema: ReplySchema<T>,
  options?: ApiRequestOptions,
): Promise<T>;
export async function apiRequest(
  path: string,
  schema: typeof NO_CONTENT,
  options?: ApiRequestOptions,
): Promise<void>;
export async function apiRequest<T>(
  path: string,
  schema: ReplySchema<T> | typeof NO_CONTENT,
  { method = 'GET', body, headers = {}, signal }: ApiRequestOptions = {},
): Promise<T | void> {
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
  if (schema === NO_CONTENT) return;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    console.error(`${method} /api${path}: the reply does not match the API contract`, parsed.error.issues);
    throw new ApiError('invalid_response', GENERIC_MESSAGE, response.status);
  }
  return parsed.data;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

/** The contract's error body as an `ApiError`; anything else as a generic `http_<status>`. */
export function errorFromResponse(status: number, body: unknown): ApiError {
  const parsed = ErrorBody.safeParse(body);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    return new ApiError(code, message, status, details ?? null);
  }
  return new ApiError(`http_${status}`, GENERIC_MESSAGE, status);
}
