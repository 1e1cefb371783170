import { useEffect } from 'react';
import { isPaidStatus, type PublicOrder } from '@checkstand/contract';
import { useCartStore } from '../cart/cart-context';
import { useOrderBook, useOrderRecord } from './order-book-context';

/**
 * Takes a paid order's items out of the cart: the only moment the cart changes because of a checkout. Only for
 * an order this browser created, and only once, so an old receipt never empties a cart filled since.
 */
export function useSettleCartWhenPaid(order: PublicOrder | null | undefined): void {
  const cart = useCartStore();
  const book = useOrderBook();
  const record = useOrderRecord(order?.id);
  const paid = order ? isPaidStatus(order.status) : false;

  useEffect(() => {
    if (!order || !paid || !record || record.cartSettled) return;
    cart.removePurchased(order.items);
    book.markCartSettled(order.id);
  }, [order, paid, record, cart, book]);
}
