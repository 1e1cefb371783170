import type { StoreSettings, StoreSettingsInput, TaxMode } from '@checkstand/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ErrorState } from '../../components/ErrorState';
import { byCountryName } from '../../lib/countries';
import { adminKeys, fetchSettings, saveSettings } from '../admin-api';
import { CountriesField } from '../components/shop/CountriesField';
import { basisPointsToInput, checkPercent } from '../percent-input';
import { saveErrorMessage } from '../shop-format';

/** The contract's bound on the fixed rate's name (`FixedTaxRate`). */
const TAX_NAME_MAX = 50;

/** `/admin/settings`: where the shop ships and how it charges tax. */
export function AdminSettingsPage() {
  const query = useQuery({ queryKey: adminKeys.settings, queryFn: ({ signal }) => fetchSettings(signal) });
  return (
    <div className="admin-container admin-page">
      <title>Settings · Checkstand admin</title>
      <div className="admin-page__head">
        <h1 className="admin-page__title" tabIndex={-1}>
          Settings
        </h1>
      </div>
      <p className="admin-page__intro">
        Where the shop ships and how it charges tax. Checkout uses them from the next session on; orders
        already paid keep what they were charged.
      </p>
      {query.isPending ? (
        <p className="admin-muted" aria-busy="true">
          Loading the settings…
        </p>
      ) : query.isError ? (
        <ErrorState
          title="We couldn’t load the settings"
          error={query.error}
          retrying={query.isFetching}
          onRetry={() => void query.refetch()}
        />
      ) : (
        <SettingsForm settings={query.data} />
      )}
    </div>
  );
}

interface FormState {
  countries: string[];
  taxMode: TaxMode;
  pricesIncludeTax: boolean;
  taxName: string;
  taxRate: string;
}

function formStateOf(settings: StoreSettings): FormState {
  return {
    countries: byCountryName(settings.shippingCountries),
    taxMode: settings.taxMode,
    pricesIncludeTax: settings.pricesIncludeTax,
    taxName: settings.fixedTaxRate?.displayName ?? '',
    taxRate: settings.fixedTaxRate ? basisPointsToInput(settings.fixedTaxRate.basisPoints) : '',
  };
}

type FieldErrors = { taxName?: string; taxRate?: string };

/**
 * The settings as the form says them, or what is wrong. A fixed rate needs its name and percentage; with
 * automatic tax, a fixed rate still filled in correctly is kept for later (and one that is not is dropped).
 */
function settingsOf(
  form: FormState,
): { ok: true; input: StoreSettingsInput } | { ok: false; errors: FieldErrors } {
  const name = form.taxName.trim();
  const rate = checkPercent(form.taxRate);
  const errors: FieldErrors = {};
  if (form.taxMode === 'fixed') {
    if (!name) errors.taxName = 'Give the tax a name customers know, e.g. VAT.';
    else if (name.length > TAX_NAME_MAX) errors.taxName = `Use at most ${TAX_NAME_MAX} characters.`;
    if (!rate.ok) errors.taxRate = rate.message;
    if (errors.taxName || errors.taxRate) return { ok: false, errors };
  }
  const fixedTaxRate =
    name && name.length <= TAX_NAME_MAX && rate.ok
      ? { displayName: name, basisPoints: rate.basisPoints }
      : null;
  return {
    ok: true,
    input: {
      shippingCountries: [...form.countries].sort(),
      taxMode: form.taxMode,
      pricesIncludeTax: form.pricesIncludeTax,
      fixedTaxRate,
    },
  };
}

