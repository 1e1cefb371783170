import type { OrderMoney } from '@checkstand/contract';
import type { ReactNode } from 'react';
import { formatMoney } from '../../../money/format-money';
import { Fact } from './OrderCard';

/** An amount that is a problem when it is not zero (money at risk, money lost): said in words, not colour. */
function Risky({ amount, currency, words }: { amount: number; currency: string; words: string }): ReactNode {
  if (amount === 0) return formatMoney(0, currency);
  return (
    <strong className="admin-danger-text">
      {formatMoney(amount, currency)} <span className="admin-money-note">{words}</span>
    </strong>
  );
}

/**
 * The order's money: what it expects, what arrived (every payment), what went back, what is on its way back,
 * what disputes hold or took, and what is kept (received − refunded − lost); money that arrived in another
 * currency on lines of its own, never added to the others.
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
      <Fact label="Refunds pending" testId="amount-refunds-pending">
        {money.refundsPending === 0 ? (
          formatMoney(0, currency)
        ) : (
          <>
            {formatMoney(money.refundsPending, currency)}{' '}
            <span className="admin-money-note">waiting for Stripe</span>
          </>
        )}
      </Fact>
      <Fact label="Disputed (at risk)" testId="amount-disputed">
        <Risky amount={money.disputed} currency={currency} words="in open disputes" />
      </Fact>
      <Fact label="Lost to disputes" testId="amount-lost">
        <Risky amount={money.lost} currency={currency} words="taken back by the bank" />
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
