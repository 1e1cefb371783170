import type { AdminProduct } from '@checkstand/contract';
import { LOW_STOCK_THRESHOLD } from '@checkstand/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/api-client';
import { productsQueryKey } from '../../api/products';
import { useAnnounce } from '../../components/Announcer';
import { ErrorState } from '../../components/ErrorState';
import { adminKeys, fetchAdminProducts, fetchHolds, releaseHold } from '../admin-api';
import { formatAdminDate } from '../admin-format';
import { DialogFooter, ModalDialog } from '../components/ModalDialog';
import { HeldCheckoutsTable } from '../components/stock/HeldCheckoutsTable';
import { heldCheckouts, linesText, type HeldCheckout } from '../components/stock/held-checkouts';
import { ProductsStockTable } from '../components/stock/ProductsStockTable';
import { saveErrorMessage } from '../shop-format';

/** `/admin/products`: the products with their stock, and the units checkouts in progress hold. */
export function AdminProductsPage() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const products = useQuery({
    queryKey: adminKeys.products,
    queryFn: ({ signal }) => fetchAdminProducts(signal),
  });
  const holds = useQuery({ queryKey: adminKeys.holds, queryFn: ({ signal }) => fetchHolds(signal) });
  const [releasing, setReleasing] = useState<{ open: boolean; checkout: HeldCheckout } | null>(null);

  // What customers see (the storefront's catalog) follows the stock too.
  const refreshStock = () => {
    void queryClient.invalidateQueries({ queryKey: adminKeys.products });
    void queryClient.invalidateQueries({ queryKey: productsQueryKey });
  };
  const saved = (product: AdminProduct) => {
    announce(
      product.stock === null
        ? `Saved: ${product.title} has unlimited stock.`
        : `Saved: ${product.title} has ${product.stock} in stock.`,
    );
    refreshStock();
  };
  const close = () => setReleasing((current) => current && { ...current, open: false });

  return (
    <div className="admin-container admin-page">
      <title>Products · Checkstand admin</title>
      <div className="admin-page__head">
        <h1 className="admin-page__title" tabIndex={-1}>
          Products
        </h1>
      </div>
      <div className="admin-page__intro">
        <p>
          Stock is the units on hand. While a customer pays, their checkout holds the units in their cart, so
          what customers can buy is the stock less what checkouts hold. The shop says “Only N left” at{' '}
          {LOW_STOCK_THRESHOLD} or fewer, and “Sold out” at none. A product with unlimited stock is never
          held.
        </p>
      </div>

      {products.isPending ? (
        <p className="admin-muted" aria-busy="true">
          Loading the products…
        </p>
      ) : products.isError ? (
        <ErrorState
          title="We couldn’t load the products"
          error={products.error}
          retrying={products.isFetching}
          onRetry={() => void products.refetch()}
        />
      ) : products.data.length === 0 ? (
        <div className="admin-empty">
          <p className="admin-empty__title">No products yet</p>
        </div>
      ) : (
        <ProductsStockTable products={products.data} onSaved={saved} />
      )}

      <section className="admin-section" aria-labelledby="holds-heading">
        <h2 id="holds-heading" className="admin-section__title">
          Held by checkouts
        </h2>
        <p className="admin-muted">
          A hold ends when its checkout is paid (the units are sold) or ends unpaid. Releasing one puts its
          units back on sale at once.
        </p>
        {holds.isPending ? (
          <p className="admin-muted" aria-busy="true">
            Loading the holds…
          </p>
        ) : holds.isError ? (
          <ErrorState
            title="We couldn’t load the holds"
            error={holds.error}
            retrying={holds.isFetching}
            onRetry={() => void holds.refetch()}
          />
        ) : (
          <Holds
            checkouts={heldCheckouts(holds.data)}
            onRelease={(checkout) => setReleasing({ open: true, checkout })}
          />
        )}
      </section>

      <ModalDialog open={releasing?.open ?? false} onClose={close}>
        {(titleId) =>
          releasing && (
            <ReleaseConfirm
              titleId={titleId}
              checkout={releasing.checkout}
              onCancel={close}
              onDone={() => {
                const { orderId } = releasing.checkout;
                announce(`Released the units held for order ${orderId}.`);
                close();
                void queryClient.invalidateQueries({ queryKey: adminKeys.holds });
                void queryClient.invalidateQueries({ queryKey: adminKeys.order(orderId) });
                refreshStock();
              }}
            />
          )
        }
      </ModalDialog>
    </div>
  );
}

function Holds({
  checkouts,
  onRelease,
}: {
  checkouts: HeldCheckout[];
  onRelease: (checkout: HeldCheckout) => void;
}) {
  if (checkouts.length === 0) {
    return (
      <div className="admin-empty">
        <p className="admin-empty__title">No units held</p>
        <p className="admin-muted">No checkout in progress holds stock-limited products right now.</p>
      </div>
    );
  }
  return <HeldCheckoutsTable checkouts={checkouts} onRelease={onRelease} />;
}

function releaseErrorMessage(error: unknown): string {
  if (error instanceof ApiError && error.code === 'hold_not_found') {
    return 'This checkout holds nothing any more: it was paid, or it ended. Close this and reload the list.';
  }
  return saveErrorMessage(error).replace('Nothing was saved.', 'Nothing was released.');
}

/** "Release the units held for order …?": what it means, and a second click to do it. */
function ReleaseConfirm({
  titleId,
  checkout,
  onCancel,
  onDone,
}: {
  titleId: string;
  checkout: HeldCheckout;
  onCancel: () => void;
  onDone: () => void;
}) {
  const mutation = useMutation({
    mutationKey: ['admin', 'hold-release', checkout.key],
    mutationFn: () => releaseHold(checkout.orderId, checkout.attemptNo),
    onSuccess: onDone,
  });
  return (
    <div className="admin-dialog__body">
      <h2 id={titleId} className="admin-dialog__title">
        Release the units held for order {checkout.orderId}?
      </h2>
      <p className="admin-dialog__summary">
        Checkout attempt {checkout.attemptNo} holds {linesText(checkout.lines)} until{' '}
        {formatAdminDate(checkout.expiresAt)}. Released, these units go back on sale at once. If the customer
        still pays and the stock has run out by then, the order is marked oversold: you’ll have to add stock
        or refund it.
      </p>
      <DialogFooter
        error={mutation.isError && <p className="form-error">{releaseErrorMessage(mutation.error)}</p>}
        onCancel={onCancel}
        label="Release the units"
        pending={mutation.isPending}
        tone="danger"
        focusCancel
        onConfirm={() => mutation.mutate()}
      />
    </div>
  );
}
