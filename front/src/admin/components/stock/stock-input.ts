import type { StockUpdate } from '@checkstand/contract';

/** The most units on hand the server takes (`StockUpdate`). */
export const STOCK_MAX = 1_000_000_000;

export type StockRead = { ok: true; update: StockUpdate } | { ok: false; message: string };

/**
 * Reads the stock editor: "Unlimited" ticked (or the word typed) is `null`; otherwise a whole number of units
 * from 0 to `STOCK_MAX`, spaces and thousands separators allowed ("1,200").
 */
export function readStock(text: string, unlimited: boolean): StockRead {
  const trimmed = text.trim();
  if (unlimited || trimmed.toLowerCase() === 'unlimited') return { ok: true, update: { stock: null } };
  if (trimmed === '') {
    return { ok: false, message: 'Enter the units on hand (0 or more), or tick “Unlimited”.' };
  }
  const digits = trimmed.replace(/[\s,_]/g, '');
  if (!/^\d+$/.test(digits)) return { ok: false, message: 'Enter a whole number of units, like 12.' };
  const stock = Number(digits);
  if (stock > STOCK_MAX) {
    return { ok: false, message: `Enter at most ${STOCK_MAX.toLocaleString('en-US')} units.` };
  }
  return { ok: true, update: { stock } };
}

/** What the editor shows for a stock: the number, or nothing when unlimited (the box is ticked instead). */
export function stockText(stock: number | null): string {
  return stock === null ? '' : String(stock);
}
