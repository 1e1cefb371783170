import type { AdminAttempt } from '../../admin-api';
import { DateTime, IdValue, Pill, type PillTone } from '../AdminBits';

const ATTEMPT_TONES: Record<AdminAttempt['status'], PillTone> = {
  creating: 'waiting',
  open: 'info',
  complete: 'success',
  expired: 'neutral',
  abandoned: 'neutral',
};

/** Every Checkout Session made for the order, the current one marked. */
export function AttemptsTable({ attempts }: { attempts: AdminAttempt[] }) {
  if (attempts.length === 0) return <p className="admin-muted">No checkout attempt yet.</p>;
  return (
    <div className="admin-table-scroll" role="region" aria-label="Checkout attempts" tabIndex={0}>
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Session</th>
            <th scope="col">Status</th>
            <th scope="col">Payment</th>
            <th scope="col">Payment intent</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((attempt) => (
            <tr key={attempt.attemptNo} data-testid="attempt-row">
              <th scope="row" className="admin-table__nowrap">
                {attempt.attemptNo}
                {attempt.current && (
                  <span className="admin-pill admin-pill--info admin-pill--inline">current</span>
                )}
              </th>
              <td>
                <IdValue id={attempt.sessionId} what="session ID" />
              </td>
              <td>
                <Pill tone={ATTEMPT_TONES[attempt.status]}>{attempt.status}</Pill>
              </td>
              <td>{attempt.paymentStatus ?? <span className="admin-muted">—</span>}</td>
              <td>
                <IdValue id={attempt.paymentIntentId} what="payment intent" />
              </td>
              <td className="admin-table__nowrap">
                <DateTime iso={attempt.createdAt} />
              </td>
              <td className="admin-table__nowrap">
                <DateTime iso={attempt.expiresAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
