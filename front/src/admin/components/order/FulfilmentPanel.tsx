import {
  hasReceivedMoney,
  type AdminFulfilment,
  type AdminOrderDetail,
  type FulfilmentRequest,
} from '@checkstand/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../api/api-client';
import { adminKeys, updateFulfilment } from '../../admin-api';
import { FULFILMENT_LABELS, NOT_READY_INFO } from '../../admin-format';
import { DateTime, IdValue, Pill } from '../AdminBits';
import { FulfilForm, blockingReasons } from './FulfilForm';
import { Fact } from './OrderCard';

/** Where the goods are and whether they may go: the facts, the reasons it is not ready, and what can be done. */
export function FulfilmentPanel({ detail }: { detail: AdminOrderDetail }) {
  const { order, fulfilment } = detail;
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const reasons = blockingReasons(fulfilment.notReadyBecause);

  // The reply is the new fulfilment; the order's history and flags come with the next read.
  const refresh = () => void queryClient.invalidateQueries({ queryKey: adminKeys.order(order.id) });
  const done = (next: AdminFulfilment, text: string) => {
    queryClient.setQueryData<AdminOrderDetail>(
      adminKeys.order(order.id),
      (current) => current && { ...current, fulfilment: next },
    );
    setMessage(text);
    refresh();
  };

  return (
    <div className="admin-fulfilment" data-testid="fulfilment">
      <dl className="admin-facts">
        <Fact label="Status" testId="fulfilment-status">
          <Pill tone={fulfilment.status === 'unfulfilled' ? 'neutral' : 'info'}>
            {FULFILMENT_LABELS[fulfilment.status]}
          </Pill>
        </Fact>
        <Fact label="Carrier" testId="fulfilment-carrier">
          {fulfilment.carrier ?? <span className="admin-muted">—</span>}
        </Fact>
        <Fact label="Tracking number" testId="fulfilment-tracking">
          <IdValue id={fulfilment.trackingNumber} what="tracking number" short={false} />
        </Fact>
        <Fact label="Fulfilled at">
          <DateTime iso={fulfilment.fulfilledAt} />
        </Fact>
      </dl>

      {fulfilment.status === 'unfulfilled' &&
        (fulfilment.readyToShip ? (
          <p className="admin-notice admin-notice--success" data-testid="readiness">
            <strong>Ready to ship.</strong> The payment matches and nothing holds the order back.
          </p>
        ) : (
          <div className="admin-notice admin-notice--warn" data-testid="readiness">
            <div>
              <p>
                <strong>Not ready to ship:</strong>
              </p>
              <ul className="admin-alert__list" aria-label="Why the order is not ready to ship">
                {reasons.map((reason) => (
                  <li key={reason} data-reason={reason}>
                    {NOT_READY_INFO[reason].text}
                  </li>
                ))}
              </ul>
            </div>
          </div>
        ))}

      <div role="status" aria-live="polite" className="admin-order-actions__message">
        {message && <p className="admin-notice admin-notice--success">{message}</p>}
      </div>

      {fulfilment.status === 'unfulfilled' && hasReceivedMoney(order.status) && (
        <FulfilForm
          orderId={order.id}
          fulfilment={fulfilment}
          onStale={refresh}
          onDone={(next, overridden) =>
            done(
              next,
              overridden
                ? 'Marked fulfilled although it wasn’t ready to ship; your reason is in the history.'
                : 'Marked fulfilled.',
            )
          }
        />
      )}
      {fulfilment.status === 'fulfilled' && (
        <ReturnAction
          orderId={order.id}
          onStale={refresh}
          onDone={(next) => done(next, 'Marked returned.')}
        />
      )}
    </div>
  );
}

function returnErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong on our side. Nothing was changed.';
  if (error.code === 'network_error') return NETWORK_ERROR_MESSAGE;
  if (error.code === 'fulfilment_not_allowed') return `${error.message} The page has been refreshed.`;
  return error.message;
}

/** "Mark returned", for goods that came back: a second click confirms it. */
function ReturnAction({
  orderId,
  onDone,
  onStale,
}: {
  orderId: string;
  onDone: (fulfilment: AdminFulfilment) => void;
  onStale: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const mutation = useMutation({
    mutationKey: ['admin', 'fulfilment', orderId],
    mutationFn: (request: FulfilmentRequest) => updateFulfilment(orderId, request),
    onSuccess: (next) => {
      setConfirming(false);
      onDone(next);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) onStale();
    },
  });

  return (
    <div className="admin-fulfil-form">
      {confirming ? (
        <div className="admin-notice admin-notice--warn" data-testid="return-confirm">
          <div>
            <p>
              Mark the goods as returned? Refunds are separate: refund the customer with “Refund” if you owe
              them money.
            </p>
            <div className="admin-fulfil-form__actions">
              <button
                type="button"
                className="admin-button admin-button--secondary"
                onClick={() => setConfirming(false)}
              >
                Cancel
              </button>
              <button
                type="button"
                className="admin-button admin-button--primary"
                aria-disabled={mutation.isPending}
                onClick={() => {
                  if (!mutation.isPending) mutation.mutate({ action: 'return' });
                }}
              >
                {mutation.isPending && <span className="spinner" aria-hidden="true" />}
                Confirm return
              </button>
            </div>
          </div>
        </div>
      ) : (
        <div className="admin-fulfil-form__actions">
          <button
            type="button"
            className="admin-button admin-button--secondary"
            onClick={() => {
              mutation.reset();
              setConfirming(true);
            }}
          >
            Mark returned…
          </button>
        </div>
      )}
      <div role="alert" className="admin-dialog__alert">
        {mutation.isError && <p className="form-error">{returnErrorMessage(mutation.error)}</p>}
      </div>
    </div>
  );
}
