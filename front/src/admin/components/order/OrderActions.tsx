import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../api/api-client';
import type { AdminOrderDetail } from '@checkstand/contract';
import { adminKeys, syncOrder } from '../../admin-api';
import { ADMIN_STATUS_LABELS } from '../../admin-format';

function syncMessage(before: AdminOrderDetail, after: AdminOrderDetail): string {
  return before.order.status === after.order.status
    ? `Synced from Stripe. The status is still ${ADMIN_STATUS_LABELS[after.order.status].toLowerCase()}.`
    : `Synced from Stripe. The status changed from ${ADMIN_STATUS_LABELS[before.order.status].toLowerCase()} to ${ADMIN_STATUS_LABELS[after.order.status].toLowerCase()}.`;
}

function syncErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'payment_provider_unavailable') {
      return 'Stripe isn’t answering right now, so nothing was changed. Try again in a moment.';
    }
    if (error.code === 'network_error') return NETWORK_ERROR_MESSAGE;
    return error.message;
  }
  return 'Something went wrong on our side. Please try again.';
}

/**
 * What an admin can do to an order: read it again from Stripe ("Sync from Stripe", which says what changed),
 * open its packing slip, and open the refund dialog. `refundBlocked` says why a refund is not possible, if it
 * is not.
 */
export function OrderActions({
  detail,
  refundBlocked,
  onRefund,
}: {
  detail: AdminOrderDetail;
  refundBlocked: string | null;
  onRefund: () => void;
}) {
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const before = useRef(detail);
  const sync = useMutation({
    mutationKey: ['admin', 'sync', detail.order.id],
    mutationFn: () => syncOrder(detail.order.id),
    onMutate: () => {
      before.current = detail;
      setMessage(null);
    },
    onSuccess: (after) => {
      queryClient.setQueryData(adminKeys.order(after.order.id), after);
      setMessage({ tone: 'success', text: syncMessage(before.current, after) });
    },
    onError: (error) => setMessage({ tone: 'error', text: syncErrorMessage(error) }),
  });

  return (
    <div className="admin-order-actions">
      <div className="admin-order-actions__buttons">
        <button
          type="button"
          className="admin-button admin-button--secondary"
          aria-disabled={sync.isPending}
          onClick={() => {
            if (!sync.isPending) sync.mutate();
          }}
        >
          {sync.isPending && <span className="spinner" aria-hidden="true" />}
          Sync from Stripe
        </button>
        <Link
          to={`/admin/orders/${encodeURIComponent(detail.order.id)}/packing-slip`}
          className="admin-button admin-button--secondary"
        >
          Packing slip
        </Link>
        <button
          type="button"
          className="admin-button admin-button--primary"
          aria-disabled={refundBlocked !== null}
          aria-describedby={refundBlocked ? 'refund-blocked' : undefined}
          onClick={() => {
            if (!refundBlocked) onRefund();
          }}
        >
          Refund
        </button>
      </div>
      {refundBlocked && (
        <p id="refund-blocked" className="admin-field__hint">
          {refundBlocked}
        </p>
      )}
      <div role="status" aria-live="polite" className="admin-order-actions__message">
        {message && (
          <p className={message.tone === 'error' ? 'form-error' : 'admin-notice admin-notice--success'}>
            {message.text}
          </p>
        )}
      </div>
    </div>
  );
}
