import { MAX_CART_LINES, MAX_QUANTITY, type Product } from '@checkstand/contract';
import { useCallback } from 'react';
import { toCartProduct } from '../api/products';
import { useAnnounce } from '../components/Announcer';
import { useCartStore } from './cart-context';

/** Adds a product to the cart and tells the shopper what happened, limits included. */
export function useAddToCart(): (product: Product, quantity?: number) => boolean {
  const store = useCartStore();
  const announce = useAnnounce();

  return useCallback(
    (product, quantity = 1) => {
      const result = store.add(toCartProduct(product), quantity);
      if (!result.ok) {
        announce(
          `Your cart can hold up to ${MAX_CART_LINES} different products. Remove one to make room for ${product.title}.`,
          'error',
        );
        return false;
      }
      if (result.clamped) {
        announce(
          `You can buy up to ${MAX_QUANTITY} of ${product.title}; your cart now has ${result.quantity}.`,
        );
      } else {
        const what = quantity === 1 ? product.title : `${quantity} × ${product.title}`;
        announce(`Added ${what} to your cart.`);
      }
      return true;
    },
    [store, announce],
  );
}
