import {
  WATCH_STATES,
  type AdminAttempt,
  type AttemptOutcome,
  type AttemptStatus,
  type WatchState,
} from '@checkstand/contract';
import { WATCH_INFO } from '../../admin-format';
import { DateTime, IdValue, Pill, type PillTone } from '../AdminBits';

const ATTEMPT_TONES: Record<AttemptStatus, PillTone> = {
  creating: 'waiting',
  open: 'info',
  complete: 'success',
  expired: 'neutral',
  abandoned: 'neutral',
};

const OUTCOME_TONES: Record<AttemptOutcome, PillTone> = {
  declined: 'danger',
  processing: 'waiting',
  paid: 'success',
  failed: 'danger',
};

const WATCH_TONES: Record<WatchState, PillTone> = {
  watching: 'info',
  done: 'neutral',
  lost: 'danger',
};

/** Every Checkout Session made for the order, the current one marked, with where the watch list stands on it. */
export function AttemptsTable({ attempts }: { attempts: AdminAttempt[] }) {
  if (attempts.length === 0) return <p className="admin-muted">No checkout attempt yet.</p>;
  return (
    <>
      <div className="admin-table-scroll" role="region" aria-labelledby="order-attempts" tabIndex={0}>
        <table className="admin-table">
          <caption className="visually-hidden">Checkout attempts, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Session</th>
              <th scope="col">Status</th>
              <th scope="col">Outcome</th>
              <th scope="col">Payment</th>
              <th scope="col">Payment intent</th>
              <th scope="col">Watch</th>
              <th scope="col">Last checked</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((attempt) => (
              <tr
                key={attempt.attemptNo}
                data-testid="attempt-row"
                className={attempt.watch === 'lost' ? 'admin-table__row--danger' : undefined}
              >
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
                <td>
                  {attempt.outcome ? (
                    <Pill tone={OUTCOME_TONES[attempt.outcome]}>{attempt.outcome}</Pill>
                  ) : (
                    <span className="admin-muted">Not tried</span>
                  )}
                </td>
                <td>{attempt.paymentStatus ?? <span className="admin-muted">—</span>}</td>
                <td>
                  <IdValue id={attempt.paymentIntentId} what="payment intent" />
                </td>
                <td>
                  <span title={WATCH_INFO[attempt.watch].text} data-testid="attempt-watch">
                    <Pill tone={WATCH_TONES[attempt.watch]}>{WATCH_INFO[attempt.watch].label}</Pill>
                  </span>
                  {attempt.watch === 'lost' && (
                    <span className="admin-table__sub">{WATCH_INFO.lost.text}</span>
                  )}
                </td>
                <td className="admin-table__nowrap">
                  <DateTime iso={attempt.checkedAt} />
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
      <p className="admin-legend__title">The watch list, session by session:</p>
      <dl className="admin-legend">
        {WATCH_STATES.map((state) => (
          <div key={state}>
            <dt>{WATCH_INFO[state].label}</dt>
            <dd>{WATCH_INFO[state].text}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
