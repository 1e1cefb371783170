import type { AdminDispute } from '@checkstand/contract';
import { formatMoney } from '../../../money/format-money';
import { codeWords } from '../../admin-format';
import { DateTime, IdValue, Pill } from '../AdminBits';
import { DisputeStatusPill, EvidenceDue, useOpenedAt } from '../DisputeBits';

/** "Arrived after fulfilment": the goods are gone, so shipping can no longer be held back. */
export function AfterFulfilment({ what }: { what: string }) {
  return (
    <span className="admin-after-fulfilment">
      <Pill tone="danger">Arrived after fulfilment</Pill>{' '}
      <span className="admin-table__sub">{`The goods had already shipped when this ${what} came.`}</span>
    </span>
  );
}

/**
 * The disputes (and inquiries) on the order's payments: where each stands, the money the bank withdrew and gave
 * back, and when the owner's evidence is due (answered in Stripe's Dashboard).
 */
export function DisputesTable({ disputes }: { disputes: AdminDispute[] }) {
  const now = useOpenedAt();
  if (disputes.length === 0) return <p className="admin-muted">No dispute on this order.</p>;
  return (
    <>
      <div className="admin-table-scroll" role="region" aria-labelledby="order-disputes" tabIndex={0}>
        <table className="admin-table">
          <caption className="visually-hidden">Disputes on this order’s payments</caption>
          <thead>
            <tr>
              <th scope="col">Dispute</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col" className="admin-table__num">
                Amount
              </th>
              <th scope="col">Evidence due</th>
              <th scope="col" className="admin-table__num">
                Withdrawn
              </th>
              <th scope="col" className="admin-table__num">
                Reinstated
              </th>
              <th scope="col">Opened</th>
            </tr>
          </thead>
          <tbody>
            {disputes.map((dispute) => (
              <tr
                key={dispute.id}
                data-testid="dispute-row"
                data-dispute-id={dispute.id}
                className={dispute.afterFulfilment ? 'admin-table__row--danger' : undefined}
              >
                <th scope="row">
                  <IdValue id={dispute.id} what="dispute ID" />
                  {dispute.paymentIntentId && (
                    <span className="admin-table__sub">
                      on <IdValue id={dispute.paymentIntentId} what="payment intent" />
                    </span>
                  )}
                  {dispute.afterFulfilment && <AfterFulfilment what="dispute" />}
                </th>
                <td>
                  <DisputeStatusPill status={dispute.status} />
                </td>
                <td>{codeWords(dispute.reason)}</td>
                <td className="admin-table__num admin-table__nowrap">
                  {formatMoney(dispute.amount, dispute.currency)}
                </td>
                <td data-testid="dispute-due">
                  <EvidenceDue iso={dispute.evidenceDueBy} now={now} />
                </td>
                <td className="admin-table__num admin-table__nowrap" data-testid="dispute-withdrawn">
                  {formatMoney(dispute.amountWithdrawn, dispute.currency)}
                </td>
                <td className="admin-table__num admin-table__nowrap" data-testid="dispute-reinstated">
                  {formatMoney(dispute.amountReinstated, dispute.currency)}
                </td>
                <td className="admin-table__nowrap">
                  <DateTime iso={dispute.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="admin-field__hint">
        Answer a dispute with your evidence (proof of delivery, the customer’s messages) in your Stripe
        Dashboard before it is due; the order follows Stripe’s events.
      </p>
    </>
  );
}
