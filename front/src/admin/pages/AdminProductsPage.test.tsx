import type { AdminHold, AdminProduct } from '@checkstand/contract';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeAdminApi } from '../../test/admin-builders';
import { instantResponse, renderApp, type FakeRequest } from '../../test/render-app';
import { aHold, anAdminProduct } from '../../test/stock-builders';

type Reply = (request: FakeRequest) => Response;

/** The products page over a fake API holding `products` and `holds`; writes are recorded and answered. */
function renderProducts(
  products: AdminProduct[],
  holds: AdminHold[] = [],
  {
    patch = (request) => {
      const product = products.find((p) => request.path.endsWith(`/${p.id}`))!;
      const stock = (request.body as { stock: number | null }).stock;
      return instantResponse({
        product: {
          ...product,
          stock,
          available: stock === null ? null : Math.max(0, stock - product.reserved),
        },
      });
    },
    release = () => instantResponse({ released: 1 }),
  }: { patch?: Reply; release?: Reply } = {},
) {
  const sent: FakeRequest[] = [];
  const reads = { products: 0, holds: 0 };
  const record = (reply: Reply) => (request: FakeRequest) => {
    sent.push(request);
    return reply(request);
  };
  const routes: Record<string, Reply> = {
    'GET /api/admin/products': () => {
      reads.products += 1;
      return instantResponse({ products });
    },
    'GET /api/admin/holds': () => {
      reads.holds += 1;
      return instantResponse({ holds });
    },
  };
  for (const product of products) routes[`PATCH /api/admin/products/${product.id}`] = record(patch);
  for (const hold of holds) {
    routes[`POST /api/admin/holds/${hold.orderId}/${hold.attemptNo}/release`] = record(release);
  }
  const view = renderApp({ path: '/admin/products', fetch: fakeAdminApi(routes) });
  return { ...view, sent, reads };
}

function rowOf(title: string) {
  return screen.getByRole('rowheader', { name: new RegExp(`^${title}`) }).closest('tr')!;
}

describe('the products page', () => {
  it('is in the admin’s navigation', async () => {
    renderProducts([]);
    const link = await screen.findByRole('link', { name: 'Products' });
    expect(link).toHaveAttribute('href', '/admin/products');
    expect(link).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByText('No products yet')).toBeInTheDocument();
  });

  it('lists the products with their stock, what checkouts hold and what is available', async () => {
    renderProducts([
      anAdminProduct({ title: 'Stoneware Mug', stock: 10, reserved: 2 }),
      anAdminProduct({ title: 'Tea Tin', stock: 3, reserved: 0 }),
      anAdminProduct({ title: 'Gooseneck Kettle', stock: 1, reserved: 1 }),
      anAdminProduct({ title: 'Brewing Guide', stock: null, active: false }),
    ]);
    expect(await screen.findAllByTestId('product-row')).toHaveLength(4);
    expect(screen.getByRole('columnheader', { name: 'Held by checkouts' })).toBeInTheDocument();

    const mug = rowOf('Stoneware Mug');
    expect(within(mug).getByTestId('product-stock')).toHaveTextContent('10');
    expect(within(mug).getByTestId('product-reserved')).toHaveTextContent('2');
    expect(within(mug).getByTestId('product-available')).toHaveTextContent(/^8$/);
    expect(within(mug).getByLabelText('Stock of Stoneware Mug')).toHaveValue('10');

    expect(within(rowOf('Tea Tin')).getByTestId('product-available')).toHaveTextContent('3Low');
    expect(within(rowOf('Gooseneck Kettle')).getByTestId('product-available')).toHaveTextContent('0Sold out');

    const guide = rowOf('Brewing Guide');
    expect(guide).toHaveTextContent('inactive');
    expect(within(guide).getByTestId('product-stock')).toHaveTextContent('Unlimited');
    expect(within(guide).getByTestId('product-available')).toHaveTextContent('Unlimited');
    expect(within(guide).getByLabelText('Stock of Brewing Guide')).toBeDisabled();
    expect(within(guide).getByRole('checkbox', { name: 'Unlimited stock of Brewing Guide' })).toBeChecked();
  });

  it('saves a new stock with PATCH, says so and reads the list again', async () => {
    const mug = anAdminProduct({ title: 'Stoneware Mug', stock: 10, reserved: 2 });
    const view = renderProducts([mug]);
    const field = await screen.findByLabelText('Stock of Stoneware Mug');
    const readsBefore = view.reads.products;

    await view.user.clear(field);
    await view.user.type(field, '25');
    await view.user.click(screen.getByRole('button', { name: 'Save stock of Stoneware Mug' }));

    await waitFor(() => expect(view.sent).toHaveLength(1));
    expect(view.sent[0]!.method).toBe('PATCH');
    expect(view.sent[0]!.path).toBe(`/api/admin/products/${mug.id}`);
    expect(view.sent[0]!.headers.get('Content-Type')).toBe('application/json');
    expect(view.sent[0]!.body).toEqual({ stock: 25 });
    expect(await screen.findByText('Saved: Stoneware Mug has 25 in stock.')).toBeInTheDocument();
    await waitFor(() => expect(view.reads.products).toBeGreaterThan(readsBefore));
  });

  it('makes a product unlimited', async () => {
    const mug = anAdminProduct({ title: 'Stoneware Mug', stock: 4 });
    const view = renderProducts([mug]);
    await view.user.click(await screen.findByRole('checkbox', { name: 'Unlimited stock of Stoneware Mug' }));
    expect(screen.getByLabelText('Stock of Stoneware Mug')).toBeDisabled();
    await view.user.click(screen.getByRole('button', { name: 'Save stock of Stoneware Mug' }));

    await waitFor(() => expect(view.sent).toHaveLength(1));
    expect(view.sent[0]!.body).toEqual({ stock: null });
    expect(await screen.findByText('Saved: Stoneware Mug has unlimited stock.')).toBeInTheDocument();
  });

  it('says what is wrong with the stock before sending anything', async () => {
    const view = renderProducts([anAdminProduct({ title: 'Stoneware Mug' })]);
    const field = await screen.findByLabelText('Stock of Stoneware Mug');
    await view.user.clear(field);
    await view.user.type(field, '2.5');
    await view.user.click(screen.getByRole('button', { name: 'Save stock of Stoneware Mug' }));

    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription('Enter a whole number of units, like 12.');
    expect(field).toHaveFocus();

    await view.user.clear(field);
    await view.user.click(screen.getByRole('button', { name: 'Save stock of Stoneware Mug' }));
    expect(field).toHaveAccessibleDescription('Enter the units on hand (0 or more), or tick “Unlimited”.');
    expect(view.sent).toHaveLength(0);
  });

  it('shows the server’s refusal under the field', async () => {
    const view = renderProducts([anAdminProduct({ title: 'Stoneware Mug' })], [], {
      patch: () =>
        instantResponse(
          { error: { code: 'invalid_stock', message: 'Stock must be a whole number from 0.' } },
          400,
        ),
    });
    const field = await screen.findByLabelText('Stock of Stoneware Mug');
    await view.user.click(screen.getByRole('button', { name: 'Save stock of Stoneware Mug' }));
    await waitFor(() => expect(field).toHaveAccessibleDescription('Stock must be a whole number from 0.'));
    expect(field).toHaveAttribute('aria-invalid', 'true');
  });

  it('says when the product is gone', async () => {
    const view = renderProducts([anAdminProduct({ title: 'Stoneware Mug' })], [], {
      patch: () =>
        instantResponse({ error: { code: 'product_not_found', message: 'No such product.' } }, 404),
    });
    await view.user.click(await screen.findByRole('button', { name: 'Save stock of Stoneware Mug' }));
    expect(
      await screen.findByText('This product doesn’t exist any more. Reload the list.'),
    ).toBeInTheDocument();
  });
});

