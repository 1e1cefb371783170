import { useEffect, useMemo } from 'react';
import { Link } from 'react-router';
import { toCartProduct, useProducts } from '../api/products';
import { cartTotals, itemCount, lineTotal, type CartLine, type LineChange } from '../cart/cart';
import { useCart, useCartStore } from '../cart/cart-context';
import { exceedsAvailable, maxBuyable, stockState } from '../cart/stock';
import { CheckoutButton } from '../components/CheckoutButton';
import { CartNotes, DigitalTag } from '../components/StoreNotes';
import { BagIcon } from '../components/Icons';
import { ProductImage } from '../components/ProductImage';
import { QuantityInput } from '../components/QuantityInput';
import { formatMoney } from '../money/format-money';

export function CartPage() {
  const { lines, priceChanges } = useCart();
  const store = useCartStore();
  const products = useProducts();

  // Bring titles and prices up to date with what the shop sells now.
  useEffect(() => {
    if (products.data) store.refreshFromCatalog(products.data.map(toCartProduct));
  }, [products.data, store]);

  // Until the catalog has loaded, every line is assumed to still be on sale.
  const soldIds = useMemo(
    () => (products.data ? new Set(products.data.map((p) => p.id)) : null),
    [products.data],
  );
  const isSold = (line: CartLine) => soldIds === null || soldIds.has(line.productId);
  const purchasable = lines.filter(isSold);
  const unavailableCount = lines.length - purchasable.length;
  // Which products are delivered without shipping: the catalog says (the cart's snapshots do not).
  const digitalIds = useMemo(
    () => (products.data ? new Set(products.data.filter((p) => p.digital).map((p) => p.id)) : null),
    [products.data],
  );
  const isDigital = (line: CartLine) => digitalIds?.has(line.productId) ?? false;
  // Units buyable now per product (null: unlimited, or the catalog is unknown).
  const availableById = useMemo(
    () => new Map(products.data?.map((p) => [p.id, p.available]) ?? []),
    [products.data],
  );
  const stockOf = (line: CartLine) => availableById.get(line.productId) ?? null;
  const short = purchasable.filter((line) => exceedsAvailable(line.quantity, stockOf(line)));
  const allDigital =
    digitalIds === null || purchasable.length === 0 ? null : purchasable.every((line) => isDigital(line));

  return (
    <div className="container page">
      <title>Your cart · Checkstand</title>
      <h1 className="page-title" tabIndex={-1}>
        Your cart
      </h1>

      {lines.length === 0 ? (
        <div className="empty-state empty-state--cart">
          <span className="empty-state__icon">
            <BagIcon size={40} />
          </span>
          <p className="empty-state__title">Your cart is empty</p>
          <p className="empty-state__text">
            Find something you like in the shop and it will wait for you here.
          </p>
          <Link to="/" className="button">
            Browse the shop
          </Link>
        </div>
      ) : (
        <div className="cart-layout">
          <section aria-labelledby="cart-items-heading" className="cart-items">
            <h2 id="cart-items-heading" className="visually-hidden">
              Items in your cart
            </h2>
            {products.isError && (
              <p className="inline-notice" role="status">
                We couldn’t check today’s prices, so these are the prices you saw.{' '}
                <button type="button" className="link-button" onClick={() => void products.refetch()}>
                  Check again
                </button>
              </p>
            )}
            <ul className="cart-lines" role="list">
              {lines.map((line) => (
                <CartLineItem
                  key={line.productId}
                  line={line}
                  available={isSold(line)}
                  digital={isDigital(line)}
                  stock={stockOf(line)}
                  priceChange={priceChanges[line.productId]}
                  onQuantityChange={(quantity) => store.setQuantity(line.productId, quantity)}
                  onRemove={() => store.remove(line.productId)}
                />
              ))}
            </ul>
          </section>

          <OrderSummary
            lines={purchasable}
            unavailableCount={unavailableCount}
            fallbackCurrency={lines[0]?.currency}
            allDigital={allDigital}
            blocked={stockBlock(short, stockOf)}
          />
        </div>
      )}
    </div>
  );
}

/** What the checkout button says while lines ask for more than is available now, or null when none do. */
function stockBlock(short: readonly CartLine[], stockOf: (line: CartLine) => number | null): string | null {
  const [only] = short;
  if (!only) return null;
  if (short.length > 1) {
    return `${short.length} products in your cart have fewer units left than you chose. Lower the marked quantities to check out.`;
  }
  const left = stockOf(only) ?? 0;
  return left === 0
    ? `${only.title} is sold out. Remove it to check out.`
    : `Only ${left} of ${only.title} left. Lower its quantity to check out.`;
}

