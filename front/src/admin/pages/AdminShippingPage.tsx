import { MAX_SHIPPING_OPTIONS, type ShippingRate } from '@checkstand/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useProducts } from '../../api/products';
import { useAnnounce } from '../../components/Announcer';
import { ErrorState } from '../../components/ErrorState';
import { adminKeys, fetchShippingRates, updateShippingRate } from '../admin-api';
import { ModalDialog } from '../components/ModalDialog';
import { POSITION_MAX, rateInputOf } from '../components/shop/shipping-rate-form';
import { ShippingRateForm } from '../components/shop/ShippingRateForm';
import { ShippingRatesTable } from '../components/shop/ShippingRatesTable';
import { saveErrorMessage } from '../shop-format';

/** The rate form's dialog: closed, or open on a rate (null: a new one). */
type Editing = { open: boolean; rate: ShippingRate | null };

/** `/admin/shipping`: the shipping rates checkout offers, to add, edit, activate and deactivate. */
export function AdminShippingPage() {
  const queryClient = useQueryClient();
  const announce = useAnnounce();
  const query = useQuery({
    queryKey: adminKeys.shippingRates,
    queryFn: ({ signal }) => fetchShippingRates(signal),
  });
  const products = useProducts();
  const [editing, setEditing] = useState<Editing>({ open: false, rate: null });

  const rates = query.data ?? [];
  const catalogCurrencies = [...new Set(products.data?.map((product) => product.currency) ?? [])].sort();
  const nextPosition = Math.min(
    POSITION_MAX,
    rates.reduce((max, rate) => Math.max(max, rate.position + 1), 0),
  );

  const toggle = useMutation({
    mutationKey: ['admin', 'shipping-rate', 'toggle'],
    mutationFn: (rate: ShippingRate) =>
      updateShippingRate(rate.id, rateInputOf(rate, { active: !rate.active })),
    onSuccess: (saved) => {
      announce(
        saved.active ? `“${saved.name}” is offered at checkout.` : `“${saved.name}” is no longer offered.`,
      );
      void queryClient.invalidateQueries({ queryKey: adminKeys.shippingRates });
    },
  });

  const close = () => setEditing((current) => ({ ...current, open: false }));
  const saved = (rate: ShippingRate) => {
    announce(editing.rate ? `Saved “${rate.name}”.` : `Added “${rate.name}”.`);
    close();
    void queryClient.invalidateQueries({ queryKey: adminKeys.shippingRates });
  };

  return (
    <div className="admin-container admin-page">
      <title>Shipping · Checkstand admin</title>
      <div className="admin-page__head">
        <h1 className="admin-page__title" tabIndex={-1}>
          Shipping
        </h1>
        <button
          type="button"
          className="admin-button admin-button--primary"
          onClick={() => setEditing({ open: true, rate: null })}
        >
          Add a rate
        </button>
      </div>
      <div className="admin-page__intro">
        <p>
          Checkout offers a cart the active rates that have a price in the cart’s currency, lowest position
          first, and at most {MAX_SHIPPING_OPTIONS} of them (Stripe’s limit). Where the shop ships to is in{' '}
          <Link to="/admin/settings">Settings</Link>.
        </p>
      </div>

      {query.isPending ? (
        <p className="admin-muted" aria-busy="true">
          Loading the shipping rates…
        </p>
      ) : query.isError ? (
        <ErrorState
          title="We couldn’t load the shipping rates"
          error={query.error}
          retrying={query.isFetching}
          onRetry={() => void query.refetch()}
        />
      ) : (
        <>
          <RateWarnings rates={rates} currencies={catalogCurrencies} />
          <div role="alert" className="admin-form__alert">
            {toggle.isError && <p className="form-error">{saveErrorMessage(toggle.error)}</p>}
          </div>
          {rates.length === 0 ? (
            <div className="admin-empty">
              <p className="admin-empty__title">No shipping rates yet</p>
              <p className="admin-muted">
                Without a rate, checkout charges no shipping. Add one for each way you ship (standard,
                express…).
              </p>
            </div>
          ) : (
            <ShippingRatesTable
              rates={rates}
              pendingId={toggle.isPending ? (toggle.variables?.id ?? null) : null}
              onEdit={(rate) => setEditing({ open: true, rate })}
              onToggle={(rate) => toggle.mutate(rate)}
            />
          )}
        </>
      )}

      <ModalDialog open={editing.open} onClose={close}>
        {(titleId) => (
          <ShippingRateForm
            titleId={titleId}
            rate={editing.rate}
            currencies={catalogCurrencies}
            nextPosition={nextPosition}
            onSaved={saved}
            onCancel={close}
          />
        )}
      </ModalDialog>
    </div>
  );
}

/**
 * What checkout will make of the rates, per currency: more active rates than Stripe shows (the rest are left
 * out), or none at all for a currency the catalog sells in.
 */
function RateWarnings({
  rates,
  currencies,
}: {
  rates: readonly ShippingRate[];
  currencies: readonly string[];
}) {
  const active = rates.filter((rate) => rate.active);
  const counts = new Map<string, number>();
  for (const rate of active) {
    for (const currency of Object.keys(rate.amounts)) counts.set(currency, (counts.get(currency) ?? 0) + 1);
  }
  const crowded = [...counts].filter(([, count]) => count > MAX_SHIPPING_OPTIONS).sort();
  const unpriced = rates.length === 0 ? [] : currencies.filter((currency) => !counts.has(currency));
  if (crowded.length === 0 && unpriced.length === 0) return null;
  return (
    <div className="admin-notice admin-notice--warn admin-rate-warnings" data-testid="rate-warnings">
      <ul className="admin-alert__list">
        {crowded.map(([currency, count]) => (
          <li key={`crowded-${currency}`}>
            {count} active rates are priced in {currency.toUpperCase()}: checkout offers only the first{' '}
            {MAX_SHIPPING_OPTIONS} by position.
          </li>
        ))}
        {unpriced.map((currency) => (
          <li key={`unpriced-${currency}`}>
            No active rate has a price in {currency.toUpperCase()}: carts in {currency.toUpperCase()} are
            offered no shipping.
          </li>
        ))}
      </ul>
    </div>
  );
}
