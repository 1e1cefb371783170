import { chargesAddUp, type OrderCharges } from '@checkstand/contract';
import type { ReactNode } from 'react';
import { formatMoney } from '../money/format-money';

interface ChargesBreakdownProps {
  charges: OrderCharges;
  /** The total's test id ("order-total" where it is the page's only total). */
  totalTestId?: string;
  /** Say so when Stripe's figures do not add up (for the owner; a customer is not shown the sum). */
  checkSum?: boolean;
}

/**
 * What Stripe charged, line by line: the subtotal, the discount (with its code), shipping (with the method
 * chosen), tax (added, or said to be included in the prices and not added again) and the total. Amounts are
 * the server's; nothing is added up here.
 */
export function ChargesBreakdown({
  charges,
  totalTestId = 'charges-total',
  checkSum = false,
}: ChargesBreakdownProps) {
  const { currency } = charges;
  const money = (amount: number) => formatMoney(amount, currency);
  const shipped = charges.shipping > 0 || charges.shippingMethod !== null;

  return (
    <div className="charges" data-testid="charges">
      <dl className="charges__rows">
        <Row label="Subtotal" testId="charges-subtotal">
          {money(charges.subtotal)}
        </Row>
        {(charges.discount > 0 || charges.promotionCode !== null) && (
          <Row
            label={
              <>
                Discount
                {charges.promotionCode && (
                  <>
                    {' '}
                    <span className="charges__code">{charges.promotionCode}</span>
                  </>
                )}
              </>
            }
            testId="charges-discount"
          >
            {`−${money(charges.discount)}`}
          </Row>
        )}
        {shipped && (
          <Row
            label={
              <>
                Shipping
                {charges.shippingMethod && <span className="charges__note"> ({charges.shippingMethod})</span>}
              </>
            }
            testId="charges-shipping"
          >
            {charges.shipping === 0 ? 'Free' : money(charges.shipping)}
          </Row>
        )}
        <Row label="Tax" testId="charges-tax">
          {charges.taxIncluded ? (
            <>
              {money(charges.tax)} <span className="charges__note">included</span>
            </>
          ) : (
            money(charges.tax)
          )}
        </Row>
        <Row label="Total" testId={totalTestId} total>
          {money(charges.total)}
        </Row>
      </dl>
      {checkSum && !chargesAddUp(charges) && (
        <p className="charges__warning" role="note" data-testid="charges-mismatch">
          These figures don’t add up: Stripe’s total isn’t subtotal − discount + shipping
          {charges.taxIncluded ? '' : ' + tax'}. Check the payment in Stripe.
        </p>
      )}
    </div>
  );
}

function Row({
  label,
  testId,
  total = false,
  children,
}: {
  label: ReactNode;
  testId: string;
  total?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={total ? 'charges__row charges__row--total' : 'charges__row'}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}
