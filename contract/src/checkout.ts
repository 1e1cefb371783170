import { z } from 'zod';
import { MAX_CART_LINES, MAX_QUANTITY } from './limits.js';
import { OrderId, ProductId } from './primitives.js';

/** One cart line as the client sends it: the server prices it from its catalog, never from the client. */
export const CartLineInput = z.object({
  id: z.string().trim().pipe(ProductId),
  quantity: z.int().min(1).max(MAX_QUANTITY),
});
export type CartLineInput = z.infer<typeof CartLineInput>;

/**
 * `POST /api/payments/create-checkout-session`. Unknown keys (titles, prices…) are ignored; lines naming the same
 * product are merged. An empty email is no email.
 */
export const CreateCheckoutRequest = z.object({
  items: z.array(CartLineInput).min(1).max(MAX_CART_LINES),
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.union([z.literal(''), z.email()]))
    .nullable()
    .optional(),
});
export type CreateCheckoutRequest = z.input<typeof CreateCheckoutRequest>;

/** The order exists before the redirect; its token is handed once, to the browser that created it. */
export const CheckoutCreated = z.object({
  orderId: OrderId,
  orderToken: z.string().min(1),
  sessionId: z.string().min(1),
  url: z.url(),
});
export type CheckoutCreated = z.infer<typeof CheckoutCreated>;

/** `POST /api/orders/:orderId/retry-session`: a new Checkout Session for the same order. */
export const CheckoutSessionReply = z.object({
  sessionId: z.string().min(1),
  url: z.url(),
});
export type CheckoutSessionReply = z.infer<typeof CheckoutSessionReply>;
