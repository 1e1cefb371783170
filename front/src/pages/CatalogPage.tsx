import { useProducts } from '../api/products';
import { useAddToCart } from '../cart/use-add-to-cart';
import { ErrorState } from '../components/ErrorState';
import { ProductCard, ProductCardSkeleton } from '../components/ProductCard';

const SKELETON_COUNT = 8;
/** Shop photography for the hero; decorative, so it does not depend on the catalog request. */
const HERO_IMAGES = [
  '/products/pour-over-dripper.svg',
  '/products/stoneware-mug.svg',
  '/products/sencha.svg',
];

export function CatalogPage() {
  const products = useProducts();
  const addToCart = useAddToCart();

  return (
    <>
      <title>Checkstand · Coffee, tea and kitchen goods</title>
      <section className="hero">
        <div className="container hero__inner">
          <div className="hero__text">
            <p className="eyebrow">Roasted in small batches · Packed by hand</p>
            <h1 className="hero__title" tabIndex={-1}>
              Good coffee, good tea, and the tools to brew them
            </h1>
            <p className="hero__lede">
              A short list of beans, leaves and kitchen gear we use every morning. Pick what you like; your
              cart waits for you on this device.
            </p>
          </div>
          <div className="hero__art" aria-hidden="true">
            {HERO_IMAGES.map((src) => (
              <img key={src} className="hero__tile" src={src} alt="" width={600} height={600} />
            ))}
          </div>
        </div>
      </section>

      <section className="container catalog" aria-labelledby="catalog-heading" aria-busy={products.isPending}>
        <div className="section-head">
          <h2 id="catalog-heading" className="section-head__title">
            All products
          </h2>
          {products.data && (
            <p className="section-head__meta">
              {products.data.length} {products.data.length === 1 ? 'product' : 'products'}
            </p>
          )}
        </div>

        {products.isPending ? (
          <>
            <p className="visually-hidden">Loading products…</p>
            <div className="product-grid">
              {Array.from({ length: SKELETON_COUNT }, (_, index) => (
                <ProductCardSkeleton key={index} />
              ))}
            </div>
          </>
        ) : products.isError ? (
          <ErrorState
            title="We couldn’t load the shop"
            error={products.error}
            retrying={products.isFetching}
            onRetry={() => void products.refetch()}
          />
        ) : products.data.length === 0 ? (
          <div className="notice">
            <p className="notice__text">The shelves are empty right now. Please come back soon.</p>
          </div>
        ) : (
          <ul className="product-grid" role="list">
            {products.data.map((product) => (
              <li key={product.id}>
                <ProductCard product={product} onAdd={addToCart} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
