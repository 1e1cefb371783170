import { z } from 'zod';
import { badRequest } from '../../common/errors.js';

export const MAX_CART_LINES = 50;
export const MAX_QUANTITY = 99;

const itemSchema = z.object({
  id: z.string().trim().min(1).max(100),
  quantity: z.number().int().min(1).max(MAX_QUANTITY),
});

const bodySchema = z.object({
  items: z.array(z.unknown()).min(1).max(MAX_CART_LINES),
  email: z.unknown().optional(),
});

const emailSchema = z.email().max(254);

export interface CartInput {
  /** Merged by product id, in first-seen order. */
  items: { id: string; quantity: number }[];
  email: string | null;
}

/**
 * Validates `{ items: [{ id, quantity }], email? }`. Anything else the client sends (titles, prices)
 * is ignored: the server prices the cart. Errors name what is wrong: `invalid_cart`, `invalid_email`.
 */
export function parseCartInput(body: unknown): CartInput {
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) {
    throw badRequest(
      'invalid_cart',
      `The cart must have between 1 and ${MAX_CART_LINES} lines of { id, quantity }.`,
    );
  }
  const merged = new Map<string, number>();
  parsed.data.items.forEach((raw, index) => {
    const item = itemSchema.safeParse(raw);
    if (!item.success) {
      throw badRequest(
        'invalid_cart',
        `Line ${index + 1} of the cart is invalid: each line needs a product id and a whole quantity from 1 to ${MAX_QUANTITY}.`,
      );
    }
    merged.set(item.data.id, (merged.get(item.data.id) ?? 0) + item.data.quantity);
  });
  for (const [id, quantity] of merged) {
    if (quantity > MAX_QUANTITY) {
      throw badRequest('invalid_cart', `At most ${MAX_QUANTITY} of product ${id} can be ordered at once.`);
    }
  }
  let email: string | null = null;
  const rawEmail = parsed.data.email;
  if (rawEmail !== undefined && rawEmail !== null && rawEmail !== '') {
    const checked = emailSchema.safeParse(typeof rawEmail === 'string' ? rawEmail.trim() : rawEmail);
    if (!checked.success) throw badRequest('invalid_email', 'The email address is not valid.');
    email = checked.data;
  }
  return { items: [...merged].map(([id, quantity]) => ({ id, quantity })), email };
}
