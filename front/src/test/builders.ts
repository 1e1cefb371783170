import {
  OrderCharges,
  PostalAddress,
  Product,
  PublicOrder,
  PublicStoreInfo,
  hasReceivedMoney,
} from '@checkstand/contract';
import type { CartProduct } from '../cart/cart';

/**
 * Fixtures of the storefront's API replies. Each is typed with the contract's type and parsed with its schema,
 * so a fixture the contract would refuse fails where it is built, not somewhere in a page.
 */

let sequence = 0;

/** A catalog product as the API returns it; override what the test is about. */
export function aProduct(overrides: Partial<Product> = {}): Product {
  sequence += 1;
  const product: Product = {
    id: `prod_test_${sequence}`,
    title: `Test Product ${sequence}`,
    description: 'A product made up for a test.',
    unitAmount: 1000,
    currency: 'usd',
    imageUrl: `/products/test-${sequence}.svg`,
    digital: false,
    available: null,
    ...overrides,
  };
  return Product.parse(product);
}

/** The snapshot the cart keeps of a product. */
export function aCartProduct(overrides: Partial<CartProduct> = {}): CartProduct {
  const { id, title, unitAmount, currency, imageUrl } = aProduct();
  return { productId: id, title, unitAmount, currency, imageUrl, ...overrides };
}

let orderSequence = 0;

/** What a `payment_mismatch` order received by default: not its total (USD 50.00 for USD 62.50). */
export const MISMATCHED_AMOUNT = 5000;

/**
 * An order as the API shows it. The status decides the rest unless overridden: an order that received money
 * has its payment (a `payment_mismatch` one an amount that is not the total), an unpaid one the actions the
 * server would allow (`order.actions`).
 */
export function anOrder(overrides: Partial<PublicOrder> = {}): PublicOrder {
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
  const order: PublicOrder = {
    id: `ord_01TEST${String(orderSequence).padStart(6, '0')}`,
    status,
    statusReason: status === 'payment_mismatch' ? 'payment_under_review' : null,
    items,
    total,
    currency: 'usd',
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:01:00.000Z',
    sessionId: `cs_test_${orderSequence}`,
    sessionCount: 1,
    payment: hasReceivedMoney(status)
      ? {
          amountReceived: status === 'payment_mismatch' ? MISMATCHED_AMOUNT : total,
          currency: 'usd',
          paymentIntentId: 'pi_test',
          paidAt: '2026-11-26T10:01:00.000Z',
        }
      : null,
    amountRefunded: status === 'refunded' ? total : 0,
    charges: null,
    shipTo: null,
    actions: {
      retry: ['pending', 'failed', 'cancelled', 'expired'].includes(status),
      cancel: ['pending', 'failed', 'expired'].includes(status),
    },
    ...overrides,
  };
  return PublicOrder.parse(order);
}

/**
 * What Stripe charged for an order of USD 62.50 of goods: nothing off, no shipping, no tax, unless overridden.
 * The total follows the other figures (tax added unless `taxIncluded`) unless given.
 */
export function someCharges(overrides: Partial<OrderCharges> = {}): OrderCharges {
  const base = {
    currency: 'usd',
    subtotal: 6250,
    discount: 0,
    shipping: 0,
    tax: 0,
    taxIncluded: false,
    promotionCode: null,
    shippingMethod: null,
    ...overrides,
  };
  const total =
    overrides.total ?? base.subtotal - base.discount + base.shipping + (base.taxIncluded ? 0 : base.tax);
  return OrderCharges.parse({ ...base, total });
}

/** A German address, as Stripe collects it. */
export function anAddress(overrides: Partial<PostalAddress> = {}): PostalAddress {
  return PostalAddress.parse({
    line1: 'Kastanienallee 12',
    line2: 'Hinterhaus, 3. OG',
    city: 'Berlin',
    state: null,
    postalCode: '10435',
    country: 'DE',
    ...overrides,
  });
}

/** What `GET /api/store` answers: prices before tax, Stripe Tax, shipping to three countries, unless overridden. */
export function aStoreInfo(overrides: Partial<PublicStoreInfo> = {}): PublicStoreInfo {
  return PublicStoreInfo.parse({
    pricesIncludeTax: false,
    taxMode: 'automatic',
    shippingCountries: ['AT', 'DE', 'FR'],
    ...overrides,
  });
}