function SettingsForm({ settings }: { settings: StoreSettings }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(() => formStateOf(settings));
  const [saved, setSaved] = useState(() => formStateOf(settings));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const rateRef = useRef<HTMLInputElement>(null);

  const mutation = useMutation({
    mutationKey: ['admin', 'settings', 'save'],
    mutationFn: saveSettings,
    onSuccess: (next) => {
      queryClient.setQueryData(adminKeys.settings, next);
      setForm(formStateOf(next));
      setSaved(formStateOf(next));
      setMessage('Settings saved. Checkout uses them from now on.');
    },
  });

  const change = (patch: Partial<FormState>) => {
    setForm((current) => ({ ...current, ...patch }));
    setMessage(null);
  };
  const dirty = JSON.stringify(form) !== JSON.stringify(saved);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mutation.isPending) return;
    const result = settingsOf(form);
    if (!result.ok) {
      setErrors(result.errors);
      (result.errors.taxName ? nameRef : rateRef).current?.focus();
      return;
    }
    setErrors({});
    setMessage(null);
    mutation.mutate(result.input);
  };

  return (
    <form className="admin-form admin-settings" noValidate onSubmit={submit} aria-label="Store settings">
      <section className="admin-card">
        <CountriesField countries={form.countries} onChange={(countries) => change({ countries })} />
      </section>

      <section className="admin-card">
        <fieldset className="admin-fieldset">
          <legend className="admin-fieldset__legend">Tax</legend>
          <div className="admin-choices">
            <label className="admin-choice">
              <input
                type="radio"
                name={`${id}-tax-mode`}
                value="automatic"
                checked={form.taxMode === 'automatic'}
                aria-describedby={`${id}-automatic-hint`}
                onChange={() => change({ taxMode: 'automatic' })}
              />
              <span>
                <span className="admin-choice__label">Automatic (Stripe Tax)</span>
                <span id={`${id}-automatic-hint`} className="admin-field__hint">
                  Stripe works out the tax from the customer’s address and each product’s tax code. Turn on
                  Stripe Tax and add your tax registrations in the Stripe Dashboard first.
                </span>
              </span>
            </label>
            <label className="admin-choice">
              <input
                type="radio"
                name={`${id}-tax-mode`}
                value="fixed"
                checked={form.taxMode === 'fixed'}
                aria-describedby={`${id}-fixed-hint`}
                onChange={() => change({ taxMode: 'fixed' })}
              />
              <span>
                <span className="admin-choice__label">Fixed rate</span>
                <span id={`${id}-fixed-hint`} className="admin-field__hint">
                  One rate on every item, whatever the customer’s address.
                </span>
              </span>
            </label>
          </div>

          {form.taxMode === 'fixed' && (
            <div className="admin-form__row">
              <div className="admin-field">
                <label htmlFor={`${id}-tax-name`} className="admin-field__label">
                  Tax name, as customers see it
                </label>
                <input
                  ref={nameRef}
                  id={`${id}-tax-name`}
                  className="admin-input"
                  type="text"
                  autoComplete="off"
                  placeholder="VAT"
                  maxLength={TAX_NAME_MAX}
                  value={form.taxName}
                  aria-invalid={errors.taxName ? true : undefined}
                  aria-describedby={errors.taxName ? `${id}-tax-name-error` : undefined}
                  onChange={(event) => change({ taxName: event.target.value })}
                />
                {errors.taxName && (
                  <p id={`${id}-tax-name-error`} className="admin-field__error" role="alert">
                    {errors.taxName}
                  </p>
                )}
              </div>
              <div className="admin-field">
                <label htmlFor={`${id}-tax-rate`} className="admin-field__label">
                  Rate (%)
                </label>
                <input
                  ref={rateRef}
                  id={`${id}-tax-rate`}
                  className="admin-input admin-input--short"
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  placeholder="19"
                  value={form.taxRate}
                  aria-invalid={errors.taxRate ? true : undefined}
                  aria-describedby={`${id}-tax-rate-hint${errors.taxRate ? ` ${id}-tax-rate-error` : ''}`}
                  onChange={(event) => change({ taxRate: event.target.value })}
                />
                <p id={`${id}-tax-rate-hint`} className="admin-field__hint">
                  Up to 2 decimals: 19, 7.5, 8.25.
                </p>
                {errors.taxRate && (
                  <p id={`${id}-tax-rate-error`} className="admin-field__error" role="alert">
                    {errors.taxRate}
                  </p>
                )}
              </div>
            </div>
          )}

          <label className="admin-choice">
            <input
              type="checkbox"
              checked={form.pricesIncludeTax}
              aria-describedby={`${id}-inclusive-hint`}
              onChange={(event) => change({ pricesIncludeTax: event.target.checked })}
            />
            <span>
              <span className="admin-choice__label">Catalog prices include tax</span>
              <span id={`${id}-inclusive-hint`} className="admin-field__hint">
                The shop says “Prices include tax” and tax is taken out of each price rather than added at
                checkout. Otherwise it says “Tax calculated at checkout”.
              </span>
            </span>
          </label>
        </fieldset>
      </section>

      <div role="alert" className="admin-form__alert">
        {mutation.isError && <p className="form-error">{saveErrorMessage(mutation.error)}</p>}
      </div>
      <div className="admin-form__actions">
        <button
          type="submit"
          className="admin-button admin-button--primary"
          aria-disabled={mutation.isPending}
        >
          {mutation.isPending && <span className="spinner" aria-hidden="true" />}
          Save settings
        </button>
        <p role="status" className="admin-form__status">
          {message ?? (dirty ? 'Unsaved changes.' : '')}
        </p>
      </div>
    </form>
  );
}
