import type { Db } from '../../src/db/database.js';
import type { OrderItem } from '../../src/db/schema.js';
import { createOrder } from '../../src/modules/orders/order-writer.js';

/**
 * A pending order as checkout inserts it (its history row and its reserved first attempt), straight through the
 * writer: for tests of the statements that come after.
 */
export async function createPendingOrder(
  db: Db,
  id: string,
  {
    items = [{ productId: 'prod_x', title: 'Mug', unitAmount: 2800, quantity: 1 }],
    email = null,
    expiresAt = new Date('2030-01-01T00:00:00Z'),
  }: { items?: OrderItem[]; email?: string | null; expiresAt?: Date } = {},
): Promise<void> {
  await createOrder(
    db,
    {
      id,
      currency: 'usd',
      totalAmount: items.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0),
      items,
      customerEmail: email,
      accessTokenHash: `hash-${id}`,
    },
    {
      orderId: id,
      attemptNo: 1,
      status: 'creating',
      expiresAt,
      idempotencyKey: `order:${id}:attempt:${id}:1`,
      plan: {},
    },
  );
}
