import type { Product } from '@checkstand/contract';
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { browserNavigation } from '../app/browser-navigation';
import type { CartLine } from '../cart/cart';
import { CART_STORAGE_KEY, parseStoredCart } from '../cart/cart-store';
import { aProduct } from '../test/builders';
import { fakeApi, instantResponse, renderApp, storageWithCart, type FakeRequest } from '../test/render-app';

const mug = aProduct({ id: 'prod_mug', title: 'Stoneware Mug', unitAmount: 2200, available: 3 });
const tin = aProduct({ id: 'prod_tin', title: 'Tea Tin', unitAmount: 900, available: 0 });
const beans = aProduct({ id: 'prod_beans', title: 'House Espresso Blend', unitAmount: 1850, available: 40 });
const guide = aProduct({ id: 'prod_guide', title: 'Brewing Guide', unitAmount: 1200, available: null });

function lineOf(product: Product, quantity: number): CartLine {
  const { id, title, unitAmount, currency, imageUrl } = product;
  return { productId: id, title, unitAmount, currency, imageUrl, quantity };
}

function cardOf(title: string) {
  return screen.getByRole('link', { name: title }).closest('article')!;
}

const CREATE = 'POST /api/payments/create-checkout-session';

describe('stock on the catalog', () => {
  it('says “Only N left” at or below the threshold, “Sold out” at none, and nothing otherwise', async () => {
    renderApp({ products: [mug, tin, beans, guide] });
    expect(await screen.findAllByRole('article')).toHaveLength(4);

    expect(within(cardOf('Stoneware Mug')).getByTestId('stock-note')).toHaveTextContent('Only 3 left');
    expect(within(cardOf('Tea Tin')).getByTestId('stock-note')).toHaveTextContent('Sold out');
    expect(within(cardOf('House Espresso Blend')).queryByTestId('stock-note')).not.toBeInTheDocument();
    expect(within(cardOf('Brewing Guide')).queryByTestId('stock-note')).not.toBeInTheDocument();

    // A sold-out product cannot be added; its button keeps its name (WCAG 2.5.3).
    expect(screen.getByRole('button', { name: 'Add to cart: Tea Tin' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Add to cart: Stoneware Mug' })).toBeEnabled();
  });

  it('adds no more than is available, counting what the cart has', async () => {
    const { user, cartStore } = renderApp({ products: [mug] });
    const add = await screen.findByRole('button', { name: 'Add to cart: Stoneware Mug' });
    for (let i = 0; i < 3; i += 1) await user.click(add);
    expect(cartStore.getSnapshot().lines[0]?.quantity).toBe(3);

    await user.click(add);
    expect(cartStore.getSnapshot().lines[0]?.quantity).toBe(3);
    expect(screen.getByRole('status')).toHaveTextContent(
      'Only 3 of Stoneware Mug left, and your cart already has 3.',
    );
  });
});

describe('stock on the product page', () => {
  it('says how many are left and keeps the quantity within them', async () => {
    const { user, cartStore } = renderApp({ path: '/products/prod_mug', products: [mug, beans] });
    const detail = (await screen.findByRole('heading', { level: 1, name: 'Stoneware Mug' })).closest(
      'article',
    )!;
    expect(within(detail).getByTestId('stock-note')).toHaveTextContent('Only 3 left');

    const quantity = screen.getByLabelText('Quantity');
    const increase = screen.getByRole('button', { name: 'Increase quantity' });
    await user.click(increase);
    await user.click(increase);
    expect(quantity).toHaveValue(3);
    expect(increase).toHaveAttribute('aria-disabled', 'true');
    await user.click(increase);
    expect(quantity).toHaveValue(3);

    await user.clear(quantity);
    await user.type(quantity, '9');
    expect(quantity).toHaveValue(3);

    await user.click(screen.getByRole('button', { name: 'Add to cart' }));
    expect(cartStore.getSnapshot().lines[0]?.quantity).toBe(3);
  });

  it('shows a sold-out product with its add-to-cart button disabled', async () => {
    const { user, cartStore } = renderApp({ path: '/products/prod_tin', products: [tin, mug] });
    const detail = (await screen.findByRole('heading', { level: 1, name: 'Tea Tin' })).closest('article')!;
    expect(within(detail).getByTestId('stock-note')).toHaveTextContent('Sold out');

    const add = within(detail).getByRole('button', { name: 'Add to cart' });
    expect(add).toBeDisabled();
    expect(add).toHaveAccessibleDescription('Sold out');
    expect(within(detail).getByLabelText('Quantity')).toBeDisabled();
    await user.click(add);
    expect(cartStore.getSnapshot().lines).toHaveLength(0);
  });
});

describe('stock in the cart', () => {
  function renderCart(lines: CartLine[], products: Product[]) {
    return renderApp({ path: '/cart', products, storage: storageWithCart(lines) });
  }

  it('warns on a line asking for more than is left, and the checkout button says why it waits', async () => {
    const { user } = renderCart([lineOf(mug, 5), lineOf(beans, 1)], [mug, beans]);
    const line = (await screen.findByRole('link', { name: 'Stoneware Mug' })).closest('li')!;
    expect(await within(line).findByTestId('stock-warning')).toHaveTextContent(
      'Only 3 left — lower the quantity.',
    );

    const checkout = screen.getByRole('button', { name: 'Check out' });
    expect(checkout).toHaveAttribute('aria-disabled', 'true');
    expect(checkout).toHaveAccessibleDescription(
      'Only 3 of Stoneware Mug left. Lower its quantity to check out.',
    );

    // The stepper goes no higher than what is left: one step down brings the line within it.
    expect(screen.getByRole('button', { name: 'Increase quantity of Stoneware Mug' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    await user.click(screen.getByRole('button', { name: 'Decrease quantity of Stoneware Mug' }));
    expect(screen.getByLabelText('Quantity for Stoneware Mug')).toHaveValue(3);
    expect(within(line).queryByTestId('stock-warning')).not.toBeInTheDocument();
    expect(within(line).getByText('Only 3 left')).toBeInTheDocument();
    expect(checkout).toHaveAttribute('aria-disabled', 'false');
  });

  it('asks to remove a sold-out line before checking out', async () => {
    renderCart([lineOf(tin, 1), lineOf(beans, 1)], [tin, beans]);
    const line = (await screen.findByRole('link', { name: 'Tea Tin' })).closest('li')!;
    expect(await within(line).findByTestId('stock-warning')).toHaveTextContent(
      'Sold out. Remove it to check out.',
    );
    expect(screen.getByLabelText('Quantity for Tea Tin')).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Check out' })).toHaveAccessibleDescription(
      'Tea Tin is sold out. Remove it to check out.',
    );
  });

  it('counts the lines to lower when there are several', async () => {
    renderCart([lineOf(mug, 4), lineOf(tin, 2)], [mug, tin]);
    expect(await screen.findAllByTestId('stock-warning')).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Check out' })).toHaveAccessibleDescription(
      '2 products in your cart have fewer units left than you chose. Lower the marked quantities to check out.',
    );
  });
});

describe('checkout refused for stock', () => {
  function renderCheckout(lines: CartLine[], catalog: () => Product[], checkout: () => Response) {
    vi.spyOn(browserNavigation, 'assign').mockImplementation(() => {});
    const calls: FakeRequest[] = [];
    let catalogReads = 0;
    const view = renderApp({
      path: '/cart',
      storage: storageWithCart(lines),
      fetch: fakeApi({
        'GET /api/products': () => {
          catalogReads += 1;
          return instantResponse(catalog());
        },
        [CREATE]: (request) => {
          calls.push(request);
          return checkout();
        },
      }),
    });
    return { ...view, calls, catalogReads: () => catalogReads };
  }

  it('names the products short of stock with what is left, refreshes the catalog and offers to fix the cart', async () => {
    // The catalog the page loaded still had plenty; by checkout, others took most of it.
    let current: Product[] = [
      { ...mug, available: 10 },
      { ...tin, available: 10 },
    ];
    const { user, storage, catalogReads } = renderCheckout(
      [lineOf(mug, 2), lineOf(tin, 1)],
      () => current,
      () => {
        current = [mug, tin];
        return instantResponse(
          {
            error: {
              code: 'insufficient_stock',
              message: 'Not enough stock.',
              details: {
                products: [
                  { productId: 'prod_mug', requested: 5, available: 1 },
                  { productId: 'prod_tin', requested: 1, available: 0 },
                ],
              },
            },
          },
          409,
        );
      },
    );
    await screen.findByRole('link', { name: 'Stoneware Mug' });
    const readsBefore = catalogReads();

    await user.click(screen.getByRole('button', { name: 'Check out' }));

    const problem = await screen.findByTestId('insufficient-stock');
    expect(problem).toHaveTextContent(
      'Some products in your cart don’t have enough stock left, so we couldn’t start your payment.',
    );
    expect(problem).toHaveTextContent('Stoneware Mug: only 1 left (you asked for 5).');
    expect(problem).toHaveTextContent('Tea Tin: sold out (you asked for 1).');
    // The catalog is read again, so the lines are flagged too.
    await vi.waitFor(() => expect(catalogReads()).toBeGreaterThan(readsBefore));
    expect(await screen.findAllByTestId('stock-warning')).toHaveLength(1);

    await user.click(within(problem).getByRole('button', { name: 'Lower Stoneware Mug to 1' }));
    expect(screen.getByLabelText('Quantity for Stoneware Mug')).toHaveValue(1);
    await user.click(screen.getByRole('button', { name: 'Remove Tea Tin from your cart' }));
    expect(parseStoredCart(storage.getItem(CART_STORAGE_KEY)).lines).toEqual([lineOf(mug, 1)]);
    expect(screen.getByRole('alert')).toBeEmptyDOMElement();
    expect(screen.getByRole('button', { name: 'Check out' })).toHaveFocus();
  });

  it('explains the hold limit', async () => {
    const { user } = renderCheckout(
      [lineOf(mug, 3)],
      () => [mug],
      () => instantResponse({ error: { code: 'hold_limit_reached', message: 'Too many units held.' } }, 409),
    );
    await screen.findByRole('link', { name: 'Stoneware Mug' });
    await user.click(screen.getByRole('button', { name: 'Check out' }));
    expect(
      await screen.findByText(/Too many limited-stock items are waiting in unfinished checkouts/),
    ).toHaveTextContent('at most 10 per checkout and 20 across your open ones');
    expect(screen.getByRole('alert')).toHaveTextContent('Your cart is kept.');
  });
});
