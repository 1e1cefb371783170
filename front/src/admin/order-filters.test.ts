import { describe, expect, it } from 'vitest';
import { apiQueryFromFilters, filtersFromSearch, searchFromFilters } from './order-filters';

describe('order list filters', () => {
  it('round-trip through the URL in a stable order', () => {
    const filters = filtersFromSearch(
      new URLSearchParams('status=refunded,paid,bogus&from=2026-11-01&to=2026-13-40&q=%20ana%40x.com%20'),
    );
    expect(filters).toEqual({ statuses: ['paid', 'refunded'], from: '2026-11-01', to: '', q: 'ana@x.com' });
    expect(searchFromFilters(filters).toString()).toBe(
      'status=paid%2Crefunded&from=2026-11-01&q=ana%40x.com',
    );
    expect(searchFromFilters({ statuses: [], from: '', to: '', q: '  ' }).toString()).toBe('');
  });

  it('turn days into the instants where they start and end in the admin’s time zone', () => {
    const query = apiQueryFromFilters({ statuses: ['failed'], from: '2026-02-28', to: '2026-02-28', q: '' });
    expect(query).toEqual({
      status: 'failed',
      from: new Date(2026, 1, 28).toISOString(),
      to: new Date(2026, 2, 1).toISOString(),
    });
  });
});
