import type { CartProduct } from '../cart/cart';
import type { Product } from '../api/products';

let sequence = 0;

/** A catalog product as the API returns it; override what the test is about. */
export function aProduct(overrides: Partial<Product> = {}): Product {
  sequence += 1;
  return {
    id: `prod_test_${sequence}`,
    title: `Test Product ${sequence}`,
    description: 'A product made up for a test.',
    unitAmount: 1000,
    currency: 'usd',
    imageUrl: `/products/test-${sequence}.svg`,
    ...overrides,
  };
}

/** The snapshot the cart keeps of a product. */
export function aCartProduct(overrides: Partial<CartProduct> = {}): CartProduct {
  const { id, title, unitAmount, currency, imageUrl } = aProduct();
  return { productId: id, title, unitAmount, currency, imageUrl, ...overrides };
}
