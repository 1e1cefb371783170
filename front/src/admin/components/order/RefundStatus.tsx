import { formatMoney } from '../../../money/format-money';
import type { RefundNotice } from './refund-notice';

/** Where the last refund stands; a polite live region, so the confirmation is heard when it arrives. */
export function RefundStatus({
  notice,
  onCheckAgain,
}: {
  notice: RefundNotice | null;
  onCheckAgain: () => void;
}) {
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className="admin-refund-status">
      {notice?.kind === 'pending' && (
        <p className="admin-notice admin-notice--info" data-testid="refund-pending">
          <span className="spinner" aria-hidden="true" />
          <span>
            Refund of {formatMoney(notice.pending.refund.amount, notice.pending.refund.currency)} requested (
            <code>{notice.pending.refund.id}</code>, {notice.pending.refund.status}).{' '}
            {notice.pending.late ? (
              <>
                Stripe hasn’t confirmed it yet; the order changes when its <code>charge.refunded</code> event
                arrives.{' '}
                <button type="button" className="link-button" onClick={onCheckAgain}>
                  Check again
                </button>
              </>
            ) : (
              'Waiting for Stripe to confirm it…'
            )}
          </span>
        </p>
      )}
      {notice?.kind === 'failed' && (
        <p className="admin-notice admin-notice--warn" data-testid="refund-failed">
          {notice.text}
        </p>
      )}
      {notice?.kind === 'confirmed' && (
        <p className="admin-notice admin-notice--success" data-testid="refund-confirmed">
          {notice.text}
        </p>
      )}
    </div>
  );
}
