import type { AdminPromotionCode } from '@checkstand/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/api-client';
import { useProducts } from '../../api/products';
import { useAnnounce } from '../../components/Announcer';
import { ErrorState } from '../../components/ErrorState';
import { adminKeys, deactivatePromotionCode, fetchPromotionCodes } from '../admin-api';
import { DialogFooter, ModalDialog } from '../components/ModalDialog';
import { PromotionCodeForm } from '../components/shop/PromotionCodeForm';
import { PromotionCodesTable } from '../components/shop/PromotionCodesTable';
import { discountText, saveErrorMessage } from '../shop-format';

/** Which dialog is open: the new code's form, or the confirmation of a code's deactivation. */
type Dialog =
  { kind: 'create'; open: boolean } | { kind: 'deactivate'; open: boolean; code: AdminPromotionCode };

/** `/admin/promotion-codes`: the codes customers can enter at checkout, read from Stripe. */
export function AdminPromotionCodesPage() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const query = useQuery({
    queryKey: adminKeys.promotionCodes,
    queryFn: ({ signal }) => fetchPromotionCodes(signal),
  });
  const products = useProducts();
  const currencies = [...new Set(products.data?.map((product) => product.currency) ?? [])].sort();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog((current) => current && { ...current, open: false });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: adminKeys.promotionCodes });

  return (
    <div className="admin-container admin-page">
      <title>Promotion codes · Checkstand admin</title>
      <div className="admin-page__head">
        <h1 className="admin-page__title" tabIndex={-1}>
          Promotion codes
        </h1>
        <button
          type="button"
          className="admin-button admin-button--primary"
          onClick={() => setDialog({ kind: 'create', open: true })}
        >
          New code
        </button>
      </div>
      <p className="admin-page__intro">
        Codes customers can enter at checkout. Stripe holds and checks them (expiry, uses, minimum); this list
        is read from Stripe.
      </p>

      {query.isPending ? (
        <p className="admin-muted" aria-busy="true">
          Loading the promotion codes…
        </p>
      ) : query.isError ? (
        <ErrorState
          title="We couldn’t load the promotion codes"
          error={query.error}
          retrying={query.isFetching}
          onRetry={() => void query.refetch()}
        />
      ) : query.data.length === 0 ? (
        <div className="admin-empty">
          <p className="admin-empty__title">No promotion codes yet</p>
          <p className="admin-muted">Create one to offer a discount at checkout.</p>
        </div>
      ) : (
        <PromotionCodesTable
          codes={query.data}
          now={new Date(query.dataUpdatedAt)}
          onDeactivate={(code) => setDialog({ kind: 'deactivate', open: true, code })}
        />
      )}

      <ModalDialog open={dialog?.open ?? false} onClose={close}>
        {(titleId) =>
          dialog?.kind === 'deactivate' ? (
            <DeactivateConfirm
              titleId={titleId}
              code={dialog.code}
              onCancel={close}
              onDone={(code) => {
                announce(`${code.code} is deactivated.`);
                close();
                refresh();
              }}
            />
          ) : (
            <PromotionCodeForm
              titleId={titleId}
              currencies={currencies}
              onCancel={close}
              onCreated={(code) => {
                announce(`Created ${code.code}.`);
                close();
                refresh();
              }}
            />
          )
        }
      </ModalDialog>
    </div>
  );
}

function deactivateErrorMessage(error: unknown): string {
  if (error instanceof ApiError && error.code === 'promotion_code_not_found') {
    return 'Stripe doesn’t know this code any more. Close this and reload the list.';
  }
  return saveErrorMessage(error).replace('Nothing was saved.', 'Nothing was changed.');
}

/** "Deactivate SUMMER10?": what it means, and a second click to do it. */
function DeactivateConfirm({
  titleId,
  code,
  onCancel,
  onDone,
}: {
  titleId: string;
  code: AdminPromotionCode;
  onCancel: () => void;
  onDone: (code: AdminPromotionCode) => void;
}) {
  const mutation = useMutation({
    mutationKey: ['admin', 'promotion-code', code.id],
    mutationFn: () => deactivatePromotionCode(code.id),
    onSuccess: onDone,
  });
  return (
    <div className="admin-dialog__body">
      <h2 id={titleId} className="admin-dialog__title">
        Deactivate {code.code}?
      </h2>
      <p className="admin-dialog__summary">
        Customers can no longer enter <code>{code.code}</code> ({discountText(code.discount)}) at checkout.
        Orders that already used it keep their discount. It can’t be turned back on here: create a new code
        instead.
      </p>
      <DialogFooter
        error={mutation.isError && <p className="form-error">{deactivateErrorMessage(mutation.error)}</p>}
        onCancel={onCancel}
        label={`Deactivate ${code.code}`}
        pending={mutation.isPending}
        tone="danger"
        onConfirm={() => mutation.mutate()}
      />
    </div>
  );
}
