import type { ReactNode } from 'react';
import { isPaidStatus, type OrderStatus, type PublicOrder } from '@checkstand/contract';
import { formatMoney } from '../money/format-money';
import { ChargesBreakdown } from './ChargesBreakdown';
import { PostalAddressBlock } from './PostalAddressBlock';
import { STATUS_LABELS, formatDateTime, statusTone } from '../orders/order-status';

export function StatusBadge({ status, testId }: { status: OrderStatus; testId?: string }) {
  return (
    <span className={`status-badge status-badge--${statusTone(status)}`} data-testid={testId}>
      {STATUS_LABELS[status]}
    </span>
  );
}

/** The order number: long and opaque, so it wraps anywhere rather than widen a 360 px screen. */
export function OrderNumber({ id }: { id: string }) {
  return (
    <span className="order-number" data-testid="order-number">
      {id}
    </span>
  );
}

interface OrderItemsProps {
  order: PublicOrder;
  /** The heading above the list; level 2 unless the page nests it deeper. */
  title?: string;
  headingLevel?: 2 | 3;
}

/**
 * Items, quantities, line totals and the total, as the server priced them; once paid, what Stripe charged
 * (subtotal, discount, shipping, tax and total) in place of the bare total.
 */
export function OrderItems({ order, title = 'Items', headingLevel = 2 }: OrderItemsProps) {
  const Heading = `h${headingLevel}` as const;
  return (
    <section className="order-items" aria-label={title}>
      <Heading className="order-items__title">{title}</Heading>
      <ul className="order-items__list" role="list">
        {order.items.map((item) => (
          <li key={item.productId} className="order-item">
            <span className="order-item__title">{item.title}</span>
            <span className="order-item__quantity">
              {item.quantity} × {formatMoney(item.unitAmount, order.currency)}
            </span>
            <span className="order-item__total">{formatMoney(item.lineTotal, order.currency)}</span>
          </li>
        ))}
      </ul>
      {order.charges ? (
        <ChargesBreakdown charges={order.charges} totalTestId="order-total" />
      ) : (
        <dl className="order-items__totals">
          <div className="order-items__total">
            <dt>Total</dt>
            <dd data-testid="order-total">{formatMoney(order.total, order.currency)}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}

/** Where a paid order goes: the name and address the customer gave at checkout (nothing for a digital one). */
export function ShipTo({ order, headingLevel = 2 }: { order: PublicOrder; headingLevel?: 2 | 3 }) {
  if (!order.shipTo) return null;
  const Heading = `h${headingLevel}` as const;
  return (
    <section className="order-ship-to" aria-labelledby={`ship-to-${order.id}`}>
      <Heading id={`ship-to-${order.id}`} className="order-items__title">
        Ships to
      </Heading>
      <PostalAddressBlock address={order.shipTo.address} name={order.shipTo.name} testId="ship-to" />
      {order.charges?.shippingMethod && (
        <p className="order-ship-to__method" data-testid="ship-method">
          By {order.charges.shippingMethod}
        </p>
      )}
    </section>
  );
}

export interface FactRow {
  label: string;
  value: ReactNode;
  testId?: string;
}

/** Label/value pairs of an order (number, status, payment…). */
export function OrderFacts({ rows }: { rows: FactRow[] }) {
  return (
    <dl className="order-facts">
      {rows.map(({ label, value, testId }) => (
        <div key={label} className="order-facts__row">
          <dt>{label}</dt>
          <dd data-testid={testId}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** What was received and when, once money arrived (refunds included). */
export function paymentRows(order: PublicOrder): FactRow[] {
  const rows: FactRow[] = [];
  if (order.payment) {
    rows.push({
      label: 'Amount received',
      value: formatMoney(order.payment.amountReceived, order.payment.currency),
      testId: 'amount-received',
    });
    if (order.payment.paidAt) {
      rows.push({
        // Money that does not match the order was received, not "paid".
        label: isPaidStatus(order.status) ? 'Paid' : 'Received',
        value: <time dateTime={order.payment.paidAt}>{formatDateTime(order.payment.paidAt)}</time>,
      });
    }
  }
  if (order.amountRefunded > 0) {
    rows.push({ label: 'Refunded', value: formatMoney(order.amountRefunded, order.currency) });
  }
  return rows;
}
