import { MAX_CART_LINES, MAX_QUANTITY } from '@checkstand/contract';
import { describe, expect, it } from 'vitest';
import { aCartProduct } from '../test/builders';
import {
  EMPTY_CART,
  addItem,
  cartTotals,
  clampQuantity,
  itemCount,
  lineTotal,
  refreshFromCatalog,
  removeLine,
  removePurchased,
  setQuantity,
  type Cart,
  type CartProduct,
} from './cart';

function added(cart: Cart, product: CartProduct, quantity?: number): Cart {
  const result = addItem(cart, product, quantity);
  if (!result.ok) throw new Error(`expected the add to succeed, got ${result.reason}`);
  return result.cart;
}

describe('adding to the cart', () => {
  it('adds a new line with a snapshot of the product', () => {
    const mug = aCartProduct({ title: 'Stoneware Mug', unitAmount: 2200 });
    const cart = added(EMPTY_CART, mug, 2);
    expect(cart.lines).toEqual([{ ...mug, quantity: 2 }]);
  });

  it('merges the same product added twice into one line', () => {
    const mug = aCartProduct();
    const cart = added(added(EMPTY_CART, mug, 1), mug, 3);
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]?.quantity).toBe(4);
  });

  it('keeps lines in the order they were first added', () => {
    const [a, b] = [aCartProduct(), aCartProduct()];
    const cart = added(added(added(EMPTY_CART, a), b), a);
    expect(cart.lines.map((line) => line.productId)).toEqual([a.productId, b.productId]);
  });

  it('clamps a merged quantity to 99 and says so', () => {
    const mug = aCartProduct();
    const result = addItem(added(EMPTY_CART, mug, 98), mug, 5);
    expect(result).toMatchObject({ ok: true, quantity: MAX_QUANTITY, clamped: true });
    expect(result.cart.lines[0]?.quantity).toBe(99);
  });

  it('refuses a 51st distinct product and leaves the cart unchanged', () => {
    let cart = EMPTY_CART;
    for (let i = 0; i < MAX_CART_LINES; i++) cart = added(cart, aCartProduct());
    expect(cart.lines).toHaveLength(50);

    const result = addItem(cart, aCartProduct());
    expect(result).toEqual({ ok: false, cart, reason: 'too_many_lines' });
  });

  it('still merges into an existing line when the cart holds 50 products', () => {
    let cart = EMPTY_CART;
    const first = aCartProduct();
    cart = added(cart, first);
    for (let i = 1; i < MAX_CART_LINES; i++) cart = added(cart, aCartProduct());
    const result = addItem(cart, first, 2);
    expect(result.ok).toBe(true);
    expect(result.cart.lines[0]?.quantity).toBe(3);
  });
});

describe('quantities', () => {
  it('are clamped into 1..99', () => {
    expect(clampQuantity(0)).toBe(1);
    expect(clampQuantity(-4)).toBe(1);
    expect(clampQuantity(1)).toBe(1);
    expect(clampQuantity(99)).toBe(99);
    expect(clampQuantity(100)).toBe(99);
    expect(clampQuantity(2.7)).toBe(2);
    expect(clampQuantity(Number.NaN)).toBe(1);
  });

  it('can be set on a line, within bounds', () => {
    const mug = aCartProduct();
    const cart = added(EMPTY_CART, mug);
    expect(setQuantity(cart, mug.productId, 7).lines[0]?.quantity).toBe(7);
    expect(setQuantity(cart, mug.productId, 0).lines[0]?.quantity).toBe(1);
    expect(setQuantity(cart, mug.productId, 250).lines[0]?.quantity).toBe(99);
  });

  it('never drop a line: removing is its own action', () => {
    const [a, b] = [aCartProduct(), aCartProduct()];
    const cart = added(added(EMPTY_CART, a), b);
    expect(setQuantity(cart, a.productId, 0).lines).toHaveLength(2);
    expect(removeLine(cart, a.productId).lines.map((line) => line.productId)).toEqual([b.productId]);
  });

  it('leave the cart untouched for an unknown product', () => {
    const cart = added(EMPTY_CART, aCartProduct());
    expect(setQuantity(cart, 'prod_unknown', 3)).toBe(cart);
    expect(removeLine(cart, 'prod_unknown')).toBe(cart);
  });
});

