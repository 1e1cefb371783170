import { describe, expect, it, vi } from 'vitest';
import { anOrder } from '../test/builders';
import { jsonResponse } from '../test/render-app';
import { ApiError } from './api-client';
import { createCheckoutSession, fetchOrder } from './orders';

describe('reading an order', () => {
  it('sends the token and returns the order of the envelope', async () => {
    const order = anOrder({ status: 'paid' });
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(jsonResponse(JSON.parse(JSON.stringify({ order })) as unknown))),
    );
    await expect(fetchOrder(order.id, 'otk_1')).resolves.toEqual(order);
    expect(new Headers(vi.mocked(fetch).mock.calls[0]?.[1]?.headers).get('X-Order-Token')).toBe('otk_1');
  });

  it('refuses unknown statuses and non-integer amounts rather than guess', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const order of [
      { ...anOrder(), status: 'weird' },
      { ...anOrder(), total: 12.5 },
    ]) {
      vi.stubGlobal(
        'fetch',
        vi.fn(() => Promise.resolve(jsonResponse({ order }))),
      );
      await expect(fetchOrder(order.id, 'otk_1')).rejects.toMatchObject({ code: 'invalid_response' });
    }
  });
});

describe('creating a checkout session', () => {
  it('keeps the error details the checkout button needs', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          jsonResponse(
            {
              error: {
                code: 'payment_provider_unavailable',
                message: 'Unavailable.',
                details: { orderId: 'ord_1', orderToken: 'otk_1' },
              },
            },
            502,
          ),
        ),
      ),
    );
    const error = await createCheckoutSession({ items: [{ id: 'prod_1', quantity: 1 }] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'payment_provider_unavailable',
      status: 502,
      details: { orderId: 'ord_1', orderToken: 'otk_1' },
    });
    expect(vi.mocked(fetch).mock.calls[0]?.[1]).toMatchObject({
      method: 'POST',
      body: JSON.stringify({ items: [{ id: 'prod_1', quantity: 1 }] }),
    });
  });
});
