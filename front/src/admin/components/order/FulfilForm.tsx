import type { AdminFulfilment, FulfilmentRequest, NotReadyReason } from '@checkstand/contract';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../../api/api-client';
import { notReadyReasonsOf, updateFulfilment } from '../../admin-api';
import { NOT_READY_INFO } from '../../admin-format';

/** The contract's bounds on what is typed (`FulfilmentRequest`). */
const TEXT_MAX = 100;
const OVERRIDE_MIN = 3;
const OVERRIDE_MAX = 500;

/** Reasons that are about the order's money or flags: shipped or returned goods are said elsewhere. */
export function blockingReasons(reasons: readonly NotReadyReason[]): NotReadyReason[] {
  return reasons.filter((reason) => reason !== 'already_fulfilled' && reason !== 'returned');
}

function fulfilErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong on our side. Nothing was changed.';
  switch (error.code) {
    case 'not_ready_to_ship':
      return 'The shop says this order isn’t ready to ship (it may have changed since the page loaded). Nothing was changed.';
    case 'fulfilment_not_allowed':
      return `${error.message} The page has been refreshed.`;
    case 'network_error':
      return `${NETWORK_ERROR_MESSAGE} Check the order before trying again.`;
  }
  return error.message;
}

interface FulfilFormProps {
  orderId: string;
  fulfilment: AdminFulfilment;
  onDone: (fulfilment: AdminFulfilment, overridden: boolean) => void;
  /** The server refused: the order changed, so read it again. */
  onStale: () => void;
}

/**
 * "Mark fulfilled", with the carrier and tracking number if there are any. An order that is not ready to ship
 * needs a reason to ship it anyway, asked for up front with the reasons it is not ready; when the server finds
 * a reason the page did not know of (`not_ready_to_ship`), its reasons are shown and the reason is asked then.
 */
export function FulfilForm({ orderId, fulfilment, onDone, onStale }: FulfilFormProps) {
  const id = useId();
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');
  const [override, setOverride] = useState('');
  const [overrideError, setOverrideError] = useState<string | null>(null);
  const [serverReasons, setServerReasons] = useState<NotReadyReason[] | null>(null);
  const overrideRef = useRef<HTMLTextAreaElement>(null);

  const known = blockingReasons(fulfilment.notReadyBecause);
  const reasons = serverReasons?.length ? blockingReasons(serverReasons) : known;
  const needsOverride = !fulfilment.readyToShip || serverReasons !== null;

  const mutation = useMutation({
    mutationKey: ['admin', 'fulfilment', orderId],
    mutationFn: (request: FulfilmentRequest) => updateFulfilment(orderId, request),
    onSuccess: (result, request) => onDone(result, request.overrideReason !== undefined),
    onError: (error) => {
      const refused = notReadyReasonsOf(error);
      if (refused) setServerReasons(refused);
      if (error instanceof ApiError && error.status === 409) onStale();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mutation.isPending) return;
    const reason = override.trim();
    if (needsOverride && reason.length < OVERRIDE_MIN) {
      setOverrideError(
        reason
          ? `Give a few more words (at least ${OVERRIDE_MIN} characters).`
          : 'Say why you ship it anyway: the order isn’t ready to ship.',
      );
      overrideRef.current?.focus();
      return;
    }
    setOverrideError(null);
    mutation.mutate({
      action: 'fulfil',
      ...(carrier.trim() ? { carrier: carrier.trim() } : {}),
      ...(tracking.trim() ? { trackingNumber: tracking.trim() } : {}),
      ...(needsOverride ? { overrideReason: reason } : {}),
    });
  };

  return (
    <form className="admin-fulfil-form" noValidate onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="admin-fulfil-form__title">
        Mark fulfilled
      </h3>
      <div className="admin-fulfil-form__row">
        <div className="admin-field">
          <label htmlFor={`${id}-carrier`} className="admin-field__label">
            Carrier <span className="admin-muted">(optional)</span>
          </label>
          <input
            id={`${id}-carrier`}
            className="admin-input"
            type="text"
            autoComplete="off"
            maxLength={TEXT_MAX}
            value={carrier}
            onChange={(event) => setCarrier(event.target.value)}
          />
        </div>
        <div className="admin-field">
          <label htmlFor={`${id}-tracking`} className="admin-field__label">
            Tracking number <span className="admin-muted">(optional)</span>
          </label>
          <input
            id={`${id}-tracking`}
            className="admin-input"
            type="text"
            autoComplete="off"
            spellCheck={false}
            maxLength={TEXT_MAX}
            value={tracking}
            onChange={(event) => setTracking(event.target.value)}
          />
        </div>
      </div>

      {needsOverride && (
        <div className="admin-field admin-fulfil-form__override">
          <div id={`${id}-why`} className="admin-notice admin-notice--warn" data-testid="override-needed">
            <div>
              {serverReasons ? (
                <>
                  <p>
                    <strong>The shop says this order isn’t ready to ship:</strong>
                  </p>
                  {reasons.length > 0 && (
                    <ul className="admin-alert__list" data-testid="override-reasons">
                      {reasons.map((r) => (
                        <li key={r}>{NOT_READY_INFO[r].text}</li>
                      ))}
                    </ul>
                  )}
                </>
              ) : (
                <p>
                  <strong>This order isn’t ready to ship</strong>
                  {/* The reasons are listed just above; heard here too, as the field's description. */}
                  {reasons.length > 0 && (
                    <span className="visually-hidden">
                      : {reasons.map((r) => NOT_READY_INFO[r].label.toLowerCase()).join(', ')}
                    </span>
                  )}
                  <span aria-hidden="true"> (see why above)</span>.
                </p>
              )}
              <p>To ship it anyway, say why. The reason is kept in the order’s history.</p>
            </div>
          </div>
          <label htmlFor={`${id}-override`} className="admin-field__label">
            Reason to ship anyway
          </label>
          <textarea
            ref={overrideRef}
            id={`${id}-override`}
            className="admin-input admin-textarea"
            rows={2}
            maxLength={OVERRIDE_MAX}
            required
            autoFocus={serverReasons !== null}
            value={override}
            aria-invalid={overrideError ? true : undefined}
            aria-describedby={`${id}-why${overrideError ? ` ${id}-override-error` : ''}`}
            onChange={(event) => {
              setOverride(event.target.value);
              if (overrideError) setOverrideError(null);
            }}
          />
          {overrideError && (
            <p id={`${id}-override-error`} className="admin-field__error" role="alert">
              {overrideError}
            </p>
          )}
        </div>
      )}

      <div role="alert" className="admin-dialog__alert">
        {mutation.isError && <p className="form-error">{fulfilErrorMessage(mutation.error)}</p>}
      </div>

      <div className="admin-fulfil-form__actions">
        <button
          type="submit"
          className={`admin-button ${needsOverride ? 'admin-button--danger' : 'admin-button--primary'}`}
          aria-disabled={mutation.isPending}
        >
          {mutation.isPending && <span className="spinner" aria-hidden="true" />}
          {needsOverride ? 'Mark fulfilled anyway' : 'Mark fulfilled'}
        </button>
      </div>
    </form>
  );
}
