import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Product } from '@checkstand/contract';
import { useProducts } from '../api/products';
import { maxBuyable, stockState } from '../cart/stock';
import { useAddToCart } from '../cart/use-add-to-cart';
import { ErrorState } from '../components/ErrorState';
import { ArrowLeftIcon } from '../components/Icons';
import { ProductCard } from '../components/ProductCard';
import { ProductImage } from '../components/ProductImage';
import { QuantityInput } from '../components/QuantityInput';
import { StockNote } from '../components/StockNote';
import { DigitalTag, TaxNote } from '../components/StoreNotes';
import { formatMoney } from '../money/format-money';
import { NotFoundContent } from './NotFoundPage';

const RELATED_COUNT = 4;

export function ProductPage() {
  const { productId = '' } = useParams();
  const products = useProducts();

  if (products.isPending) return <ProductSkeleton />;
  if (products.isError) {
    return (
      <div className="container page">
        <BackLink />
        <ErrorState
          headingLevel={1}
          title="We couldn’t load this product"
          error={products.error}
          retrying={products.isFetching}
          onRetry={() => void products.refetch()}
        />
      </div>
    );
  }

  const index = products.data.findIndex((product) => product.id === productId);
  const product = products.data[index];
  if (!product) {
    return (
      <NotFoundContent
        title="We couldn’t find that product"
        text="It may have sold out for good, or the link may be mistyped. Everything we sell is in the shop."
      />
    );
  }

  // The next few products in the catalog, wrapping around: a stable, simple "more from the shop".
  const related = Array.from(
    { length: Math.min(RELATED_COUNT, products.data.length - 1) },
    (_, offset) => products.data[(index + offset + 1) % products.data.length],
  ).filter((item): item is Product => item !== undefined);

  // Keyed by product so the quantity resets when moving between products.
  return <ProductDetail key={product.id} product={product} related={related} />;
}

function ProductDetail({ product, related }: { product: Product; related: Product[] }) {
  const [picked, setQuantity] = useState(1);
  const addToCart = useAddToCart();
  const stockId = useId();
  const soldOut = stockState(product.available).kind === 'sold_out';
  const max = maxBuyable(product.available);
  // The catalog may have refreshed with fewer units than were picked.
  const quantity = Math.max(1, Math.min(picked, max));

  return (
    <div className="container page">
      <title>{`${product.title} · Checkstand`}</title>
      <BackLink />
      <article className="product-detail">
        <div className="product-detail__media">
          <ProductImage src={product.imageUrl} alt={product.title} size={600} eager />
        </div>
        <div className="product-detail__info">
          <h1 className="product-detail__title" tabIndex={-1}>
            {product.title}
          </h1>
          {product.digital && <DigitalTag />}
          <p className="product-detail__price price price--large">
            {formatMoney(product.unitAmount, product.currency)}
          </p>
          <TaxNote />
          <StockNote id={stockId} available={product.available} />
          <p className="product-detail__description">{product.description}</p>
          <form
            className="product-detail__buy"
            onSubmit={(event) => {
              event.preventDefault();
              if (!soldOut) addToCart(product, quantity);
            }}
          >
            <QuantityInput
              value={quantity}
              onChange={setQuantity}
              label="Quantity"
              decreaseLabel="Decrease quantity"
              increaseLabel="Increase quantity"
              max={max}
              disabled={soldOut}
            />
            <button
              type="submit"
              className="button button--large product-detail__add"
              disabled={soldOut}
              aria-describedby={soldOut ? stockId : undefined}
            >
              Add to cart
            </button>
          </form>
          <ul className="product-detail__perks">
            {product.digital && <li>Delivered digitally — no shipping</li>}
            <li>Secure checkout with Stripe</li>
            <li>Saved in your cart on this device</li>
          </ul>
        </div>
      </article>

      {related.length > 0 && (
        <section className="related" aria-labelledby="related-heading">
          <h2 id="related-heading" className="section-head__title">
            More from the shop
          </h2>
          <ul className="product-grid product-grid--compact" role="list">
            {related.map((item) => (
              <li key={item.id}>
                <ProductCard product={item} onAdd={addToCart} headingLevel={3} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function BackLink() {
  return (
    <Link to="/" className="back-link">
      <ArrowLeftIcon />
      Back to shop
    </Link>
  );
}

function ProductSkeleton() {
  return (
    <div className="container page" aria-busy="true">
      <h1 className="visually-hidden" tabIndex={-1}>
        Loading product…
      </h1>
      <BackLink />
      <div className="product-detail" aria-hidden="true">
        <div className="product-detail__media skeleton" />
        <div className="product-detail__info">
          <div className="skeleton skeleton--heading" />
          <div className="skeleton skeleton--text" style={{ width: '6rem' }} />
          <div className="skeleton skeleton--text" />
          <div className="skeleton skeleton--text" />
          <div className="skeleton skeleton--text" style={{ width: '60%' }} />
        </div>
      </div>
    </div>
  );
}
