import { z } from 'zod';
import { OrderStatus } from './enums.js';
import { Currency, Instant, MinorUnits, OrderId, ProductId } from './primitives.js';

export const OrderLine = z.object({
  productId: ProductId,
  title: z.string(),
  unitAmount: MinorUnits,
  quantity: z.int().positive(),
  lineTotal: MinorUnits,
});
export type OrderLine = z.infer<typeof OrderLine>;

/**
 * What a customer may see of an order: no email, no token, no internal ids beyond the session and payment
 * intent of their own payment.
 */
export const PublicOrder = z.object({
  id: OrderId,
  status: OrderStatus,
  /** Why the order is in its status, in customer-safe words (a decline reason, `session_expired`…). */
  statusReason: z.string().nullable(),
  items: z.array(OrderLine),
  total: MinorUnits,
  currency: Currency,
  createdAt: Instant,
  updatedAt: Instant,
  /** The current Checkout Session. */
  sessionId: z.string().nullable(),
  /** How many Checkout Sessions were opened for the order (1 + the retries that reached Stripe). */
  sessionCount: z.int().nonnegative(),
  /** The payment the order's status is about, once money arrived. */
  payment: z
    .object({
      amountReceived: MinorUnits,
      currency: Currency,
      paymentIntentId: z.string().nullable(),
      paidAt: Instant.nullable(),
    })
    .nullable(),
  amountRefunded: MinorUnits,
  /** What the customer can do now, so pages do not re-implement the state machine. */
  actions: z.object({ retry: z.boolean(), cancel: z.boolean() }),
});
export type PublicOrder = z.infer<typeof PublicOrder>;

export const OrderEnvelope = z.object({ order: PublicOrder });
export type OrderEnvelope = z.infer<typeof OrderEnvelope>;

/** Header carrying an order's access token. */
export const ORDER_TOKEN_HEADER = 'X-Order-Token';