describe('totals', () => {
  it('are integer minor units', () => {
    const cart = added(
      added(EMPTY_CART, aCartProduct({ unitAmount: 1850 }), 3),
      aCartProduct({ unitAmount: 10 }),
      2,
    );
    expect(cart.lines.map(lineTotal)).toEqual([5550, 20]);
    expect(cartTotals(cart.lines)).toEqual([{ currency: 'usd', amount: 5570 }]);
    expect(itemCount(cart.lines)).toBe(5);
  });

  it('do not suffer from floating point', () => {
    // 0.1 + 0.2 in dollars is 0.30000000000000004; in cents it is 30.
    const cart = added(added(EMPTY_CART, aCartProduct({ unitAmount: 10 })), aCartProduct({ unitAmount: 20 }));
    expect(cartTotals(cart.lines)).toEqual([{ currency: 'usd', amount: 30 }]);
  });

  it('are kept apart per currency and empty for an empty cart', () => {
    const cart = added(
      added(EMPTY_CART, aCartProduct({ unitAmount: 500, currency: 'usd' })),
      aCartProduct({ unitAmount: 700, currency: 'eur' }),
    );
    expect(cartTotals(cart.lines)).toEqual([
      { currency: 'usd', amount: 500 },
      { currency: 'eur', amount: 700 },
    ]);
    expect(cartTotals([])).toEqual([]);
    expect(itemCount([])).toBe(0);
  });
});

describe('refreshing from the catalog', () => {
  it('takes the live title and price and reports the price change', () => {
    const mug = aCartProduct({ title: 'Mug', unitAmount: 2000 });
    const cart = added(EMPTY_CART, mug, 2);
    const { cart: refreshed, priceChanges } = refreshFromCatalog(cart, [
      { ...mug, title: 'Stoneware Mug', unitAmount: 2200 },
    ]);
    expect(refreshed.lines).toEqual([{ ...mug, title: 'Stoneware Mug', unitAmount: 2200, quantity: 2 }]);
    expect(priceChanges).toEqual([
      { productId: mug.productId, previousUnitAmount: 2000, previousCurrency: 'usd' },
    ]);
  });

  it('returns the same cart when nothing changed, and keeps products the catalog no longer has', () => {
    const [kept, gone] = [aCartProduct(), aCartProduct()];
    const cart = added(added(EMPTY_CART, kept), gone);
    const result = refreshFromCatalog(cart, [kept]);
    expect(result.cart).toBe(cart);
    expect(result.priceChanges).toEqual([]);
  });
});

describe('settling a paid order', () => {
  it('takes exactly what was bought out of the cart', () => {
    const [mug, beans, later] = [aCartProduct(), aCartProduct(), aCartProduct()];
    const cart = added(added(added(EMPTY_CART, mug, 3), beans, 1), later, 1);
    const settled = removePurchased(cart, [
      { productId: mug.productId, quantity: 2 },
      { productId: beans.productId, quantity: 1 },
    ]);
    // One mug was added after the checkout started, and so was `later`: they stay.
    expect(settled.lines).toEqual([
      { ...mug, quantity: 1 },
      { ...later, quantity: 1 },
    ]);
  });

  it('empties the cart when the order is the cart, and changes nothing for other products', () => {
    const mug = aCartProduct();
    const cart = added(EMPTY_CART, mug, 2);
    expect(removePurchased(cart, [{ productId: mug.productId, quantity: 2 }]).lines).toEqual([]);
    expect(removePurchased(cart, [{ productId: 'prod_other', quantity: 1 }])).toBe(cart);
  });
});
