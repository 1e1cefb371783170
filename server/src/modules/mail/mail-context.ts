import { CUSTOMER_REASON_WORDS } from '@checkstand/contract';
import type { OrderRow, OutboxMessageRow } from '../../db/schema.js';
import { customerReason } from '../orders/order-view.js';
import { type BreakdownRow, type MailContext } from './templates.js';

const formatters = new Map<string, Intl.NumberFormat>();

/** Integer minor units as money text, without floating point (the storefront's `formatMoney`, in mails). */
export function formatMoney(amountMinor: number, currency: string): string {
  const code = currency.toUpperCase();
  let formatter = formatters.get(code);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    formatters.set(code, formatter);
  }
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  const sign = amountMinor < 0 ? '-' : '';
  const magnitude = String(Math.abs(Math.trunc(amountMinor)));
  const decimal =
    digits === 0
      ? `${sign}${magnitude}`
      : `${sign}${magnitude.padStart(digits + 1, '0').slice(0, -digits)}.${magnitude.padStart(digits + 1, '0').slice(-digits)}`;
  return formatter.format(decimal as `${number}`);
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/**
 * What a message says, from the order as it is now and what the outbox row recorded when it was written.
 * `publicOrigin`: the storefront's origin (links); no link carries the order's token.
 */
export function mailContext(message: OutboxMessageRow, order: OrderRow, publicOrigin: string): MailContext {
  const money = (amount: number) => formatMoney(amount, order.currency);
  const charges = order.charges;
  const breakdown: BreakdownRow[] = [];
  if (charges) {
    breakdown.push({ label: 'Subtotal', amount: money(charges.subtotal) });
    if (charges.discount > 0) {
      breakdown.push({
        label: charges.promotionCode ? `Discount (${charges.promotionCode})` : 'Discount',
        amount: `-${money(charges.discount)}`,
      });
    }
    if (charges.shipping > 0 || charges.shippingMethod) {
      breakdown.push({
        label: charges.shippingMethod ? `Shipping (${charges.shippingMethod})` : 'Shipping',
        amount: money(charges.shipping),
      });
    }
    if (charges.tax > 0) {
      breakdown.push({ label: charges.taxIncluded ? 'Tax (included)' : 'Tax', amount: money(charges.tax) });
    }
  }
  const data = message.data;
  const reason = customerReason(str(data.reason) ?? order.statusReason);
  const dataCurrency = str(data.currency) ?? order.currency;
  const amount = num(data.amount);
  return {
    shopName: 'Checkstand',
    orderId: order.id,
    // The token-free lookup: the order's page of its current session opens on any device (the token stays in
    // the browser that ordered, which alone can pay again or cancel); before any session, the order's own page.
    orderUrl: order.currentSessionId
      ? `${publicOrigin}/checkout/success?session_id=${encodeURIComponent(order.currentSessionId)}`
      : `${publicOrigin}/orders/${encodeURIComponent(order.id)}`,
    adminUrl: `${publicOrigin}/admin/orders/${encodeURIComponent(order.id)}`,
    lines: order.items.map((item) => ({
      title: item.title,
      quantity: item.quantity,
      unit: money(item.unitAmount),
      total: money(item.unitAmount * item.quantity),
    })),
    breakdown,
    total: money(charges?.total ?? order.totalAmount),
    reason: reason ? CUSTOMER_REASON_WORDS[reason] : 'The payment didn’t go through. Nothing was charged.',
    amount: amount === null ? '' : formatMoney(amount, dataCurrency),
    refundedTotal: money(order.amountRefunded),
    disputeReason: (str(data.reason) ?? 'not given').replace(/_/g, ' '),
    evidenceDueBy:
      str(data.evidenceDueBy)
        ?.replace('T', ' ')
        .replace(/:\d\d\.\d{3}Z$/, ' UTC') ?? 'not given',
  };
}
