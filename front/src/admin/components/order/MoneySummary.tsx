import type { OrderMoney } from '@checkstand/contract';
import { formatMoney } from '../../../money/format-money';
import { Fact } from './OrderCard';

/**
 * The order's money in four lines: what it expects, what arrived (every payment), what went back, what is kept;
 * money that arrived in another currency on lines of its own, never added to the others.
 */
export function MoneySummary({ money }: { money: OrderMoney }) {
  const { currency } = money;
  return (
    <dl className="admin-facts" data-testid="money">
      <Fact label="Expected (order total)" testId="amount-expected">
        {formatMoney(money.expected, currency)}
      </Fact>
      <Fact label="Received" testId="amount-received">
        {formatMoney(money.received, currency)}
      </Fact>
      <Fact label="Refunded" testId="amount-refunded">
        {formatMoney(money.refunded, currency)}
      </Fact>
      <Fact label="Net (kept)" testId="amount-net">
        {formatMoney(money.net, currency)}
      </Fact>
      {money.otherCurrencies.map((other) => (
        <Fact
          key={other.currency}
          label={`Received in ${other.currency.toUpperCase()}`}
          testId="amount-other-currency"
        >
          {formatMoney(other.received, other.currency)}
          {other.refunded > 0 ? ` (${formatMoney(other.refunded, other.currency)} refunded)` : ''}
        </Fact>
      ))}
    </dl>
  );
}
