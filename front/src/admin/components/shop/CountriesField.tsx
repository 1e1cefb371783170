import { useId, useState, type KeyboardEvent } from 'react';
import { STRIPE_SHIPPING_COUNTRIES, byCountryName, countryName, lookUpCountry } from '../../../lib/countries';

/** Stripe accepts up to this many countries in one Checkout Session (the contract's bound too). */
const MAX_COUNTRIES = 200;

/**
 * The countries the shop ships to: each by its name and code with a "Remove" button, and a field that adds one
 * by its name or code (suggestions from Stripe's list). Only countries Stripe Checkout ships to are accepted.
 */
export function CountriesField({
  countries,
  onChange,
}: {
  countries: readonly string[];
  onChange: (countries: string[]) => void;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const chosen = new Set(countries);

  const add = () => {
    const found = lookUpCountry(text);
    if (!found.ok) {
      setError(found.message);
      return;
    }
    if (chosen.has(found.code)) {
      setError(`${countryName(found.code)} is already in the list.`);
      return;
    }
    if (countries.length >= MAX_COUNTRIES) {
      setError(`Stripe takes at most ${MAX_COUNTRIES} countries.`);
      return;
    }
    onChange(byCountryName([...countries, found.code]));
    setText('');
    setError(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter adds the country rather than submitting the whole form.
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    }
  };

  return (
    <fieldset className="admin-fieldset" aria-describedby={`${id}-hint`}>
      <legend className="admin-fieldset__legend">Shipping countries</legend>
      <p id={`${id}-hint`} className="admin-field__hint">
        Checkout asks for a shipping address in one of these countries (a cart of digital products only asks
        for none). Leave the list empty if the shop ships nothing.
      </p>
      {countries.length === 0 ? (
        <p className="admin-muted" data-testid="no-countries">
          No shipping countries: checkout won’t ask for an address.
        </p>
      ) : (
        <ul
          className="admin-chips"
          role="list"
          aria-label="Countries the shop ships to"
          data-testid="countries"
        >
          {countries.map((code) => (
            <li key={code} className="admin-chip" data-country={code}>
              <span>{countryName(code)}</span> <code className="admin-chip__code">{code}</code>{' '}
              <button
                type="button"
                className="admin-chip__remove"
                onClick={() => onChange(countries.filter((c) => c !== code))}
              >
                Remove <span className="visually-hidden">{countryName(code)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="admin-field">
        <label htmlFor={`${id}-add`} className="admin-field__label">
          Add a country
        </label>
        <div className="admin-search__row">
          <input
            id={`${id}-add`}
            className="admin-input"
            type="text"
            list={`${id}-suggestions`}
            autoComplete="off"
            placeholder="Germany or DE"
            value={text}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(event) => {
              setText(event.target.value);
              if (error) setError(null);
            }}
            onKeyDown={onKeyDown}
          />
          <button type="button" className="admin-button admin-button--secondary" onClick={add}>
            Add country
          </button>
        </div>
        <datalist id={`${id}-suggestions`}>
          {STRIPE_SHIPPING_COUNTRIES.filter((code) => !chosen.has(code)).map((code) => (
            <option key={code} value={`${countryName(code)} (${code})`} />
          ))}
        </datalist>
        {error && (
          <p id={`${id}-error`} className="admin-field__error" role="alert">
            {error}
          </p>
        )}
      </div>
    </fieldset>
  );
}
