import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { someCharges } from '../test/builders';
import { ChargesBreakdown } from './ChargesBreakdown';

describe('the charges breakdown', () => {
  it('shows the subtotal, the discount with its code, shipping with its method, tax added, and the total', () => {
    render(
      <ChargesBreakdown
        charges={someCharges({
          subtotal: 6250,
          discount: 625,
          promotionCode: 'SUMMER10',
          shipping: 495,
          shippingMethod: 'Standard shipping',
          tax: 1069,
        })}
      />,
    );
    expect(screen.getByTestId('charges-subtotal')).toHaveTextContent('$62.50');
    const discount = screen.getByTestId('charges-discount');
    expect(discount).toHaveTextContent('−$6.25');
    expect(discount.previousElementSibling).toHaveTextContent('Discount SUMMER10');
    expect(screen.getByTestId('charges-shipping')).toHaveTextContent('$4.95');
    expect(screen.getByTestId('charges-shipping').previousElementSibling).toHaveTextContent(
      'Shipping (Standard shipping)',
    );
    expect(screen.getByTestId('charges-tax')).toHaveTextContent(/^\$10\.69$/);
    // 62.50 − 6.25 + 4.95 + 10.69
    expect(screen.getByTestId('charges-total')).toHaveTextContent('$71.89');
  });

  it('says tax is included, and does not add it again', () => {
    render(<ChargesBreakdown charges={someCharges({ subtotal: 5950, tax: 950, taxIncluded: true })} />);
    expect(screen.getByTestId('charges-tax')).toHaveTextContent('$9.50 included');
    expect(screen.getByTestId('charges-total')).toHaveTextContent('$59.50');
  });

  it('says free shipping, and leaves shipping and discount out when there were none (a digital order)', () => {
    const { unmount } = render(
      <ChargesBreakdown charges={someCharges({ shipping: 0, shippingMethod: 'Free over $50' })} />,
    );
    expect(screen.getByTestId('charges-shipping')).toHaveTextContent('Free');
    unmount();

    render(<ChargesBreakdown charges={someCharges()} totalTestId="order-total" />);
    expect(screen.queryByTestId('charges-shipping')).not.toBeInTheDocument();
    expect(screen.queryByTestId('charges-discount')).not.toBeInTheDocument();
    expect(screen.getByTestId('order-total')).toHaveTextContent('$62.50');
  });

  it('tells the owner when Stripe’s figures do not add up, and only the owner', () => {
    const odd = someCharges({ subtotal: 6250, tax: 500, total: 6250 });
    const { unmount } = render(<ChargesBreakdown charges={odd} />);
    expect(screen.queryByTestId('charges-mismatch')).not.toBeInTheDocument();
    unmount();
    render(<ChargesBreakdown charges={odd} checkSum />);
    expect(screen.getByTestId('charges-mismatch')).toHaveTextContent('These figures don’t add up');
  });
});
