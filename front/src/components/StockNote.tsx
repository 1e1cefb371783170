import { stockLabel, stockState } from '../cart/stock';

/** "Only 3 left" or "Sold out" under a product, from what is available now; nothing when stock is plenty. */
export function StockNote({ available, id }: { available: number | null; id?: string }) {
  const label = stockLabel(available);
  if (label === null) return null;
  const soldOut = stockState(available).kind === 'sold_out';
  return (
    <p id={id} className={`stock-note${soldOut ? ' stock-note--sold-out' : ''}`} data-testid="stock-note">
      {label}
    </p>
  );
}
