import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ProductImage } from './ProductImage';

describe('ProductImage', () => {
  it('shows the picture, lazily unless asked otherwise', () => {
    render(<ProductImage src="/images/kettle.webp" alt="Gooseneck Kettle" size={600} />);
    const img = screen.getByRole('img', { name: 'Gooseneck Kettle' });
    expect(img).toHaveAttribute('src', '/images/kettle.webp');
    expect(img).toHaveAttribute('loading', 'lazy');
  });

  it('without a picture renders no <img src=""> (which would fetch the page again), keeping its label', () => {
    const { container } = render(<ProductImage src="" alt="Gooseneck Kettle" size={600} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('img', { name: 'Gooseneck Kettle' })).toHaveClass('product-image');
  });

  it('without a picture and next to its title, stays out of the accessibility tree', () => {
    const { container } = render(<ProductImage src="" alt="" size={112} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.queryByRole('img')).toBeNull();
    expect(container.firstElementChild).toHaveAttribute('aria-hidden', 'true');
  });
});
