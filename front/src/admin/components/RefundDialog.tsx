import type { AdminPayment, AdminRefund, RefundRequest } from '@checkstand/contract';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, NETWORK_ERROR_MESSAGE } from '../../api/api-client';
import { formatMoney } from '../../money/format-money';
import { refundOrder, type AcceptedRefund } from '../admin-api';
import { checkRefundAmount, minorToInput, parseAmountInput } from '../money-input';
import { DialogFooter, ModalDialog } from './ModalDialog';

/** One per confirmation: a double click or a retry after a lost answer replays the same refund at Stripe. */
export function newIdempotencyKey(): string {
  const random =
    typeof crypto !== 'undefined' && 'randomUUID' in crypto
      ? crypto.randomUUID()
      : `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  return `adm-refund-${random}`;
}

export function refundErrorMessage(error: unknown, currency: string): string {
  if (!(error instanceof ApiError)) return 'Something went wrong on our side. Nothing was refunded.';
  switch (error.code) {
    case 'refund_exceeds_remaining': {
      const remaining = error.details?.remaining;
      return typeof remaining === 'number'
        ? `Only ${formatMoney(remaining, currency)} is left to refund on this payment (another refund may have just gone through).`
        : 'That is more than is left to refund on this payment.';
    }
    case 'order_not_refundable':
      return 'This order can’t be refunded: it has no payment to refund.';
    case 'payment_not_found':
      return 'This payment isn’t one of this order’s any more. Reload the page and check its payments.';
    case 'refund_rejected':
      return error.message;
    case 'payment_provider_unavailable':
      return 'Stripe isn’t answering right now, so nothing was refunded. Try again in a moment.';
    case 'network_error':
      return `${NETWORK_ERROR_MESSAGE} If you try again, the refund won’t be made twice.`;
  }
  return error.message;
}

interface RefundDialogProps {
  orderId: string;
  payment: AdminPayment;
  /** A failed refund being tried again: the dialog opens on its amount (at most what is left) and says so. */
  retryOf?: AdminRefund | null;
  open: boolean;
  onClose: () => void;
  onRefunded: (refund: AcceptedRefund) => void;
}

/**
 * "Refund": a modal where the amount to give back on one payment of the order is chosen (all that is left, or
 * part of it) and confirmed. The amount is read as money in the payment's currency and sent in minor units
 * with that payment's intent; what the confirm button will do is spelt out beside it (and is its description),
 * so the amount is seen before anything happens.
 */
export function RefundDialog({ orderId, payment, retryOf, open, onClose, onRefunded }: RefundDialogProps) {
  return (
    <ModalDialog open={open} onClose={onClose}>
      {(titleId) => (
        <RefundForm
          titleId={titleId}
          orderId={orderId}
          payment={payment}
          retryOf={retryOf ?? null}
          onCancel={onClose}
          onRefunded={onRefunded}
        />
      )}
    </ModalDialog>
  );
}

interface RefundFormProps {
  titleId: string;
  orderId: string;
  payment: AdminPayment;
  retryOf: AdminRefund | null;
  onCancel: () => void;
  onRefunded: (refund: AcceptedRefund) => void;
}

function RefundForm({ titleId, orderId, payment, retryOf, onCancel, onRefunded }: RefundFormProps) {
  const id = useId();
  const { currency, refundable } = payment;
  const [initial] = useState(() => (retryOf ? Math.min(retryOf.amount, refundable) : refundable));
  const [text, setText] = useState(() => minorToInput(initial, currency));
  const [error, setError] = useState<string | null>(null);
  // The key goes with the amount: a different amount is a different refund, the same one a replay. A retry
  // of a failed refund gets a key of its own (the failed one's would replay the failure).
  const [key, setKey] = useState(() => ({ amount: initial, value: newIdempotencyKey() }));
  const inputRef = useRef<HTMLInputElement>(null);

  const mutation = useMutation({
    mutationKey: ['admin', 'refund', orderId],
    mutationFn: (request: RefundRequest) => refundOrder(orderId, request),
    onSuccess: onRefunded,
  });

  const parsed = parseAmountInput(text, currency);
  const preview = parsed.ok && parsed.minor > 0 && parsed.minor <= refundable ? parsed.minor : null;

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (mutation.isPending) return;
    const check = checkRefundAmount(text, currency, refundable);
    if (!check.ok) {
      setError(check.message);
      inputRef.current?.focus();
      return;
    }
    setError(null);
    let idempotencyKey = key.value;
    if (key.amount !== check.minor) {
      idempotencyKey = newIdempotencyKey();
      setKey({ amount: check.minor, value: idempotencyKey });
    }
    mutation.mutate({ amount: check.minor, idempotencyKey, paymentIntentId: payment.paymentIntentId });
  };

  const full = preview === refundable;
  return (
    <form className="admin-dialog__body" noValidate onSubmit={confirm}>
      <h2 id={titleId} className="admin-dialog__title">
        {retryOf
          ? 'Retry the failed refund'
          : payment.role === 'primary'
            ? 'Refund this order'
            : 'Refund the extra payment'}
      </h2>
      <p className="admin-dialog__payment">
        Payment <code data-testid="refund-payment">{payment.paymentIntentId}</code>
        {payment.role === 'extra' && ', received on top of the order’s own payment'}
      </p>
      {retryOf && (
        <p className="admin-field__hint" data-testid="refund-retry-of">
          Refund <code>{retryOf.id}</code> of {formatMoney(retryOf.amount, retryOf.currency)} failed
          {retryOf.failureReason ? ` (${retryOf.failureReason.replaceAll('_', ' ')})` : ''}: nothing was given
          back. If the customer’s card can’t receive it, Stripe may fail again; agree another way with them.
        </p>
      )}
      <dl className="admin-dialog__facts">
        <div>
          <dt>Received</dt>
          <dd>{formatMoney(payment.amount, currency)}</dd>
        </div>
        <div>
          <dt>Already refunded</dt>
          <dd>{formatMoney(payment.amountRefunded, currency)}</dd>
        </div>
        <div>
          <dt>Can be refunded</dt>
          <dd data-testid="refundable">{formatMoney(refundable, currency)}</dd>
        </div>
      </dl>

      <div className="admin-field">
        <label htmlFor={`${id}-amount`} className="admin-field__label">
          Refund amount
        </label>
        <div className="admin-money-input">
          <span className="admin-money-input__currency" aria-hidden="true">
            {currency.toUpperCase()}
          </span>
          <input
            ref={inputRef}
            id={`${id}-amount`}
            className="admin-input"
            type="text"
            inputMode="decimal"
            autoComplete="off"
            autoFocus
            value={text}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            onChange={(event) => {
              setText(event.target.value);
              if (error) setError(null);
              mutation.reset();
            }}
          />
          <button
            type="button"
            className="admin-button admin-button--ghost admin-button--small"
            onClick={() => {
              setText(minorToInput(refundable, currency));
              setError(null);
              mutation.reset();
            }}
          >
            Full amount
          </button>
        </div>
        <p id={`${id}-hint`} className="admin-field__hint">
          Up to {formatMoney(refundable, currency)}. Use a dot for cents, e.g. {minorToInput(1250, currency)}.
        </p>
        {error && (
          <p id={`${id}-error`} className="admin-field__error" role="alert">
            {error}
          </p>
        )}
      </div>

      <p id={`${id}-summary`} className="admin-dialog__summary" data-testid="refund-summary">
        {preview === null ? (
          'Enter the amount to refund.'
        ) : (
          <>
            Refund <strong>{formatMoney(preview, currency)}</strong>
            {full ? ' — everything that is left —' : ` of ${formatMoney(refundable, currency)}`} to the
            customer’s payment method. This can’t be undone.
          </>
        )}
      </p>

      <DialogFooter
        error={
          mutation.isError && <p className="form-error">{refundErrorMessage(mutation.error, currency)}</p>
        }
        onCancel={onCancel}
        label="Confirm refund"
        pending={mutation.isPending}
        tone="danger"
        describedBy={`${id}-summary`}
      />
    </form>
  );
}
