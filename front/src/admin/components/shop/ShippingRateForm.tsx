import type { ShippingRate, ShippingRateInput } from '@checkstand/contract';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../../api/api-client';
import { createShippingRate, updateShippingRate } from '../../admin-api';
import { minorToInput } from '../../money-input';
import { saveErrorMessage } from '../../shop-format';
import {
  DAYS_MAX,
  NAME_MAX,
  POSITION_MAX,
  rateFormState,
  readCurrency,
  readRateForm,
  type PriceRow,
  type RateFormErrors,
} from './shipping-rate-form';
import { DialogFooter } from '../ModalDialog';
import { submitForm } from './submit-form';

interface ShippingRateFormProps {
  titleId: string;
  /** The rate edited, or null for a new one. */
  rate: ShippingRate | null;
  /** The catalog's currencies: a row each, to price the rate in. */
  currencies: readonly string[];
  /** Where a new rate goes (after the others). */
  nextPosition: number;
  onSaved: (rate: ShippingRate) => void;
  onCancel: () => void;
}

function rateSaveError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'shipping_rate_not_found') {
    return 'This rate doesn’t exist any more (it may have been removed elsewhere). Close this and reload the list.';
  }
  return saveErrorMessage(error);
}

/**
 * A shipping rate's form: its name, a price per currency (with the subtotal above which it is free), a delivery
 * estimate in business days, its position and whether it is offered. Amounts are typed as money in their
 * currency ("4.50") and sent in minor units (450).
 */
