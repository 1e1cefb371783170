import { describe, expect, it, vi } from 'vitest';
import { anOrder } from '../test/builders';
import { jsonResponse } from '../test/render-app';
import { ApiError } from './api-client';
import { createCheckoutSession, parseOrder } from './orders';

describe('the order view', () => {
  it('accepts the documented shape', () => {
    const order = anOrder({ status: 'paid' });
    expect(parseOrder(JSON.parse(JSON.stringify(order)))).toEqual(order);
  });

  it('refuses unknown statuses and non-integer amounts rather than guess', () => {
    expect(() => parseOrder({ ...anOrder(), status: 'weird' })).toThrow();
    expect(() => parseOrder({ ...anOrder(), total: 12.5 })).toThrow();
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
    const error = await createCheckoutSession([{ id: 'prod_1', quantity: 1 }]).catch((e: unknown) => e);
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