describe('the units held by checkouts', () => {
  const holds = [
    aHold({ orderId: 'ord_01LATER00001', attemptNo: 2, expiresAt: '2026-11-26T11:00:00.000Z', holder: 'b2' }),
    aHold({ orderId: 'ord_01SOON000001', productId: 'prod_mug', productTitle: 'Stoneware Mug', quantity: 2 }),
    aHold({ orderId: 'ord_01SOON000001', productId: 'prod_tin', productTitle: 'Tea Tin', quantity: 1 }),
  ];

  it('lists who holds what until when, a checkout a row, soonest to end first', async () => {
    renderProducts([anAdminProduct()], holds);
    const rows = await screen.findAllByTestId('hold-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByRole('link', { name: 'ord_01SOON000001' })).toHaveAttribute(
      'href',
      '/admin/orders/ord_01SOON000001',
    );
    expect(rows[0]).toHaveTextContent('2 × Stoneware Mug');
    expect(rows[0]).toHaveTextContent('1 × Tea Tin');
    expect(rows[0]).toHaveTextContent('c7f3a1');
    expect(within(rows[0]!).getByRole('time')).toHaveAttribute('datetime', '2026-11-26T10:30:00.000Z');
    expect(within(rows[1]!).getByRole('link', { name: 'ord_01LATER00001' })).toBeInTheDocument();
  });

  it('says when nothing is held', async () => {
    renderProducts([anAdminProduct()], []);
    expect(await screen.findByText('No units held')).toBeInTheDocument();
  });

  it('releases a checkout’s units after a confirmation', async () => {
    const view = renderProducts([anAdminProduct()], holds);
    const readsBefore = () => view.reads.holds;
    await view.user.click(
      await screen.findByRole('button', {
        name: 'Release the units held for order ord_01SOON000001, attempt 1',
      }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Release the units held for order ord_01SOON000001?' });
    expect(dialog).toHaveTextContent('Checkout attempt 1 holds 2 × Stoneware Mug, 1 × Tea Tin until');
    expect(dialog).toHaveTextContent('the order is marked oversold');
    // A stray Enter must not release anything.
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expect(view.sent).toHaveLength(0);
    const holdReads = readsBefore();

    await view.user.click(within(dialog).getByRole('button', { name: 'Release the units' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(view.sent).toHaveLength(1);
    expect(view.sent[0]!.method).toBe('POST');
    expect(view.sent[0]!.path).toBe('/api/admin/holds/ord_01SOON000001/1/release');
    expect(view.sent[0]!.headers.get('Content-Type')).toBe('application/json');
    expect(view.sent[0]!.body).toEqual({});
    expect(
      await screen.findByText('Released the units held for order ord_01SOON000001.'),
    ).toBeInTheDocument();
    await waitFor(() => expect(view.reads.holds).toBeGreaterThan(holdReads));
  });

  it('says when the checkout holds nothing any more', async () => {
    const view = renderProducts([anAdminProduct()], holds, {
      release: () => instantResponse({ error: { code: 'hold_not_found', message: 'No hold.' } }, 404),
    });
    await view.user.click(
      await screen.findByRole('button', {
        name: 'Release the units held for order ord_01LATER00001, attempt 2',
      }),
    );
    const dialog = screen.getByRole('dialog');
    await view.user.click(within(dialog).getByRole('button', { name: 'Release the units' }));
    expect(
      await within(dialog).findByText(
        'This checkout holds nothing any more: it was paid, or it ended. Close this and reload the list.',
      ),
    ).toBeInTheDocument();
  });
});
