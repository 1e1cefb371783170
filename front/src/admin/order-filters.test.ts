import { describe, expect, it } from 'vitest';
import {
  NO_FILTERS,
  apiQueryFromFilters,
  filtersFromSearch,
  hasFilters,
  searchFromFilters,
} from './order-filters';

describe('order list filters', () => {
  it('round-trip through the URL in a stable order', () => {
    const filters = filtersFromSearch(
      new URLSearchParams('status=refunded,paid,bogus&from=2026-11-01&to=2026-13-40&q=%20ana%40x.com%20'),
    );
    expect(filters).toEqual({
      statuses: ['paid', 'refunded'],
      from: '2026-11-01',
      to: '',
      q: 'ana@x.com',
      ready: '',
      flag: '',
    });
    expect(searchFromFilters(filters).toString()).toBe(
      'status=paid%2Crefunded&from=2026-11-01&q=ana%40x.com',
    );
    expect(searchFromFilters({ ...NO_FILTERS, q: '  ' }).toString()).toBe('');
  });

  it('turn days into the instants where they start and end in the admin’s time zone', () => {
    const query = apiQueryFromFilters({
      ...NO_FILTERS,
      statuses: ['failed'],
      from: '2026-02-28',
      to: '2026-02-28',
    });
    expect(query).toEqual({
      status: 'failed',
      from: new Date(2026, 1, 28).toISOString(),
      to: new Date(2026, 2, 1).toISOString(),
    });
  });

  it('carry “ready to ship”, “paid but blocked” and a flag to the URL and the API, and drop unknown values', () => {
    const ready = filtersFromSearch(new URLSearchParams('ready=true&flag=dispute_open'));
    expect(ready).toEqual({ ...NO_FILTERS, ready: 'true', flag: 'dispute_open' });
    expect(hasFilters(ready)).toBe(true);
    expect(searchFromFilters(ready).toString()).toBe('ready=true&flag=dispute_open');
    expect(apiQueryFromFilters(ready)).toEqual({ ready: 'true', flag: 'dispute_open' });

    const blocked = filtersFromSearch(new URLSearchParams('status=paid&ready=false&flag=fraud_warning'));
    expect(apiQueryFromFilters(blocked)).toEqual({ status: 'paid', ready: 'false', flag: 'fraud_warning' });

    const bogus = filtersFromSearch(new URLSearchParams('ready=yes&flag=stolen'));
    expect(bogus).toEqual(NO_FILTERS);
    expect(hasFilters(bogus)).toBe(false);
  });
});
