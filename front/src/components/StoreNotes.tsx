import type { PublicStoreInfo } from '@checkstand/contract';
import { useStoreInfo } from '../api/store';
import { countryList } from '../lib/countries';

/**
 * What customers are told about tax and shipping next to prices, from the shop's settings. Until the settings
 * have loaded (or when they could not be), nothing is said rather than something that may be wrong.
 */

/** "Prices include tax" or "Tax calculated at checkout". */
export function taxSentence(store: Pick<PublicStoreInfo, 'pricesIncludeTax'>): string {
  return store.pricesIncludeTax ? 'Prices include tax.' : 'Tax calculated at checkout.';
}

/** Up to this many countries are named; more are counted. */
const NAMED_COUNTRIES = 3;

/** Where a cart of physical goods can go: "Ships to Austria, Germany and France" or "Ships to 12 countries". */
export function shipsToSentence(countries: readonly string[]): string | null {
  if (countries.length === 0) return null;
  if (countries.length <= NAMED_COUNTRIES) return `Ships to ${countryList(countries)}.`;
  return `Ships to ${countries.length} countries.`;
}

/** The tax note under a price. */
export function TaxNote({ className = 'price-note' }: { className?: string }) {
  const store = useStoreInfo();
  if (!store.data) return null;
  return (
    <p className={className} data-testid="tax-note">
      {taxSentence(store.data)}
    </p>
  );
}

/**
 * The cart's notes on tax and shipping: a cart of digital products only is delivered without shipping; any
 * other pays shipping at checkout, to the countries the shop ships to. `allDigital` is null while unknown.
 */
export function CartNotes({ allDigital }: { allDigital: boolean | null }) {
  const store = useStoreInfo();
  const shipsTo = store.data ? shipsToSentence(store.data.shippingCountries) : null;
  return (
    <div className="cart-summary__notes">
      {allDigital ? (
        <p data-testid="shipping-note">Digital delivery — no shipping.</p>
      ) : (
        allDigital === false && (
          <p data-testid="shipping-note">
            Shipping calculated at checkout.
            {shipsTo && ` ${shipsTo}`}
          </p>
        )
      )}
      {store.data && <p data-testid="tax-note">{taxSentence(store.data)}</p>}
    </div>
  );
}

/** The small "Digital" tag of a product delivered without shipping. */
export function DigitalTag() {
  return (
    <span className="product-tag" title="Delivered without shipping">
      Digital
    </span>
  );
}
