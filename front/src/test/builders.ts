import type { CartProduct } from '../cart/cart';
import type { Order } from '../api/orders';
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

let orderSequence = 0;

/**
 * An order as the API shows it. The status decides the rest unless overridden: a paid order has its payment,
 * an unpaid one the actions the server would allow (`order.actions`).
 */
export function anOrder(overrides: Partial<Order> = {}): Order {
  orderSequence += 1;
  const status = overrides.status ?? 'pending';
  const items = overrides.items ?? [
    { productId: 'prod_mug', title: 'Stoneware Mug', unitAmount: 2200, quantity: 2, lineTotal: 4400 },
    {
      productId: 'prod_beans',
      title: 'House Espresso Blend',
      unitAmount: 1850,
      quantity: 1,
      lineTotal: 1850,
    },
  ];
  const total = items.reduce((sum, item) => sum + item.lineTotal, 0);
  const paid = status === 'paid' || status === 'partially_refunded' || status === 'refunded';
  return {
    id: `ord_01TEST${String(orderSequence).padStart(6, '0')}`,
    status,
    statusReason: null,
    items,
    total,
    currency: 'usd',
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:01:00.000Z',
    sessionId: `cs_test_${orderSequence}`,
    attemptCount: 1,
    payment: paid
      ? {
          amountReceived: total,
          currency: 'usd',
          paymentIntentId: 'pi_test',
          paidAt: '2026-11-26T10:01:00.000Z',
        }
      : null,
    amountRefunded: status === 'refunded' ? total : 0,
    actions: {
      retry: ['pending', 'failed', 'cancelled', 'expired'].includes(status),
      cancel: ['pending', 'failed', 'expired'].includes(status),
    },
    ...overrides,
  };
}
