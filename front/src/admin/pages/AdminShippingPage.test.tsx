import type { ShippingRate } from '@checkstand/contract';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeAdminApi } from '../../test/admin-builders';
import { aProduct } from '../../test/builders';
import { instantResponse, renderApp, type FakeRequest } from '../../test/render-app';
import { aShippingRate } from '../../test/shop-builders';

const PRODUCTS = [aProduct({ currency: 'usd' }), aProduct({ currency: 'eur' })];

/** The shipping page over a fake API holding `rates`; writes are recorded and answered as `reply` says. */
function renderShipping(
  rates: ShippingRate[],
  reply: (request: FakeRequest) => Response = (request) =>
    instantResponse(
      { id: 'shr_new', updatedAt: '2026-11-27T10:00:00.000Z', freeAbove: {}, ...(request.body as object) },
      request.method === 'POST' ? 201 : 200,
    ),
) {
  const sent: FakeRequest[] = [];
  const write = (request: FakeRequest) => {
    sent.push(request);
    return reply(request);
  };
  const routes: Record<string, (request: FakeRequest) => Response> = {
    'GET /api/products': () => instantResponse(PRODUCTS),
    'GET /api/admin/shipping-rates': () => instantResponse({ rates }),
    'POST /api/admin/shipping-rates': write,
  };
  for (const rate of rates) routes[`PUT /api/admin/shipping-rates/${rate.id}`] = write;
  const view = renderApp({ path: '/admin/shipping', fetch: fakeAdminApi(routes) });
  return { ...view, sent };
}

function rowOf(name: string) {
  return screen.getByRole('rowheader', { name }).closest('tr')!;
}

