import { useQuery } from '@tanstack/react-query';
import type { CartProduct } from '../cart/cart';
import { apiGet, isRecord } from './api-client';

/** A product as `GET /api/products` returns it (DESIGN §6); `unitAmount` is in integer minor units. */
export interface Product {
  id: string;
  title: string;
  description: string;
  unitAmount: number;
  currency: string;
  imageUrl: string;
}

export const productsQueryKey = ['products'] as const;

export function fetchProducts(signal?: AbortSignal): Promise<Product[]> {
  return apiGet('/products', parseProducts, signal);
}

export function parseProducts(body: unknown): Product[] {
  if (!Array.isArray(body)) throw new TypeError('expected an array of products');
  return body.map(parseProduct);
}

function parseProduct(value: unknown): Product {
  if (!isRecord(value)) throw new TypeError('expected a product object');
  const { id, title, description, unitAmount, currency, imageUrl } = value;
  if (
    typeof id !== 'string' ||
    typeof title !== 'string' ||
    typeof description !== 'string' ||
    typeof unitAmount !== 'number' ||
    !Number.isSafeInteger(unitAmount) ||
    typeof currency !== 'string' ||
    typeof imageUrl !== 'string'
  ) {
    throw new TypeError(`malformed product ${JSON.stringify(value)}`);
  }
  return { id, title, description, unitAmount, currency: currency.toLowerCase(), imageUrl };
}

/** The whole catalog; small enough that product and cart pages read the same cached list. */
export function useProducts() {
  return useQuery({
    queryKey: productsQueryKey,
    queryFn: ({ signal }) => fetchProducts(signal),
  });
}

/** The snapshot a cart line keeps of a product. */
export function toCartProduct(product: Product): CartProduct {
  return {
    productId: product.id,
    title: product.title,
    unitAmount: product.unitAmount,
    currency: product.currency,
    imageUrl: product.imageUrl,
  };
}
