import { Link } from 'react-router';
import type { Product } from '@checkstand/contract';
import { formatMoney } from '../money/format-money';
import { stockState } from '../cart/stock';
import { ProductImage } from './ProductImage';
import { StockNote } from './StockNote';
import { DigitalTag } from './StoreNotes';

interface ProductCardProps {
  product: Product;
  onAdd: (product: Product) => void;
  headingLevel?: 2 | 3;
}

export function ProductCard({ product, onAdd, headingLevel = 2 }: ProductCardProps) {
  const Heading = `h${headingLevel}` as const;
  const soldOut = stockState(product.available).kind === 'sold_out';
  return (
    <article className="product-card">
      <div className="product-card__media">
        <ProductImage src={product.imageUrl} alt="" size={600} />
      </div>
      <div className="product-card__body">
        <Heading className="product-card__title">
          {/* The link's hit area covers the whole card (see .product-card__link::after). */}
          <Link to={`/products/${encodeURIComponent(product.id)}`} className="product-card__link">
            {product.title}
          </Link>
        </Heading>
        <p className="product-card__description">{product.description}</p>
        {product.digital && <DigitalTag />}
        <StockNote available={product.available} />
        <div className="product-card__footer">
          <p className="price">{formatMoney(product.unitAmount, product.currency)}</p>
          {/* The name starts with what the button shows (WCAG 2.5.3), then says which product it adds. A
              sold-out product's button stays, disabled, beside its "Sold out" note. */}
          <button
            type="button"
            className="button button--small product-card__add"
            aria-label={`Add to cart: ${product.title}`}
            disabled={soldOut}
            onClick={() => onAdd(product)}
          >
            Add to cart
          </button>
        </div>
      </div>
    </article>
  );
}

export function ProductCardSkeleton() {
  return (
    <div className="product-card product-card--skeleton" aria-hidden="true">
      <div className="product-card__media skeleton" />
      <div className="product-card__body">
        <div className="skeleton skeleton--text" style={{ width: '70%' }} />
        <div className="skeleton skeleton--text skeleton--small" />
        <div className="skeleton skeleton--text skeleton--small" style={{ width: '55%' }} />
        <div className="product-card__footer">
          <div className="skeleton skeleton--text" style={{ width: '4.5rem' }} />
          <div className="skeleton skeleton--button" />
        </div>
      </div>
    </div>
  );
}
