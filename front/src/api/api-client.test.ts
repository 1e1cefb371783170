import { describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '../test/render-app';
import { ApiError, apiGet } from './api-client';
import { parseProducts } from './products';

const identity = (body: unknown) => body;

describe('apiGet', () => {
  it('returns the parsed body of a successful response', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(jsonResponse([{ id: 'a' }]))),
    );
    await expect(apiGet('/things', identity)).resolves.toEqual([{ id: 'a' }]);
  });

  it('turns the API error shape into an ApiError with its code and message', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(jsonResponse({ error: { code: 'not_found', message: 'No such route.' } }, 404)),
      ),
    );
    const error = await apiGet('/nope', identity).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'not_found',
      message: 'No such route.',
      status: 404,
      retryable: false,
    });
  });

  it('gives a generic error for a response that is not the error shape', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response('<h1>Bad gateway</h1>', { status: 502 }))),
    );
    await expect(apiGet('/things', identity)).rejects.toMatchObject({ code: 'http_502', retryable: true });
  });

  it('reports a network failure as retryable', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(apiGet('/things', identity)).rejects.toMatchObject({ code: 'network_error', status: 0 });
  });

  it('rejects a body that does not match what the page expects', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(jsonResponse([{ id: 1 }]))),
    );
    await expect(apiGet('/products', parseProducts)).rejects.toMatchObject({ code: 'invalid_response' });
  });
});

describe('parseProducts', () => {
  it('accepts the documented product shape', () => {
    const product = {
      id: 'prod_x',
      title: 'X',
      description: 'd',
      unitAmount: 100,
      currency: 'USD',
      imageUrl: '/products/x.svg',
    };
    expect(parseProducts([product])).toEqual([{ ...product, currency: 'usd' }]);
  });

  it('refuses prices that are not integer minor units', () => {
    expect(() =>
      parseProducts([
        { id: 'p', title: 't', description: 'd', unitAmount: 12.5, currency: 'usd', imageUrl: '' },
      ]),
    ).toThrow();
  });
});
