import type { AdminPromotionCode, AmountPerCurrency } from '@checkstand/contract';
import { ApiError, NETWORK_ERROR_MESSAGE } from '../api/api-client';
import { formatMoney } from '../money/format-money';
import { formatPercent } from './percent-input';

/** What the owner is told when saving a setting, a rate or a code failed; nothing was changed in any case. */
export function saveErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong on our side. Nothing was saved.';
  switch (error.code) {
    case 'network_error':
      return `${NETWORK_ERROR_MESSAGE} Nothing was saved.`;
    case 'payment_provider_unavailable':
      return 'Stripe isn’t answering right now, so nothing was saved. Try again in a moment.';
  }
  // The server's own words (Stripe's, for a code Stripe refused): they say what to change.
  return error.message;
}

/** "$4.50 · €4.00": an amount in each currency it has, in a stable order. */
export function amountsText(amounts: AmountPerCurrency): string[] {
  return Object.keys(amounts)
    .sort()
    .map((currency) => formatMoney(amounts[currency] ?? 0, currency));
}

/** "10% off" or "$5.00 off". */
export function discountText(discount: AdminPromotionCode['discount']): string {
  return discount.kind === 'percent'
    ? `${formatPercent(discount.basisPoints)} off`
    : `${formatMoney(discount.amount, discount.currency)} off`;
}

/** "2–4 business days" or "1 business day". */
export function deliveryText(estimate: { minDays: number; maxDays: number } | null): string | null {
  if (!estimate) return null;
  const { minDays, maxDays } = estimate;
  if (minDays === maxDays) return `${minDays} business ${minDays === 1 ? 'day' : 'days'}`;
  return `${minDays}–${maxDays} business days`;
}
