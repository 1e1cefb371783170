import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CART_STORAGE_KEY } from '../cart/cart-store';
import { aCartProduct, aProduct } from '../test/builders';
import { jsonResponse, renderApp, storageWithCart } from '../test/render-app';

const mug = aProduct({ id: 'prod_stoneware_mug', title: 'Stoneware Mug', unitAmount: 2200 });
const beans = aProduct({ id: 'prod_house_espresso', title: 'House Espresso Blend', unitAmount: 1850 });

describe('the catalog page', () => {
  it('lists the products from the API with formatted prices', async () => {
    const { fetchMock } = renderApp({ products: [mug, beans] });

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(/good coffee/i);
    const cards = await screen.findAllByRole('article');
    expect(cards).toHaveLength(2);
    expect(within(cards[0]!).getByRole('link', { name: 'Stoneware Mug' })).toHaveAttribute(
      'href',
      '/products/prod_stoneware_mug',
    );
    expect(within(cards[0]!).getByText('$22.00')).toBeInTheDocument();
    expect(within(cards[1]!).getByText('$18.50')).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledWith('/api/products', expect.anything());
  });

  it('shows loading placeholders until the products arrive', async () => {
    let answer: (response: Response) => void = () => {};
    renderApp({ fetch: () => new Promise((resolve) => (answer = resolve)) });

    expect(screen.getByText('Loading products…')).toBeInTheDocument();
    answer(jsonResponse([mug]));
    expect(await screen.findByRole('link', { name: 'Stoneware Mug' })).toBeInTheDocument();
    expect(screen.queryByText('Loading products…')).not.toBeInTheDocument();
  });

  it('adds to the cart, updates the header badge and announces it', async () => {
    const { user, storage } = renderApp({ products: [mug, beans] });
    expect(screen.getByRole('link', { name: 'Cart, 0 items' })).toBeInTheDocument();

    await user.click(await screen.findByRole('button', { name: 'Add to cart: Stoneware Mug' }));
    expect(screen.getByRole('link', { name: 'Cart, 1 item' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Added Stoneware Mug to your cart.');

    await user.click(screen.getByRole('button', { name: 'Add to cart: Stoneware Mug' }));
    await user.click(screen.getByRole('button', { name: 'Add to cart: House Espresso Blend' }));
    expect(screen.getByRole('link', { name: 'Cart, 3 items' })).toBeInTheDocument();

    const stored = JSON.parse(storage.getItem(CART_STORAGE_KEY) ?? '{}') as { lines: unknown[] };
    expect(stored.lines).toEqual([
      expect.objectContaining({ productId: 'prod_stoneware_mug', quantity: 2, unitAmount: 2200 }),
      expect.objectContaining({ productId: 'prod_house_espresso', quantity: 1, unitAmount: 1850 }),
    ]);
  });

  it('says so when the cart already holds 50 different products', async () => {
    const full = Array.from({ length: 50 }, () => ({ ...aCartProduct(), quantity: 1 }));
    const { user } = renderApp({ products: [mug], storage: storageWithCart(full) });

    await user.click(await screen.findByRole('button', { name: 'Add to cart: Stoneware Mug' }));
    expect(screen.getByRole('status')).toHaveTextContent(/up to 50 different products/);
    expect(screen.getByRole('link', { name: 'Cart, 50 items' })).toBeInTheDocument();
  });

  it('shows the API error and recovers when the shopper retries', async () => {
    let calls = 0;
    const { user, fetchMock } = renderApp({
      fetch: () => {
        calls += 1;
        return Promise.resolve(
          calls === 1
            ? jsonResponse(
                { error: { code: 'internal_error', message: 'The shop is taking a short break.' } },
                503,
              )
            : jsonResponse([mug]),
        );
      },
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('We couldn’t load the shop');
    expect(alert).toHaveTextContent('The shop is taking a short break.');

    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Stoneware Mug' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('explains a network failure in plain words', async () => {
    renderApp({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
    expect(await screen.findByRole('alert')).toHaveTextContent(/couldn’t reach the shop/);
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('opens a product and moves focus to its heading', async () => {
    const { user, router } = renderApp({ products: [mug, beans] });

    await user.click(await screen.findByRole('link', { name: 'House Espresso Blend' }));
    expect(router.state.location.pathname).toBe('/products/prod_house_espresso');
    const heading = screen.getByRole('heading', { level: 1, name: 'House Espresso Blend' });
    await waitFor(() => expect(heading).toHaveFocus());
  });
});
