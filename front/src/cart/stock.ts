import { LOW_STOCK_THRESHOLD, MAX_QUANTITY } from '@checkstand/contract';

/**
 * What the storefront says about a product's stock, from `Product.available` (units buyable now; null:
 * unlimited): "Sold out" at 0, "Only N left" at or below `LOW_STOCK_THRESHOLD`, nothing otherwise.
 */
export type StockState = { kind: 'plenty' } | { kind: 'low'; left: number } | { kind: 'sold_out' };

export function stockState(available: number | null): StockState {
  if (available === null || available > LOW_STOCK_THRESHOLD) return { kind: 'plenty' };
  return available === 0 ? { kind: 'sold_out' } : { kind: 'low', left: available };
}

/** "Only 3 left", "Sold out", or null when there is nothing to say. */
export function stockLabel(available: number | null): string | null {
  const state = stockState(available);
  if (state.kind === 'sold_out') return 'Sold out';
  if (state.kind === 'low') return `Only ${state.left} left`;
  return null;
}

/** The most one line may hold: what is available now (when limited), never more than `MAX_QUANTITY`. */
export function maxBuyable(available: number | null): number {
  return available === null ? MAX_QUANTITY : Math.min(MAX_QUANTITY, available);
}

/** The cart asks for more than is available now (a line to lower before checking out). */
export function exceedsAvailable(quantity: number, available: number | null): boolean {
  return available !== null && quantity > available;
}
