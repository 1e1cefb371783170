import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { anAdminOrderDetail, renderOrder } from '../../test/admin-builders';
import { anAddress, someCharges } from '../../test/builders';

const CHARGES = someCharges({
  subtotal: 6250,
  discount: 625,
  promotionCode: 'SUMMER10',
  shipping: 495,
  shippingMethod: 'Standard shipping',
  tax: 1162,
  taxIncluded: true,
});

const CONTACT = {
  shipping: { name: 'Jana Beispiel', address: anAddress() },
  billing: {
    name: 'Jana Beispiel',
    email: 'jana@example.com',
    phone: '+49 30 1234567',
    address: anAddress({ line1: 'Torstraße 1', line2: null, postalCode: '10119' }),
  },
};

function shippedOrder() {
  return anAdminOrderDetail({ charges: CHARGES, contact: CONTACT });
}

describe('the admin order page’s charges and customer', () => {
  it('shows Stripe’s breakdown: discount with its code, shipping with its method, tax included', async () => {
    renderOrder(shippedOrder());
    const card = await screen.findByRole('region', { name: 'Charges' });
    expect(within(card).getByTestId('charges-subtotal')).toHaveTextContent('$62.50');
    expect(within(card).getByTestId('charges-discount')).toHaveTextContent('−$6.25');
    expect(card).toHaveTextContent('Discount SUMMER10');
    expect(card).toHaveTextContent('Shipping (Standard shipping)');
    expect(within(card).getByTestId('charges-tax')).toHaveTextContent('$11.62 included');
    expect(within(card).getByTestId('charges-total')).toHaveTextContent('$61.20');
    expect(within(card).queryByTestId('charges-mismatch')).not.toBeInTheDocument();
  });

  it('shows where it ships and who paid, and copies the address as plain text', async () => {
    const view = renderOrder(shippedOrder());
    const card = await screen.findByRole('region', { name: 'Customer' });
    expect(within(card).getByTestId('ship-to')).toHaveTextContent(
      'Jana Beispiel Kastanienallee 12 Hinterhaus, 3. OG 10435 Berlin Germany',
    );
    expect(within(card).getByTestId('shipping-method')).toHaveTextContent(
      'Shipping method: Standard shipping',
    );
    const billing = within(card).getByTestId('billing');
    expect(within(billing).getByRole('link', { name: 'jana@example.com' })).toHaveAttribute(
      'href',
      'mailto:jana@example.com',
    );
    expect(within(billing).getByRole('link', { name: '+49 30 1234567' })).toHaveAttribute(
      'href',
      'tel:+49 30 1234567',
    );
    expect(billing).toHaveTextContent('Torstraße 1 10119 Berlin Germany');

    await view.user.click(within(card).getByRole('button', { name: 'Copy address' }));
    expect(await navigator.clipboard.readText()).toBe(
      'Jana Beispiel\nKastanienallee 12\nHinterhaus, 3. OG\n10435 Berlin\nGermany',
    );
    expect(await screen.findByText('Copied the shipping address to the clipboard.')).toBeInTheDocument();
  });

  it('says a paid digital order has nothing to ship, and an unpaid one has no breakdown yet', async () => {
    const { unmount } = renderOrder(
      anAdminOrderDetail({
        charges: someCharges(),
        contact: {
          shipping: null,
          billing: { name: null, email: 'a@example.com', phone: null, address: null },
        },
      }),
    );
    expect(await screen.findByTestId('ship-to')).toHaveTextContent('nothing to ship (a digital order)');
    expect(screen.queryByRole('button', { name: 'Copy address' })).not.toBeInTheDocument();
    unmount();

    renderOrder(anAdminOrderDetail({ order: { status: 'pending' } }));
    expect(await screen.findByTestId('charges-pending')).toHaveTextContent('arrives with the payment');
    expect(screen.getByTestId('ship-to')).toHaveTextContent('Known once the order is paid.');
  });

  it('opens a printable packing slip: order, date, address, method, items and quantities', async () => {
    const detail = shippedOrder();
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const view = renderOrder(detail);

    await view.user.click(await screen.findByRole('link', { name: 'Packing slip' }));
    expect(view.router.state.location.pathname).toBe(`/admin/orders/${detail.order.id}/packing-slip`);
    const slip = await screen.findByTestId('packing-slip');
    expect(within(slip).getByRole('heading', { level: 1, name: 'Packing slip' })).toBeInTheDocument();
    expect(within(slip).getByTestId('slip-order')).toHaveTextContent(detail.order.id);
    expect(slip).toHaveTextContent('Nov 26, 2026');
    expect(within(slip).getByTestId('slip-ship-to')).toHaveTextContent('Jana Beispiel Kastanienallee 12');
    expect(within(slip).getByTestId('slip-method')).toHaveTextContent('Standard shipping');
    const items = within(slip).getAllByTestId('slip-item');
    expect(items.map((row) => row.textContent)).toEqual([
      'Stoneware Mugprod_mug2',
      'House Espresso Blendprod_beans1',
    ]);
    expect(within(slip).getByTestId('slip-units')).toHaveTextContent('3');
    expect(slip).not.toHaveTextContent('$');

    await view.user.click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledOnce();
    await view.user.click(screen.getByRole('link', { name: 'Back to the order' }));
    expect(view.router.state.location.pathname).toBe(`/admin/orders/${detail.order.id}`);
  });
});
