import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aProduct, aStoreInfo } from '../test/builders';
import { renderApp } from '../test/render-app';

const kettle = aProduct({
  id: 'prod_gooseneck_kettle',
  title: 'Gooseneck Kettle',
  description: 'A steady, thin pour.',
  unitAmount: 6400,
});
const others = [aProduct(), aProduct()];

describe('the product page', () => {
  it('shows the product and adds the chosen quantity to the cart', async () => {
    const { user } = renderApp({ path: '/products/prod_gooseneck_kettle', products: [kettle, ...others] });

    expect(await screen.findByRole('heading', { level: 1, name: 'Gooseneck Kettle' })).toBeInTheDocument();
    expect(screen.getByText('$64.00')).toBeInTheDocument();
    expect(screen.getByText('A steady, thin pour.')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Gooseneck Kettle' })).toHaveAttribute('src', kettle.imageUrl);

    const quantity = screen.getByLabelText('Quantity');
    await user.click(screen.getByRole('button', { name: 'Increase quantity' }));
    await user.click(screen.getByRole('button', { name: 'Increase quantity' }));
    expect(quantity).toHaveValue(3);
    await user.click(screen.getByRole('button', { name: 'Add to cart' }));

    expect(screen.getByRole('link', { name: 'Cart, 3 items' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Added 3 × Gooseneck Kettle to your cart.');
  });

  it('says how tax works, and tags a digital product', async () => {
    const ebook = aProduct({ id: 'prod_ebook', title: 'Brewing Guide (PDF)', digital: true });
    const { unmount } = renderApp({
      path: '/products/prod_gooseneck_kettle',
      products: [kettle, ebook],
      store: aStoreInfo({ pricesIncludeTax: true }),
    });
    expect(await screen.findByTestId('tax-note')).toHaveTextContent('Prices include tax.');
    const kettleDetail = screen
      .getByRole('heading', { level: 1, name: 'Gooseneck Kettle' })
      .closest('article')!;
    expect(within(kettleDetail).queryByText('Digital')).not.toBeInTheDocument();
    // The related products' cards tag the digital one.
    const ebookCard = screen.getByRole('link', { name: 'Brewing Guide (PDF)' }).closest('article')!;
    expect(within(ebookCard).getByText('Digital')).toBeInTheDocument();
    unmount();

    renderApp({ path: '/products/prod_ebook', products: [ebook, kettle] });
    expect(await screen.findByTestId('tax-note')).toHaveTextContent('Tax calculated at checkout.');
    const detail = screen.getByRole('heading', { level: 1, name: 'Brewing Guide (PDF)' }).closest('article')!;
    expect(within(detail).getByText('Digital')).toBeInTheDocument();
    expect(within(detail).getByText('Delivered digitally — no shipping')).toBeInTheDocument();
  });

  it('keeps the picked quantity within 1..99', async () => {
    const { user } = renderApp({ path: '/products/prod_gooseneck_kettle', products: [kettle] });
    const quantity = await screen.findByLabelText('Quantity');

    await user.click(screen.getByRole('button', { name: 'Decrease quantity' }));
    expect(quantity).toHaveValue(1);
    await user.clear(quantity);
    await user.type(quantity, '250');
    expect(quantity).toHaveValue(99);
    expect(screen.getByRole('button', { name: 'Increase quantity' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });

  it('says when the product does not exist', async () => {
    renderApp({ path: '/products/prod_nope', products: [kettle] });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'We couldn’t find that product' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the shop' })).toHaveAttribute('href', '/');
  });
});

describe('an unknown address', () => {
  it('shows the not-found page inside the shop frame', () => {
    renderApp({ path: '/no/such/page' });
    expect(screen.getByRole('heading', { level: 1, name: 'We couldn’t find that page' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Cart, 0 items' })).toBeInTheDocument();
  });
});
