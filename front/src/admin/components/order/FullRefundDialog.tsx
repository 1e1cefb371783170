import type { AdminPayment, RefundRequest } from '@checkstand/contract';
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { formatMoney } from '../../../money/format-money';
import { refundOrder, type AcceptedRefund } from '../../admin-api';
import { DialogFooter, ModalDialog } from '../ModalDialog';
import { newIdempotencyKey, refundErrorMessage } from '../RefundDialog';

interface FullRefundDialogProps {
  orderId: string;
  payment: AdminPayment;
  /** Why a full refund is offered here, in a sentence. */
  reason: string;
  open: boolean;
  onClose: () => void;
  onRefunded: (refund: AcceptedRefund) => void;
}

/**
 * "Refund in full": the confirmation step before giving back everything that is left on one payment (what an
 * early fraud warning calls for). Nothing to type: the amount is the payment's `refundable`, spelt out.
 */
export function FullRefundDialog({ open, onClose, ...form }: FullRefundDialogProps) {
  return (
    <ModalDialog open={open} onClose={onClose}>
      {(titleId) => <FullRefundForm titleId={titleId} onCancel={onClose} {...form} />}
    </ModalDialog>
  );
}

interface FullRefundFormProps extends Omit<FullRefundDialogProps, 'open' | 'onClose'> {
  titleId: string;
  onCancel: () => void;
}

function FullRefundForm({ titleId, orderId, payment, reason, onCancel, onRefunded }: FullRefundFormProps) {
  const id = useId();
  const { refundable, currency } = payment;
  // A fresh key each time the dialog opens; the same one for a double click or a retry of this amount.
  const [key, setKey] = useState(() => ({ amount: refundable, value: newIdempotencyKey() }));
  const mutation = useMutation({
    mutationKey: ['admin', 'refund', orderId],
    mutationFn: (request: RefundRequest) => refundOrder(orderId, request),
    onSuccess: onRefunded,
  });

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (mutation.isPending || refundable <= 0) return;
    let idempotencyKey = key.value;
    if (key.amount !== refundable) {
      // What is left changed while the dialog was open (another refund landed): a different refund.
      idempotencyKey = newIdempotencyKey();
      setKey({ amount: refundable, value: idempotencyKey });
    }
    mutation.mutate({
      amount: refundable,
      idempotencyKey,
      paymentIntentId: payment.paymentIntentId,
      reason: 'fraudulent',
    });
  };

  return (
    <form className="admin-dialog__body" noValidate onSubmit={confirm}>
      <h2 id={titleId} className="admin-dialog__title">
        Refund this payment in full
      </h2>
      <p className="admin-dialog__payment">
        Payment <code data-testid="full-refund-payment">{payment.paymentIntentId}</code>
      </p>
      <p className="admin-field__hint">{reason}</p>
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
          <dt>Will be refunded</dt>
          <dd data-testid="full-refund-amount">{formatMoney(refundable, currency)}</dd>
        </div>
      </dl>
      <p id={`${id}-summary`} className="admin-dialog__summary">
        Refund <strong>{formatMoney(refundable, currency)}</strong> — everything that is left on this payment
        — to the customer’s payment method. This can’t be undone.
      </p>
      <DialogFooter
        error={
          mutation.isError && <p className="form-error">{refundErrorMessage(mutation.error, currency)}</p>
        }
        onCancel={onCancel}
        label="Confirm full refund"
        pending={mutation.isPending}
        disabled={refundable <= 0}
        tone="danger"
        describedBy={`${id}-summary`}
        focusCancel
      />
    </form>
  );
}
