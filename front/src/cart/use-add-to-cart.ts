import { MAX_CART_LINES, MAX_QUANTITY, type Product } from '@checkstand/contract';
import { useCallback } from 'react';
import { toCartProduct } from '../api/products';
import { useAnnounce } from '../components/Announcer';
import { findLine } from './cart';
import { useCartStore } from './cart-context';

/**
 * Adds a product to the cart and tells the shopper what happened, limits included: never more of a
 * stock-limited product than is available now, counting what the cart already has.
 */
export function useAddToCart(): (product: Product, quantity?: number) => boolean {
  const store = useCartStore();
  const announce = useAnnounce();

  return useCallback(
    (product, wanted = 1) => {
      const { available } = product;
      let quantity = wanted;
      let limited = false;
      if (available !== null) {
        const inCart = findLine(store.getSnapshot(), product.id)?.quantity ?? 0;
        const room = Math.min(available, MAX_QUANTITY) - inCart;
        if (room <= 0) {
          announce(
            available === 0
              ? `${product.title} is sold out.`
              : `Only ${available} of ${product.title} left, and your cart already has ${inCart}.`,
            'error',
          );
          return false;
        }
        if (room < quantity) {
          quantity = room;
          limited = available < MAX_QUANTITY;
        }
      }
      const result = store.add(toCartProduct(product), quantity);
      if (!result.ok) {
        announce(
          `Your cart can hold up to ${MAX_CART_LINES} different products. Remove one to make room for ${product.title}.`,
          'error',
        );
        return false;
      }
      if (limited) {
        announce(`Only ${available} of ${product.title} left; your cart now has ${result.quantity}.`);
      } else if (result.clamped || quantity !== wanted) {
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
