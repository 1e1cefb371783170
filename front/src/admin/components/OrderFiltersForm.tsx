import { ORDER_FLAGS, ORDER_STATUSES, type OrderStatus } from '@checkstand/contract';
import { useId, useState, type FormEvent } from 'react';
import { ADMIN_STATUS_LABELS, flagLabel } from '../admin-format';
import { NO_FILTERS, hasFilters, type OrderFilters, type ReadyFilter } from '../order-filters';

interface OrderFiltersFormProps {
  filters: OrderFilters;
  onChange: (filters: OrderFilters) => void;
}

/** The shipping filter's choices: every order, the ones to ship now, the paid ones something holds back. */
const READY_CHOICES: { value: ReadyFilter; label: string }[] = [
  { value: '', label: 'Any' },
  { value: 'true', label: 'Ready to ship' },
  { value: 'false', label: 'Paid but blocked' },
];

/**
 * Statuses, dates, shipping and flag apply as soon as they change; the search applies on Enter or "Search", so
 * typing does not fire a request (and a history entry) per key.
 */
export function OrderFiltersForm({ filters, onChange }: OrderFiltersFormProps) {
  const id = useId();
  const [draft, setDraft] = useState(filters.q);
  // Back/forward or "Clear filters" changed the URL: the box shows what is applied.
  const [appliedQ, setAppliedQ] = useState(filters.q);
  if (appliedQ !== filters.q) {
    setAppliedQ(filters.q);
    setDraft(filters.q);
  }

  const toggle = (status: OrderStatus, on: boolean) => {
    const statuses = on ? [...filters.statuses, status] : filters.statuses.filter((s) => s !== status);
    onChange({ ...filters, statuses });
  };
  const search = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...filters, q: draft.trim() });
  };

  return (
    <section className="admin-filters" aria-label="Filters">
      <form role="search" className="admin-search" onSubmit={search}>
        <label htmlFor={`${id}-q`} className="admin-field__label">
          Search orders
        </label>
        <div className="admin-search__row">
          <input
            id={`${id}-q`}
            className="admin-input"
            type="search"
            value={draft}
            placeholder="Order ID, session (cs_…), payment intent (pi_…) or email"
            aria-describedby={`${id}-q-hint`}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="admin-button admin-button--primary">
            Search
          </button>
        </div>
        <p id={`${id}-q-hint`} className="visually-hidden">
          An order ID, a Checkout Session ID, a payment intent ID, or the start of an email address.
        </p>
      </form>

      <fieldset className="admin-statuses">
        <legend className="admin-field__label">Status</legend>
        <div className="admin-statuses__list">
          {ORDER_STATUSES.map((status) => (
            <label key={status} className="admin-check">
              <input
                type="checkbox"
                checked={filters.statuses.includes(status)}
                onChange={(event) => toggle(status, event.target.checked)}
              />
              <span>{ADMIN_STATUS_LABELS[status]}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="admin-dates">
        <div className="admin-field">
          <label htmlFor={`${id}-from`} className="admin-field__label">
            From
          </label>
          <input
            id={`${id}-from`}
            className="admin-input"
            type="date"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(event) => onChange({ ...filters, from: event.target.value })}
          />
        </div>
        <div className="admin-field">
          <label htmlFor={`${id}-to`} className="admin-field__label">
            To
          </label>
          <input
            id={`${id}-to`}
            className="admin-input"
            type="date"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(event) => onChange({ ...filters, to: event.target.value })}
          />
        </div>
        {hasFilters(filters) && (
          <button
            type="button"
            className="admin-button admin-button--ghost"
            onClick={() => onChange(NO_FILTERS)}
          >
            Clear filters
          </button>
        )}
      </div>

      <div className="admin-ship-filters">
        <fieldset className="admin-statuses" aria-describedby={`${id}-ready-hint`}>
          <legend className="admin-field__label">Shipping</legend>
          <div className="admin-statuses__list">
            {READY_CHOICES.map((choice) => (
              <label key={choice.value || 'any'} className="admin-check">
                <input
                  type="radio"
                  name={`${id}-ready`}
                  value={choice.value}
                  checked={filters.ready === choice.value}
                  onChange={() => onChange({ ...filters, ready: choice.value })}
                />
                <span>{choice.label}</span>
              </label>
            ))}
          </div>
          <p id={`${id}-ready-hint`} className="admin-field__hint">
            Blocked: money received, but a dispute, a fraud warning, an extra payment, a mismatch or a full
            refund holds it back.
          </p>
        </fieldset>
        <div className="admin-field">
          <label htmlFor={`${id}-flag`} className="admin-field__label">
            Flag
          </label>
          <select
            id={`${id}-flag`}
            className="admin-input admin-select"
            value={filters.flag}
            onChange={(event) =>
              onChange({ ...filters, flag: ORDER_FLAGS.find((f) => f === event.target.value) ?? '' })
            }
          >
            <option value="">Any flag</option>
            {ORDER_FLAGS.map((flag) => (
              <option key={flag} value={flag}>
                {flagLabel(flag)}
              </option>
            ))}
          </select>
        </div>
      </div>
    </section>
  );
}
