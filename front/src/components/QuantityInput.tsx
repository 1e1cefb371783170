import { useId, useState } from 'react';
import { MAX_QUANTITY } from '@checkstand/contract';
import { MIN_QUANTITY, clampQuantity } from '../cart/cart';
import { MinusIcon, PlusIcon } from './Icons';

interface QuantityInputProps {
  value: number;
  onChange: (quantity: number) => void;
  label: string;
  /** Keep the label for assistive technology only (the cart's rows show it through their layout). */
  hideLabel?: boolean;
  decreaseLabel: string;
  increaseLabel: string;
  disabled?: boolean;
  /** The most that can be picked (what is available now); `MAX_QUANTITY` unless given. */
  max?: number;
}

/**
 * A labelled number field between − and + buttons. Typing commits at once when the text is a whole number
 * (clamped to 1..`max`, at most `MAX_QUANTITY`); while the field is empty or not a number, the text is kept as typed and the last good
 * quantity is restored when the field loses focus.
 */
export function QuantityInput({
  value,
  onChange,
  label,
  hideLabel = false,
  decreaseLabel,
  increaseLabel,
  disabled = false,
  max = MAX_QUANTITY,
}: QuantityInputProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);

  const commit = (quantity: number) => {
    setDraft(null);
    onChange(Math.max(MIN_QUANTITY, Math.min(upper, clampQuantity(quantity))));
  };

  const upper = Math.max(MIN_QUANTITY, Math.min(MAX_QUANTITY, max));
  const atMin = value <= MIN_QUANTITY;
  const atMax = value >= upper;

  return (
    <div className={`quantity${disabled ? ' quantity--disabled' : ''}`}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : 'quantity__label'}>
        {label}
      </label>
      <div className="quantity__control">
        {/* aria-disabled rather than disabled: a disabled button would drop keyboard focus mid-press. */}
        <button
          type="button"
          className="quantity__step"
          aria-label={decreaseLabel}
          aria-disabled={disabled || atMin}
          disabled={disabled}
          onClick={() => {
            if (!atMin) commit(value - 1);
          }}
        >
          <MinusIcon />
        </button>
        <input
          id={id}
          className="quantity__input"
          type="number"
          inputMode="numeric"
          min={MIN_QUANTITY}
          max={upper}
          step={1}
          disabled={disabled}
          value={draft ?? String(value)}
          onChange={(event) => {
            const text = event.target.value;
            const quantity = Number(text);
            if (text.trim() !== '' && Number.isInteger(quantity)) commit(quantity);
            else setDraft(text);
          }}
          onBlur={() => setDraft(null)}
        />
        <button
          type="button"
          className="quantity__step"
          aria-label={increaseLabel}
          aria-disabled={disabled || atMax}
          disabled={disabled}
          onClick={() => {
            if (!atMax) commit(value + 1);
          }}
        >
          <PlusIcon />
        </button>
      </div>
    </div>
  );
}