export function ShippingRateForm({
  titleId,
  rate,
  currencies,
  nextPosition,
  onSaved,
  onCancel,
}: ShippingRateFormProps) {
  const id = useId();
  const [form, setForm] = useState(() => rateFormState(rate, currencies, nextPosition));
  const [errors, setErrors] = useState<RateFormErrors>({});
  const [newCurrency, setNewCurrency] = useState('');
  const formRef = useRef<HTMLFormElement>(null);
  const mutation = useMutation({
    mutationKey: ['admin', 'shipping-rate', rate?.id ?? 'new'],
    mutationFn: (input: ShippingRateInput) =>
      rate ? updateShippingRate(rate.id, input) : createShippingRate(input),
    onSuccess: onSaved,
  });

  const patchPrice = (currency: string, patch: Partial<PriceRow>) => {
    setForm((current) => ({
      ...current,
      prices: current.prices.map((row) => (row.currency === currency ? { ...row, ...patch } : row)),
    }));
    mutation.reset();
  };

  const addCurrency = () => {
    const read = readCurrency(
      newCurrency,
      form.prices.map((row) => row.currency),
    );
    if (!read.ok) {
      setErrors((current) => ({ ...current, currency: read.message }));
      return;
    }
    setForm((current) => ({
      ...current,
      prices: [...current.prices, { currency: read.currency, amount: '', freeAbove: '' }],
    }));
    setNewCurrency('');
    setErrors(({ currency: _, ...rest }) => rest);
  };

  const submit = (event: FormEvent) =>
    submitForm(event, {
      pending: mutation.isPending,
      read: () => readRateForm(form),
      setErrors,
      form: formRef,
      send: (input) => mutation.mutate(input),
    });

  const describe = (key: string, hint?: string) =>
    [hint, errors[key] ? `${id}-${key}-error` : null].filter(Boolean).join(' ') || undefined;
  const fieldError = (key: string) =>
    errors[key] && (
      <p id={`${id}-${key}-error`} className="admin-field__error">
        {errors[key]}
      </p>
    );

  return (
    <form ref={formRef} className="admin-dialog__body admin-dialog__body--wide" noValidate onSubmit={submit}>
      <h2 id={titleId} className="admin-dialog__title">
        {rate ? `Edit “${rate.name}”` : 'Add a shipping rate'}
      </h2>

      <div className="admin-field">
        <label htmlFor={`${id}-name`} className="admin-field__label">
          Name, as customers see it at checkout
        </label>
        <input
          id={`${id}-name`}
          className="admin-input"
          type="text"
          autoComplete="off"
          placeholder="Standard shipping"
          maxLength={NAME_MAX}
          value={form.name}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describe('name')}
          onChange={(event) => setForm({ ...form, name: event.target.value })}
        />
        {fieldError('name')}
      </div>

      <fieldset className="admin-fieldset" aria-describedby={`${id}-prices-hint`}>
        <legend className="admin-fieldset__legend">Prices</legend>
        <p id={`${id}-prices-hint`} className="admin-field__hint">
          A cart is offered this rate only if it has a price in the cart’s currency. Leave a currency empty
          not to offer it there. “Free above” makes it free once the cart’s subtotal reaches that amount.
        </p>
        {fieldError('prices')}
        <div className="admin-price-rows">
          {form.prices.map((row) => {
            const code = row.currency.toUpperCase();
            return (
              <div key={row.currency} className="admin-price-row" data-currency={row.currency}>
                <div className="admin-field">
                  <label htmlFor={`${id}-amount-${row.currency}`} className="admin-field__label">
                    Price in {code}
                  </label>
                  <input
                    id={`${id}-amount-${row.currency}`}
                    className="admin-input"
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    placeholder={minorToInput(450, row.currency)}
                    value={row.amount}
                    aria-invalid={errors[`amount-${row.currency}`] ? true : undefined}
                    aria-describedby={describe(`amount-${row.currency}`)}
                    onChange={(event) => patchPrice(row.currency, { amount: event.target.value })}
                  />
                  {fieldError(`amount-${row.currency}`)}
                </div>
                <div className="admin-field">
                  <label htmlFor={`${id}-free-${row.currency}`} className="admin-field__label">
                    Free above, in {code} <span className="admin-muted">(optional)</span>
                  </label>
                  <input
                    id={`${id}-free-${row.currency}`}
                    className="admin-input"
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    value={row.freeAbove}
                    aria-invalid={errors[`free-${row.currency}`] ? true : undefined}
                    aria-describedby={describe(`free-${row.currency}`)}
                    onChange={(event) => patchPrice(row.currency, { freeAbove: event.target.value })}
                  />
                  {fieldError(`free-${row.currency}`)}
                </div>
              </div>
            );
          })}
        </div>
        <div className="admin-field">
          <label htmlFor={`${id}-currency`} className="admin-field__label">
            Another currency
          </label>
          <div className="admin-search__row">
            <input
              id={`${id}-currency`}
              className="admin-input admin-input--short"
              type="text"
              autoComplete="off"
              placeholder="EUR"
              maxLength={3}
              value={newCurrency}
              aria-invalid={errors.currency ? true : undefined}
              aria-describedby={describe('currency')}
              onChange={(event) => setNewCurrency(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  addCurrency();
                }
              }}
            />
            <button type="button" className="admin-button admin-button--secondary" onClick={addCurrency}>
              Add currency
            </button>
          </div>
          {fieldError('currency')}
        </div>
      </fieldset>

      <fieldset className="admin-fieldset" aria-describedby={`${id}-days-hint`}>
        <legend className="admin-fieldset__legend">
          Delivery estimate <span className="admin-muted">(optional)</span>
        </legend>
        <p id={`${id}-days-hint`} className="admin-field__hint">
          In business days (1–{DAYS_MAX}), shown at checkout: e.g. 2 to 4.
        </p>
        <div className="admin-form__row">
          {(['minDays', 'maxDays'] as const).map((key) => (
            <div key={key} className="admin-field">
              <label htmlFor={`${id}-${key}`} className="admin-field__label">
                {key === 'minDays' ? 'Fewest days' : 'Most days'}
              </label>
              <input
                id={`${id}-${key}`}
                className="admin-input admin-input--short"
                type="text"
                inputMode="numeric"
                autoComplete="off"
                maxLength={3}
                value={form[key]}
                aria-invalid={errors.days ? true : undefined}
                aria-describedby={describe('days')}
                onChange={(event) => setForm({ ...form, [key]: event.target.value })}
              />
            </div>
          ))}
        </div>
        {fieldError('days')}
      </fieldset>

      <div className="admin-form__row">
        <div className="admin-field">
          <label htmlFor={`${id}-position`} className="admin-field__label">
            Position
          </label>
          <input
            id={`${id}-position`}
            className="admin-input admin-input--short"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={form.position}
            aria-invalid={errors.position ? true : undefined}
            aria-describedby={describe('position', `${id}-position-hint`)}
            onChange={(event) => setForm({ ...form, position: event.target.value })}
          />
          <p id={`${id}-position-hint`} className="admin-field__hint">
            Lowest first at checkout (0–{POSITION_MAX}); the first is preselected.
          </p>
          {fieldError('position')}
        </div>
        <label className="admin-choice admin-choice--inline">
          <input
            type="checkbox"
            checked={form.active}
            onChange={(event) => setForm({ ...form, active: event.target.checked })}
          />
          <span className="admin-choice__label">Offer it at checkout (active)</span>
        </label>
      </div>

      <DialogFooter
        error={mutation.isError && <p className="form-error">{rateSaveError(mutation.error)}</p>}
        onCancel={onCancel}
        label={rate ? 'Save rate' : 'Add rate'}
        pending={mutation.isPending}
      />
    </form>
  );
}
