import { CartLineInput, CreateCheckoutRequest, MAX_CART_LINES, MAX_QUANTITY } from '@checkstand/contract';
import { z } from 'zod';
import { badRequest } from '../../../common/errors.js';

export interface CartInput {
  /** Merged by product id, in first-seen order. */
  items: { id: string; quantity: number }[];
  email: string | null;
}

const lines = z.object({ items: z.array(z.unknown()).min(1).max(MAX_CART_LINES) });

/**
 * Validates the body of `POST /api/payments/create-checkout-session` against the contract. Anything else the
 * client sends (titles, prices) is ignored: the server prices the cart. The error names what is wrong:
 * `invalid_cart` (with the line), `invalid_email`.
 */
export function parseCartInput(body: unknown): CartInput {
  const shape = lines.safeParse(body);
  if (!shape.success) {
    throw badRequest(
      'invalid_cart',
      `The cart must have between 1 and ${MAX_CART_LINES} lines of { id, quantity }.`,
    );
  }
  shape.data.items.forEach((raw, index) => {
    if (!CartLineInput.safeParse(raw).success) {
      throw badRequest(
        'invalid_cart',
        `Line ${index + 1} of the cart is invalid: each line needs a product id and a whole quantity from 1 to ${MAX_QUANTITY}.`,
      );
    }
  });
  const parsed = CreateCheckoutRequest.safeParse(body);
  if (!parsed.success) throw badRequest('invalid_email', 'The email address is not valid.');
  const merged = new Map<string, number>();
  for (const item of parsed.data.items) merged.set(item.id, (merged.get(item.id) ?? 0) + item.quantity);
  for (const [id, quantity] of merged) {
    if (quantity > MAX_QUANTITY) {
      throw badRequest('invalid_cart', `At most ${MAX_QUANTITY} of product ${id} can be ordered at once.`);
    }
  }
  return {
    items: [...merged].map(([id, quantity]) => ({ id, quantity })),
    email: parsed.data.email ? parsed.data.email : null,
  };
}
