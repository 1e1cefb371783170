import { z } from 'zod';
import { Currency, MinorUnits, ProductId } from './primitives.js';

/** A product as `GET /api/products` lists it. */
export const Product = z.object({
  id: ProductId,
  title: z.string(),
  description: z.string(),
  unitAmount: MinorUnits,
  currency: Currency,
  imageUrl: z.string(),
  /** Delivered without shipping (a download, a gift card): a cart of only these asks for no address. */
  digital: z.boolean(),
  /** Units that can be bought now (stock less what checkouts in progress hold); null: unlimited. */
  available: z.int().nonnegative().nullable(),
});
export type Product = z.infer<typeof Product>;

export const ProductList = z.array(Product);
export type ProductList = z.infer<typeof ProductList>;
