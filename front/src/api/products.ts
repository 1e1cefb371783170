import { ProductList, type Product } from '@checkstand/contract';
import { useQuery } from '@tanstack/react-query';
import type { CartProduct } from '../cart/cart';
import { apiRequest } from './api-client';

export const productsQueryKey = ['products'] as const;

/** `GET /api/products`: the catalog, `unitAmount` in integer minor units. */
export function fetchProducts(signal?: AbortSignal): Promise<Product[]> {
  return apiRequest('/products', ProductList, { signal });
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
