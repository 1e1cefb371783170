import type { Conn } from '../../db/database.js';
import type { OrderRow } from '../../db/schema.js';
import { mailEffects } from './mail-effects.js';
import type { WrittenChange } from './order-change.js';
import { stockEffects } from './stock-effects.js';

/**
 * What a written change causes beyond the order's own rows, in the same transaction, so a change and its
 * consequences commit (or roll back) together: units of stock held for an attempt are released or taken
 * (`stock-effects.ts`), and e-mails are put in the outbox (`mail-effects.ts`). Each runs a statement only when
 * the change concerns it. Returns the order as it now is (stock can flag it `oversold`).
 */
export async function applyEffects(conn: Conn, written: WrittenChange): Promise<OrderRow> {
  const order = await stockEffects(conn, written);
  await mailEffects(conn, { ...written, after: order });
  return order;
}
