import type { AdminPromotionCode, PromotionCodeInput } from '@checkstand/contract';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../../api/api-client';
import { createPromotionCode } from '../../admin-api';
import { minorToInput } from '../../money-input';
import { saveErrorMessage } from '../../shop-format';
import {
  CODE_MAX,
  DEFAULT_EXPIRY_TIME,
  emptyCodeForm,
  readCodeForm,
  type CodeFormErrors,
  type CodeFormState,
} from './promotion-code-form';
import { DialogFooter } from '../ModalDialog';
import { submitForm } from './submit-form';

function createErrorMessage(error: unknown, code: string): string {
  if (error instanceof ApiError && error.code === 'promotion_code_exists') {
    return `Stripe already has a code “${code.trim().toUpperCase()}” (codes are unique, active or not). Choose another code.`;
  }
  return saveErrorMessage(error);
}

interface PromotionCodeFormProps {
  titleId: string;
  /** The currencies amounts can be in (the catalog's), the first preselected. */
  currencies: readonly string[];
  onCreated: (code: AdminPromotionCode) => void;
  onCancel: () => void;
}

/**
 * "New promotion code": the code customers type, what it takes off (a percentage, or an amount in a currency),
 * and its optional limits: an expiry (UTC), a number of uses, a minimum order. Stripe creates and checks it.
 */
