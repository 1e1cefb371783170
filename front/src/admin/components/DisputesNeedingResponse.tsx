import type { Dashboard } from '@checkstand/contract';
import { Link } from 'react-router';
import { formatMoney } from '../../money/format-money';
import { codeWords } from '../admin-format';
import { DisputeStatusPill, EvidenceDue, useOpenedAt } from './DisputeBits';

type DisputeToAnswer = Dashboard['disputesNeedingResponse'][number];

/**
 * The disputes waiting for the owner's evidence, in the order the server gives them (the soonest due first),
 * each with the money at stake, how soon its evidence is due, and a link to its order.
 */
export function DisputesNeedingResponse({ disputes }: { disputes: DisputeToAnswer[] }) {
  const now = useOpenedAt();
  return (
    <section aria-labelledby="dash-disputes" className="admin-section">
      <h2 id="dash-disputes" className="admin-section__title">
        Disputes needing response
      </h2>
      {disputes.length === 0 ? (
        <p className="admin-card admin-muted" data-testid="no-disputes">
          No dispute is waiting for your evidence.
        </p>
      ) : (
        <div className="admin-table-scroll" role="region" aria-labelledby="dash-disputes" tabIndex={0}>
          <table className="admin-table">
            <caption className="visually-hidden">
              Disputes waiting for your evidence, the soonest due first
            </caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col" className="admin-table__num">
                  Amount
                </th>
                <th scope="col">Evidence due</th>
                <th scope="col">Reason</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {disputes.map((dispute) => (
                <tr
                  key={dispute.disputeId}
                  data-testid="dispute-to-answer"
                  data-dispute-id={dispute.disputeId}
                >
                  <th scope="row">
                    <Link
                      to={`/admin/orders/${encodeURIComponent(dispute.orderId)}`}
                      className="admin-order-link"
                    >
                      {dispute.orderId}
                    </Link>
                    <span className="admin-table__sub">
                      <code>{dispute.disputeId}</code>
                    </span>
                  </th>
                  <td className="admin-table__num admin-table__nowrap">
                    {formatMoney(dispute.amount, dispute.currency)}
                  </td>
                  <td>
                    <EvidenceDue iso={dispute.evidenceDueBy} now={now} />
                  </td>
                  <td>{codeWords(dispute.reason)}</td>
                  <td>
                    <DisputeStatusPill status={dispute.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
