import type { AdminHold } from '@checkstand/contract';

/** What one checkout attempt holds: releasing works per attempt, so the page lists holds this way. */
export interface HeldCheckout {
  key: string;
  orderId: string;
  attemptNo: number;
  holder: string;
  /** The soonest the hold ends by itself. */
  expiresAt: string;
  lines: { productId: string; productTitle: string; quantity: number }[];
}

/** Groups the held lines by checkout attempt, soonest to expire first (lines that are not held are left out). */
export function heldCheckouts(holds: readonly AdminHold[]): HeldCheckout[] {
  const byKey = new Map<string, HeldCheckout>();
  for (const hold of holds) {
    if (hold.status !== 'held') continue;
    const key = `${hold.orderId}/${hold.attemptNo}`;
    const line = { productId: hold.productId, productTitle: hold.productTitle, quantity: hold.quantity };
    const group = byKey.get(key);
    if (group) {
      group.lines.push(line);
      if (hold.expiresAt < group.expiresAt) group.expiresAt = hold.expiresAt;
    } else {
      byKey.set(key, {
        key,
        orderId: hold.orderId,
        attemptNo: hold.attemptNo,
        holder: hold.holder,
        expiresAt: hold.expiresAt,
        lines: [line],
      });
    }
  }
  return [...byKey.values()].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}

/** "2 × Stoneware Mug, 1 × House Espresso Blend". */
export function linesText(lines: HeldCheckout['lines']): string {
  return lines.map((line) => `${line.quantity} × ${line.productTitle}`).join(', ');
}
