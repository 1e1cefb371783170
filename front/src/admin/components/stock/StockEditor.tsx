import type { AdminProduct } from '@checkstand/contract';
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../../api/api-client';
import { updateStock } from '../../admin-api';
import { saveErrorMessage } from '../../shop-format';
import { readStock, stockText } from './stock-input';

function stockSaveError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'product_not_found') {
    return 'This product doesn’t exist any more. Reload the list.';
  }
  return saveErrorMessage(error);
}

/**
 * A product's units on hand, edited in its row: a whole number, or "Unlimited". Checked before sending (the
 * message sits under the field, which is marked invalid); the server's refusal is shown the same way.
 */
export function StockEditor({
  product,
  onSaved,
}: {
  product: AdminProduct;
  onSaved: (product: AdminProduct) => void;
}) {
  const id = useId();
  const [text, setText] = useState(() => stockText(product.stock));
  const [unlimited, setUnlimited] = useState(product.stock === null);
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationKey: ['admin', 'product-stock', product.id],
    mutationFn: (stock: number | null) => updateStock(product.id, { stock }),
    onSuccess: (saved) => {
      setText(stockText(saved.stock));
      setUnlimited(saved.stock === null);
      onSaved(saved);
    },
    onError: (failure) => setError(stockSaveError(failure)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mutation.isPending) return;
    const read = readStock(text, unlimited);
    if (!read.ok) {
      setError(read.message);
      document.getElementById(`${id}-stock`)?.focus();
      return;
    }
    setError(null);
    mutation.mutate(read.update.stock);
  };

  const errorId = `${id}-error`;
  return (
    <form className="admin-stock-editor" noValidate onSubmit={submit} data-testid="stock-editor">
      <div className="admin-stock-editor__row">
        <label htmlFor={`${id}-stock`} className="visually-hidden">
          Stock of {product.title}
        </label>
        <input
          id={`${id}-stock`}
          className="admin-input admin-input--stock"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder={unlimited ? 'Unlimited' : '0'}
          value={unlimited ? '' : text}
          disabled={unlimited}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            setText(event.target.value);
            setError(null);
          }}
        />
        <label className="admin-stock-editor__check">
          <input
            type="checkbox"
            checked={unlimited}
            onChange={(event) => {
              setUnlimited(event.target.checked);
              setError(null);
            }}
          />
          Unlimited <span className="visually-hidden">stock of {product.title}</span>
        </label>
        <button
          type="submit"
          className="admin-button admin-button--secondary admin-button--small"
          aria-disabled={mutation.isPending}
        >
          {mutation.isPending && <span className="spinner" aria-hidden="true" />}
          Save <span className="visually-hidden">stock of {product.title}</span>
        </button>
      </div>
      {error && (
        <p id={errorId} className="admin-field__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