interface CartLineItemProps {
  line: CartLine;
  available: boolean;
  digital: boolean;
  /** Units buyable now (null: unlimited or unknown). */
  stock: number | null;
  priceChange: LineChange | undefined;
  onQuantityChange: (quantity: number) => void;
  onRemove: () => void;
}

function CartLineItem({
  line,
  available,
  digital,
  stock,
  priceChange,
  onQuantityChange,
  onRemove,
}: CartLineItemProps) {
  const productUrl = `/products/${encodeURIComponent(line.productId)}`;
  const soldOut = available && stockState(stock).kind === 'sold_out';
  const over = available && !soldOut && exceedsAvailable(line.quantity, stock);
  const low = stockState(stock);
  return (
    <li className={available ? 'cart-line' : 'cart-line cart-line--unavailable'}>
      <Link to={productUrl} className="cart-line__media" tabIndex={-1} aria-hidden="true">
        <ProductImage src={line.imageUrl} alt="" size={112} />
      </Link>
      <div className="cart-line__info">
        <h3 className="cart-line__title">
          <Link to={productUrl}>{line.title}</Link>
        </h3>
        <p className="cart-line__unit">
          {formatMoney(line.unitAmount, line.currency)} each
          {digital && (
            <>
              {' '}
              <DigitalTag />
            </>
          )}
        </p>
        {!available ? (
          <p className="cart-line__note cart-line__note--warning">
            No longer available. Remove it to check out.
          </p>
        ) : (
          priceChange && (
            <p className="cart-line__note">
              Price updated from {formatMoney(priceChange.previousUnitAmount, priceChange.previousCurrency)}.
            </p>
          )
        )}
        {soldOut && (
          <p className="cart-line__note cart-line__note--warning" data-testid="stock-warning">
            Sold out. Remove it to check out.
          </p>
        )}
        {over && (
          <p className="cart-line__note cart-line__note--warning" data-testid="stock-warning">
            Only {stock} left — lower the quantity.
          </p>
        )}
        {available && !soldOut && !over && low.kind === 'low' && (
          <p className="cart-line__note">Only {low.left} left</p>
        )}
      </div>
      <div className="cart-line__quantity">
        <QuantityInput
          value={line.quantity}
          onChange={onQuantityChange}
          label={`Quantity for ${line.title}`}
          hideLabel
          decreaseLabel={`Decrease quantity of ${line.title}`}
          increaseLabel={`Increase quantity of ${line.title}`}
          disabled={!available || soldOut}
          max={maxBuyable(stock)}
        />
      </div>
      <p className="cart-line__total">
        <span className="visually-hidden">Line total: </span>
        <span data-testid={`line-total-${line.productId}`}>
          {formatMoney(lineTotal(line), line.currency)}
        </span>
      </p>
      <button
        type="button"
        className="link-button cart-line__remove"
        aria-label={`Remove ${line.title}`}
        onClick={onRemove}
      >
        Remove
      </button>
    </li>
  );
}

interface OrderSummaryProps {
  lines: readonly CartLine[];
  unavailableCount: number;
  fallbackCurrency: string | undefined;
  /** Every line is a digital product (null while the catalog is unknown). */
  allDigital: boolean | null;
  /** Why checkout must wait (lines asking for more than is available), or null. */
  blocked: string | null;
}

function OrderSummary({
  lines,
  unavailableCount,
  fallbackCurrency = 'usd',
  allDigital,
  blocked,
}: OrderSummaryProps) {
  const count = itemCount(lines);
  const totals = cartTotals(lines);
  const total =
    totals.length === 0
      ? formatMoney(0, fallbackCurrency)
      : totals.map(({ amount, currency }) => formatMoney(amount, currency)).join(' + ');

  return (
    <aside className="cart-summary" aria-labelledby="cart-summary-heading">
      <h2 id="cart-summary-heading" className="cart-summary__title">
        Order summary
      </h2>
      <dl className="cart-summary__rows">
        <div className="cart-summary__row">
          <dt>Items</dt>
          <dd>{count}</dd>
        </div>
        <div className="cart-summary__row cart-summary__row--total">
          <dt>Subtotal</dt>
          <dd data-testid="cart-total">{total}</dd>
        </div>
      </dl>
      <CartNotes allDigital={allDigital} />
      {unavailableCount > 0 && (
        <p className="cart-summary__note">
          {unavailableCount === 1
            ? '1 product is no longer available and is not included.'
            : `${unavailableCount} products are no longer available and are not included.`}
        </p>
      )}
      <CheckoutButton lines={lines} blocked={blocked} />
      <Link to="/" className="cart-summary__continue">
        Continue shopping
      </Link>
    </aside>
  );
}
