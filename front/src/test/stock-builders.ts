import { AdminHold, AdminMessage, AdminProduct } from '@checkstand/contract';

/**
 * Fixtures of the stock and e-mail replies of the admin API, typed with the contract's types and parsed with its
 * schemas.
 */

let sequence = 0;

/**
 * A product as the admin's list shows it: 10 on hand, 2 held by checkouts, so 8 available, unless overridden
 * (`available` follows `stock` and `reserved` unless given).
 */
export function anAdminProduct(overrides: Partial<AdminProduct> = {}): AdminProduct {
  sequence += 1;
  const stock = overrides.stock === undefined ? 10 : overrides.stock;
  const reserved = overrides.reserved ?? (stock === null ? 0 : Math.min(2, stock));
  const product: AdminProduct = {
    id: `prod_stock_${sequence}`,
    title: `Stock Product ${sequence}`,
    description: 'A product made up for a test.',
    unitAmount: 2200,
    currency: 'usd',
    imageUrl: `/products/stock-${sequence}.svg`,
    digital: false,
    available: stock === null ? null : Math.max(0, stock - reserved),
    stock,
    reserved,
    active: true,
    ...overrides,
  };
  return AdminProduct.parse(product);
}

/** Two mugs held for attempt 1 of an order until 10:30, unless overridden. */
export function aHold(overrides: Partial<AdminHold> = {}): AdminHold {
  const hold: AdminHold = {
    orderId: 'ord_01HELD000001',
    attemptNo: 1,
    productId: 'prod_mug',
    productTitle: 'Stoneware Mug',
    quantity: 2,
    holder: 'c7f3a1',
    status: 'held',
    expiresAt: '2026-11-26T10:30:00.000Z',
    createdAt: '2026-11-26T10:00:00.000Z',
    endedAt: null,
    ...overrides,
  };
  return AdminHold.parse(hold);
}

/** The order confirmation, sent to the customer at the first try, unless overridden. */
export function aMessage(overrides: Partial<AdminMessage> = {}): AdminMessage {
  sequence += 1;
  const message: AdminMessage = {
    id: `msg_${sequence}`,
    kind: 'order_confirmation',
    recipient: 'shopper@example.com',
    status: 'sent',
    attempts: 1,
    lastError: null,
    createdAt: '2026-11-26T10:01:00.000Z',
    sentAt: '2026-11-26T10:01:05.000Z',
    ...overrides,
  };
  return AdminMessage.parse(message);
}