describe('the shipping page', () => {
  it('lists the rates with their prices per currency, free-above amounts, delivery and status', async () => {
    renderShipping([
      aShippingRate({ name: 'Standard shipping' }),
      aShippingRate({
        name: 'Express',
        amounts: { usd: 1500 },
        freeAbove: {},
        deliveryEstimate: null,
        active: false,
      }),
    ]);
    expect(await screen.findAllByTestId('rate-row')).toHaveLength(2);
    expect(screen.getByText(/at most 5 of them/)).toBeInTheDocument();
    expect(screen.getByText(/have a price in the cart’s currency/)).toBeInTheDocument();

    const standard = rowOf('Standard shipping');
    expect(within(standard).getByTestId('rate-amounts')).toHaveTextContent('€4.50$4.95');
    expect(within(standard).getByTestId('rate-free-above')).toHaveTextContent('$100.00');
    expect(standard).toHaveTextContent('2–4 business days');
    expect(within(standard).getByTestId('rate-status')).toHaveTextContent('Active');
    expect(
      within(standard).getByRole('button', { name: 'Deactivate Standard shipping' }),
    ).toBeInTheDocument();

    const express = rowOf('Express');
    expect(within(express).getByTestId('rate-status')).toHaveTextContent('Inactive');
    expect(within(express).getByRole('button', { name: 'Activate Express' })).toBeInTheDocument();
    // The catalog sells in EUR, and no active rate but Standard has a EUR price: still priced.
    expect(screen.queryByTestId('rate-warnings')).not.toBeInTheDocument();
  });

  it('warns about more active rates than checkout shows, and currencies no active rate is priced in', async () => {
    renderShipping(
      Array.from({ length: 6 }, (_, i) => aShippingRate({ name: `Rate ${i}`, amounts: { usd: 100 * i } })),
    );
    const warnings = await screen.findByTestId('rate-warnings');
    expect(warnings).toHaveTextContent(
      '6 active rates are priced in USD: checkout offers only the first 5 by position.',
    );
    expect(warnings).toHaveTextContent(
      'No active rate has a price in EUR: carts in EUR are offered no shipping.',
    );
  });

  it('adds a rate, reading "4.50" EUR as 450 and placing it after the others', async () => {
    const view = renderShipping([aShippingRate({ position: 2 })]);
    await view.user.click(await screen.findByRole('button', { name: 'Add a rate' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a shipping rate' });

    await view.user.type(within(dialog).getByLabelText('Name, as customers see it at checkout'), 'Parcel');
    await view.user.type(within(dialog).getByLabelText('Price in EUR'), '4.50');
    await view.user.type(within(dialog).getByLabelText(/Free above, in EUR/), '60');
    await view.user.type(within(dialog).getByLabelText('Fewest days'), '3');
    await view.user.type(within(dialog).getByLabelText('Most days'), '5');
    expect(within(dialog).getByLabelText('Position')).toHaveValue('3');
    await view.user.click(within(dialog).getByRole('button', { name: 'Add rate' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(view.sent).toHaveLength(1);
    expect(view.sent[0]!.method).toBe('POST');
    expect(view.sent[0]!.headers.get('Content-Type')).toBe('application/json');
    expect(view.sent[0]!.body).toEqual({
      name: 'Parcel',
      amounts: { eur: 450 },
      freeAbove: { eur: 6000 },
      deliveryEstimate: { minDays: 3, maxDays: 5 },
      active: true,
      position: 3,
    });
    expect(await screen.findByText('Added “Parcel”.')).toBeInTheDocument();
  });

  it('edits a rate with its amounts shown as money, in a currency added for it', async () => {
    const rate = aShippingRate({ name: 'Express', amounts: { usd: 1250 }, freeAbove: {}, position: 1 });
    const view = renderShipping([rate]);
    await view.user.click(await screen.findByRole('button', { name: 'Edit Express' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit “Express”' });
    expect(within(dialog).getByLabelText('Price in USD')).toHaveValue('12.50');
    expect(within(dialog).getByLabelText('Price in EUR')).toHaveValue('');

    await view.user.type(within(dialog).getByLabelText('Another currency'), 'jpy{Enter}');
    await view.user.type(within(dialog).getByLabelText('Price in JPY'), '1500');
    await view.user.click(within(dialog).getByRole('button', { name: 'Save rate' }));

    await waitFor(() => expect(view.sent).toHaveLength(1));
    expect(view.sent[0]!.method).toBe('PUT');
    expect(view.sent[0]!.path).toBe(`/api/admin/shipping-rates/${rate.id}`);
    expect(view.sent[0]!.body).toMatchObject({
      name: 'Express',
      amounts: { usd: 1250, jpy: 1500 },
      position: 1,
    });
  });

  it('shows what is wrong in the form before sending anything', async () => {
    const view = renderShipping([]);
    expect(await screen.findByText('No shipping rates yet')).toBeInTheDocument();
    await view.user.click(screen.getByRole('button', { name: 'Add a rate' }));
    const dialog = screen.getByRole('dialog');
    await view.user.type(within(dialog).getByLabelText('Name, as customers see it at checkout'), 'Parcel');
    await view.user.type(within(dialog).getByLabelText('Price in EUR'), '4.505');
    await view.user.click(within(dialog).getByRole('button', { name: 'Add rate' }));

    const price = within(dialog).getByLabelText('Price in EUR');
    expect(price).toHaveAttribute('aria-invalid', 'true');
    expect(price).toHaveAccessibleDescription('Use at most 2 decimal places.');
    await waitFor(() => expect(price).toHaveFocus());
    expect(view.sent).toHaveLength(0);
  });

  it('shows the server’s refusal in the form', async () => {
    const view = renderShipping([], () =>
      instantResponse(
        { error: { code: 'invalid_shipping_rate', message: 'Currency xts is not supported.' } },
        400,
      ),
    );
    await view.user.click(await screen.findByRole('button', { name: 'Add a rate' }));
    const dialog = screen.getByRole('dialog');
    await view.user.type(within(dialog).getByLabelText('Name, as customers see it at checkout'), 'Parcel');
    await view.user.type(within(dialog).getByLabelText('Price in USD'), '5');
    await view.user.click(within(dialog).getByRole('button', { name: 'Add rate' }));
    expect(await within(dialog).findByText('Currency xts is not supported.')).toBeInTheDocument();
  });

  it('deactivates a rate by writing it back unchanged but for active', async () => {
    const rate = aShippingRate({ name: 'Standard shipping', position: 4 });
    const view = renderShipping([rate]);
    await view.user.click(await screen.findByRole('button', { name: 'Deactivate Standard shipping' }));
    await waitFor(() => expect(view.sent).toHaveLength(1));
    expect(view.sent[0]!.method).toBe('PUT');
    expect(view.sent[0]!.body).toEqual({
      name: 'Standard shipping',
      amounts: { usd: 495, eur: 450 },
      freeAbove: { usd: 10_000 },
      deliveryEstimate: { minDays: 2, maxDays: 4 },
      active: false,
      position: 4,
    });
    expect(await screen.findByText('“Standard shipping” is no longer offered.')).toBeInTheDocument();
  });
});
