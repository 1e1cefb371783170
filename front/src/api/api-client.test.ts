import { OrderEnvelope, ProductList } from '@checkstand/contract';
import { describe, expect, it, vi } from 'vitest';
import { aProduct, anOrder } from '../test/builders';
import { jsonResponse } from '../test/render-app';
import { ApiError, NO_CONTENT, apiRequest } from './api-client';

function answer(response: Response | Promise<Response>) {
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(response)),
  );
}

/** Swallows (and records) the console error a contract violation logs for developers. */
function watchConsoleErrors() {
  return vi.spyOn(console, 'error').mockImplementation(() => {});
}

describe('apiRequest', () => {
  it('returns the reply as the contract parses it', async () => {
    const product = aProduct({ id: 'prod_x' });
    answer(jsonResponse([product]));
    await expect(apiRequest('/products', ProductList)).resolves.toEqual([product]);
    expect(vi.mocked(fetch).mock.calls[0]?.[0]).toBe('/api/products');
  });

  it('turns the contract’s error body into an ApiError with its code, message and details', async () => {
    answer(
      jsonResponse({ error: { code: 'not_found', message: 'No such route.', details: { path: '/x' } } }, 404),
    );
    const error = await apiRequest('/nope', ProductList).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'not_found',
      message: 'No such route.',
      status: 404,
      details: { path: '/x' },
      retryable: false,
    });
  });

  it('gives a generic error for a failure that is not the error body', async () => {
    answer(new Response('<h1>Bad gateway</h1>', { status: 502 }));
    await expect(apiRequest('/things', ProductList)).rejects.toMatchObject({
      code: 'http_502',
      retryable: true,
    });
    answer(jsonResponse({ error: { code: '', message: 'empty code' } }, 500));
    await expect(apiRequest('/things', ProductList)).rejects.toMatchObject({ code: 'http_500' });
  });

  it('reports a network failure as retryable', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(apiRequest('/things', ProductList)).rejects.toMatchObject({
      code: 'network_error',
      status: 0,
      retryable: true,
    });
  });

  it('refuses a reply that breaks the contract as invalid_response, and tells developers why', async () => {
    const consoleError = watchConsoleErrors();
    answer(jsonResponse([{ ...aProduct(), unitAmount: 12.5 }]));
    const error = await apiRequest('/products', ProductList).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
    expect(consoleError).toHaveBeenCalledTimes(1);
    expect(consoleError.mock.calls[0]?.[0]).toContain('GET /api/products');
    expect(consoleError.mock.calls[0]?.[1]).toEqual([expect.objectContaining({ path: [0, 'unitAmount'] })]);
  });

  it('never fills in a field the reply left out', async () => {
    const consoleError = watchConsoleErrors();
    const { sessionCount: _left, ...order } = anOrder();
    answer(jsonResponse({ order }));
    await expect(apiRequest(`/orders/${order.id}`, OrderEnvelope)).rejects.toMatchObject({
      code: 'invalid_response',
    });
    answer(jsonResponse({ order: { ...anOrder(), status: 'weird' } }));
    await expect(apiRequest(`/orders/${order.id}`, OrderEnvelope)).rejects.toMatchObject({
      code: 'invalid_response',
    });
    expect(consoleError).toHaveBeenCalledTimes(2);
  });

  it('reads nothing from a reply without content', async () => {
    answer(new Response(null, { status: 204 }));
    await expect(apiRequest('/admin/logout', NO_CONTENT, { method: 'POST', body: {} })).resolves.toBe(
      undefined,
    );
  });
});