export function PromotionCodeForm({ titleId, currencies, onCreated, onCancel }: PromotionCodeFormProps) {
  const id = useId();
  const [form, setForm] = useState<CodeFormState>(() => emptyCodeForm(currencies[0] ?? 'usd'));
  const [errors, setErrors] = useState<CodeFormErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const mutation = useMutation({
    mutationKey: ['admin', 'promotion-code', 'create'],
    mutationFn: (input: PromotionCodeInput) => createPromotionCode(input),
    onSuccess: onCreated,
  });

  const change = (patch: Partial<CodeFormState>) => {
    setForm((current) => ({ ...current, ...patch }));
    mutation.reset();
  };

  const submit = (event: FormEvent) =>
    submitForm(event, {
      pending: mutation.isPending,
      read: () => readCodeForm(form),
      setErrors,
      form: formRef,
      send: (input) => mutation.mutate(input),
    });

  const describedBy = (key: keyof CodeFormState, hint?: string) =>
    [hint, errors[key] ? `${id}-${key}-error` : null].filter(Boolean).join(' ') || undefined;
  const input = (
    key: keyof CodeFormState,
    extra: { hint?: string; inputMode?: 'decimal' | 'numeric' } = {},
  ) => ({
    id: `${id}-${key}`,
    className: 'admin-input',
    autoComplete: 'off',
    value: form[key],
    inputMode: extra.inputMode,
    'aria-invalid': errors[key] ? true : undefined,
    'aria-describedby': describedBy(key, extra.hint),
    onChange: (event: { target: { value: string } }) => change({ [key]: event.target.value }),
  });
  const fieldError = (key: keyof CodeFormState) =>
    errors[key] && (
      <p id={`${id}-${key}-error`} className="admin-field__error">
        {errors[key]}
      </p>
    );
  const currencySelect = (key: 'amountCurrency' | 'minimumCurrency', label: string) => (
    <div className="admin-field">
      <label htmlFor={`${id}-${key}`} className="admin-field__label">
        {label}
      </label>
      <select
        id={`${id}-${key}`}
        className="admin-input admin-select"
        value={form[key]}
        onChange={(event) => change({ [key]: event.target.value })}
      >
        {(currencies.length > 0 ? currencies : ['usd']).map((currency) => (
          <option key={currency} value={currency}>
            {currency.toUpperCase()}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <form ref={formRef} className="admin-dialog__body admin-dialog__body--wide" noValidate onSubmit={submit}>
      <h2 id={titleId} className="admin-dialog__title">
        New promotion code
      </h2>

      <Field label="Code" htmlFor={`${id}-code`} error={fieldError('code')}>
        <input
          {...input('code', { hint: `${id}-code-hint` })}
          type="text"
          spellCheck={false}
          maxLength={CODE_MAX}
          placeholder="SUMMER10"
          className="admin-input admin-input--code"
        />
        <p id={`${id}-code-hint`} className="admin-field__hint">
          What customers type at checkout: letters, digits, “-” and “_”, 3–{CODE_MAX} characters. Saved in
          capitals.
        </p>
      </Field>

      <fieldset className="admin-fieldset">
        <legend className="admin-fieldset__legend">Discount</legend>
        <div className="admin-statuses__list">
          {(['percent', 'amount'] as const).map((kind) => (
            <label key={kind} className="admin-check">
              <input
                type="radio"
                name={`${id}-kind`}
                value={kind}
                checked={form.kind === kind}
                onChange={() => change({ kind })}
              />
              <span>{kind === 'percent' ? 'Percentage off' : 'Amount off'}</span>
            </label>
          ))}
        </div>
        {form.kind === 'percent' ? (
          <Field label="Percent off (%)" htmlFor={`${id}-percent`} error={fieldError('percent')}>
            <input
              {...input('percent', { inputMode: 'decimal' })}
              type="text"
              placeholder="10"
              className="admin-input admin-input--short"
            />
          </Field>
        ) : (
          <div className="admin-form__row">
            <Field label="Amount to take off" htmlFor={`${id}-amount`} error={fieldError('amount')}>
              <input
                {...input('amount', { inputMode: 'decimal' })}
                type="text"
                placeholder={minorToInput(500, form.amountCurrency)}
                className="admin-input admin-input--short"
              />
            </Field>
            {currencySelect('amountCurrency', 'Currency')}
          </div>
        )}
        <p className="admin-field__hint">Taken off once per order, before shipping and tax.</p>
      </fieldset>

      <fieldset className="admin-fieldset">
        <legend className="admin-fieldset__legend">
          Limits <span className="admin-muted">(optional)</span>
        </legend>
        <div className="admin-form__row">
          <Field label="Expires on (UTC)" htmlFor={`${id}-expiresDate`} error={fieldError('expiresDate')}>
            <input {...input('expiresDate')} type="date" />
          </Field>
          <Field label="At (UTC)" htmlFor={`${id}-expiresTime`}>
            <input
              {...input('expiresTime', { hint: `${id}-time-hint` })}
              type="time"
              aria-invalid={errors.expiresDate ? true : undefined}
            />
            <p id={`${id}-time-hint`} className="admin-field__hint">
              {DEFAULT_EXPIRY_TIME} if left empty.
            </p>
          </Field>
        </div>
        <Field
          label="Maximum uses, all customers together"
          htmlFor={`${id}-maxRedemptions`}
          error={fieldError('maxRedemptions')}
        >
          <input
            {...input('maxRedemptions', { inputMode: 'numeric' })}
            type="text"
            className="admin-input admin-input--short"
          />
        </Field>
        <div className="admin-form__row">
          <Field label="Minimum order amount" htmlFor={`${id}-minimum`} error={fieldError('minimum')}>
            <input
              {...input('minimum', { inputMode: 'decimal' })}
              type="text"
              placeholder={minorToInput(5000, form.minimumCurrency)}
              className="admin-input admin-input--short"
            />
          </Field>
          {currencySelect('minimumCurrency', 'Currency of the minimum')}
        </div>
      </fieldset>

      <DialogFooter
        error={
          mutation.isError && (
            <p className="form-error" data-testid="code-error">
              {createErrorMessage(mutation.error, form.code)}
            </p>
          )
        }
        onCancel={onCancel}
        label="Create code"
        pending={mutation.isPending}
      />
    </form>
  );
}

function Field({
  label,
  htmlFor,
  error,
  children,
}: {
  label: string;
  htmlFor: string;
  error?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="admin-field">
      <label htmlFor={htmlFor} className="admin-field__label">
        {label}
      </label>
      {children}
      {error}
    </div>
  );
}
