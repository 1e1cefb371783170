import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CartLine } from '../cart/cart';
import { aProduct, aStoreInfo } from '../test/builders';
import { fakeApi, instantResponse, renderApp, storageWithCart } from '../test/render-app';

const mug = aProduct({ id: 'prod_mug', title: 'Stoneware Mug', unitAmount: 2200 });
const beans = aProduct({ id: 'prod_beans', title: 'House Espresso Blend', unitAmount: 1850 });

function lineOf(product: typeof mug, quantity: number): CartLine {
  const { id, title, unitAmount, currency, imageUrl } = product;
  return { productId: id, title, unitAmount, currency, imageUrl, quantity };
}

function renderCart(lines: CartLine[], products = [mug, beans]) {
  return renderApp({ path: '/cart', products, storage: storageWithCart(lines) });
}

describe('the cart page', () => {
  it('shows each line with its total and the order total', async () => {
    renderCart([lineOf(mug, 2), lineOf(beans, 1)]);

    expect(screen.getByRole('heading', { level: 1, name: 'Your cart' })).toBeInTheDocument();
    expect(screen.getByLabelText('Quantity for Stoneware Mug')).toHaveValue(2);
    expect(screen.getByTestId('line-total-prod_mug')).toHaveTextContent('$44.00');
    expect(screen.getByTestId('line-total-prod_beans')).toHaveTextContent('$18.50');
    expect(screen.getByTestId('cart-total')).toHaveTextContent('$62.50');
    expect(screen.getByRole('link', { name: 'Cart, 3 items' })).toBeInTheDocument();
    // Wait for the catalog refresh so nothing updates after the test.
    expect(await screen.findByRole('link', { name: 'Stoneware Mug' })).toBeInTheDocument();
  });

  it('changes quantities with the buttons and the field, within 1..99', async () => {
    const { user } = renderCart([lineOf(mug, 1), lineOf(beans, 1)]);
    const quantity = screen.getByLabelText('Quantity for Stoneware Mug');

    await user.click(screen.getByRole('button', { name: 'Increase quantity of Stoneware Mug' }));
    expect(quantity).toHaveValue(2);
    expect(screen.getByTestId('line-total-prod_mug')).toHaveTextContent('$44.00');
    expect(screen.getByTestId('cart-total')).toHaveTextContent('$62.50');

    await user.click(screen.getByRole('button', { name: 'Decrease quantity of Stoneware Mug' }));
    await user.click(screen.getByRole('button', { name: 'Decrease quantity of Stoneware Mug' }));
    expect(quantity).toHaveValue(1);

    await user.clear(quantity);
    await user.type(quantity, '5');
    expect(screen.getByTestId('line-total-prod_mug')).toHaveTextContent('$110.00');
    expect(screen.getByTestId('cart-total')).toHaveTextContent('$128.50');
    expect(screen.getByRole('link', { name: 'Cart, 6 items' })).toBeInTheDocument();

    await user.clear(quantity);
    await user.type(quantity, '120');
    expect(quantity).toHaveValue(99);
    expect(screen.getByTestId('line-total-prod_mug')).toHaveTextContent('$2,178.00');
  });

  it('restores the quantity when the field is left empty', async () => {
    const { user } = renderCart([lineOf(mug, 4)]);
    const quantity = screen.getByLabelText('Quantity for Stoneware Mug');

    await user.clear(quantity);
    expect(quantity).toHaveValue(null);
    await user.tab();
    expect(quantity).toHaveValue(4);
  });

  it('removes lines and shows the empty state with a way back to the shop', async () => {
    const { user } = renderCart([lineOf(mug, 2), lineOf(beans, 1)]);

    await user.click(screen.getByRole('button', { name: 'Remove Stoneware Mug' }));
    expect(screen.queryByLabelText('Quantity for Stoneware Mug')).not.toBeInTheDocument();
    expect(screen.getByTestId('cart-total')).toHaveTextContent('$18.50');

    await user.click(screen.getByRole('button', { name: 'Remove House Espresso Blend' }));
    expect(screen.getByText('Your cart is empty')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Browse the shop' })).toHaveAttribute('href', '/');
    expect(screen.getByRole('link', { name: 'Cart, 0 items' })).toBeInTheDocument();
    expect(screen.queryByTestId('cart-total')).not.toBeInTheDocument();
  });

  it('shows the empty state for a new visitor', () => {
    renderApp({ path: '/cart' });
    expect(screen.getByText('Your cart is empty')).toBeInTheDocument();
    expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
  });

  it('takes current prices from the catalog and flags products no longer sold', async () => {
    const repriced = { ...mug, title: 'Stoneware Mug, 12 oz', unitAmount: 2400 };
    const retired = aProduct({ id: 'prod_retired', title: 'Retired Tin', unitAmount: 900 });
    renderCart([lineOf(mug, 2), lineOf(retired, 1)], [repriced, beans]);

    expect(await screen.findByRole('link', { name: 'Stoneware Mug, 12 oz' })).toBeInTheDocument();
    expect(screen.getByText('Price updated from $22.00.')).toBeInTheDocument();
    expect(screen.getByTestId('line-total-prod_mug')).toHaveTextContent('$48.00');

    const retiredLine = screen.getByRole('link', { name: 'Retired Tin' }).closest('li')!;
    expect(within(retiredLine).getByText(/no longer available/i)).toBeInTheDocument();
    expect(within(retiredLine).getByLabelText('Quantity for Retired Tin')).toBeDisabled();
    expect(within(retiredLine).getByRole('button', { name: 'Remove Retired Tin' })).toBeEnabled();
    expect(screen.getByTestId('cart-total')).toHaveTextContent('$48.00');
    expect(screen.getByText('1 product is no longer available and is not included.')).toBeInTheDocument();
  });

  it('says tax is calculated at checkout, and where physical goods ship', async () => {
    renderCart([lineOf(mug, 1)]);
    expect(await screen.findByTestId('shipping-note')).toHaveTextContent(
      'Shipping calculated at checkout. Ships to Austria, Germany, and France.',
    );
    expect(screen.getByTestId('tax-note')).toHaveTextContent('Tax calculated at checkout.');
    expect(screen.getByText('Subtotal')).toBeInTheDocument();
  });

  it('counts the countries when there are many, and says when prices include tax', async () => {
    renderApp({
      path: '/cart',
      products: [mug],
      store: aStoreInfo({ pricesIncludeTax: true, shippingCountries: ['AT', 'BE', 'DE', 'FR', 'NL'] }),
      storage: storageWithCart([lineOf(mug, 1)]),
    });
    expect(await screen.findByTestId('shipping-note')).toHaveTextContent(
      'Shipping calculated at checkout. Ships to 5 countries.',
    );
    expect(screen.getByTestId('tax-note')).toHaveTextContent('Prices include tax.');
  });

  it('says a cart of digital products only is delivered without shipping, and tags them', async () => {
    const ebook = aProduct({ id: 'prod_ebook', title: 'Brewing Guide (PDF)', digital: true });
    const gift = aProduct({ id: 'prod_gift', title: 'Gift Card', digital: true });
    const { user } = renderCart([lineOf(ebook, 1), lineOf(gift, 1), lineOf(mug, 1)], [ebook, gift, mug]);
    expect(await screen.findByTestId('shipping-note')).toHaveTextContent('Shipping calculated at checkout.');
    const ebookLine = screen.getByRole('link', { name: 'Brewing Guide (PDF)' }).closest('li')!;
    expect(within(ebookLine).getByText('Digital')).toBeInTheDocument();
    const mugLine = screen.getByRole('link', { name: 'Stoneware Mug' }).closest('li')!;
    expect(within(mugLine).queryByText('Digital')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Remove Stoneware Mug' }));
    expect(screen.getByTestId('shipping-note')).toHaveTextContent('Digital delivery — no shipping.');
  });

  it('says nothing about tax or shipping it does not know (the store settings could not be read)', async () => {
    renderApp({
      path: '/cart',
      storage: storageWithCart([lineOf(mug, 1)]),
      fetch: fakeApi({ 'GET /api/products': () => instantResponse([mug]) }),
    });
    expect(await screen.findByTestId('shipping-note')).toHaveTextContent(
      /^Shipping calculated at checkout\.$/,
    );
    expect(screen.queryByTestId('tax-note')).not.toBeInTheDocument();
  });
});
