import {
  ORDER_FLAGS,
  ORDER_STATUSES,
  type AdminOrdersQuery,
  type OrderFlag,
  type OrderStatus,
} from '@checkstand/contract';

/**
 * The order list's filters live in the page's URL (`?status=paid,failed&from=2026-11-01&to=2026-11-30&q=…`,
 * `&ready=true` for the orders ready to ship, `&ready=false` for the paid ones something blocks, `&flag=…`), so
 * a reload, the back button or a shared link shows the same list. Dates are calendar days in the browser's time
 * zone, like the times in the list; the API gets the instants where those days start and end.
 */
export interface OrderFilters {
  statuses: OrderStatus[];
  /** `YYYY-MM-DD` or ''. */
  from: string;
  /** `YYYY-MM-DD` (inclusive) or ''. */
  to: string;
  q: string;
  /** 'true': ready to ship; 'false': paid but blocked; '': either. */
  ready: ReadyFilter;
  /** Only orders carrying this flag, or ''. */
  flag: OrderFlag | '';
}

export type ReadyFilter = '' | 'true' | 'false';

export const NO_FILTERS: OrderFilters = { statuses: [], from: '', to: '', q: '', ready: '', flag: '' };

function readyOf(value: string | null): ReadyFilter {
  return value === 'true' || value === 'false' ? value : '';
}

function flagOf(value: string | null): OrderFlag | '' {
  return ORDER_FLAGS.find((flag) => flag === value) ?? '';
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDay(value: string | null): string {
  if (!value) return '';
  const match = DAY.exec(value);
  if (!match) return '';
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(y, m - 1, d);
  return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d ? value : '';
}

/** Reads the filters from the URL, dropping what is not valid (an unknown status or flag, a malformed date). */
export function filtersFromSearch(search: URLSearchParams): OrderFilters {
  const wanted = new Set(
    (search.get('status') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  return {
    statuses: ORDER_STATUSES.filter((s) => wanted.has(s)),
    from: validDay(search.get('from')),
    to: validDay(search.get('to')),
    q: (search.get('q') ?? '').trim(),
    ready: readyOf(search.get('ready')),
    flag: flagOf(search.get('flag')),
  };
}

/** The URL's query for the filters, in a stable order (statuses as the API lists them). */
export function searchFromFilters(filters: OrderFilters): URLSearchParams {
  const search = new URLSearchParams();
  const statuses = ORDER_STATUSES.filter((s) => filters.statuses.includes(s));
  if (statuses.length) search.set('status', statuses.join(','));
  if (filters.from) search.set('from', filters.from);
  if (filters.to) search.set('to', filters.to);
  if (filters.q.trim()) search.set('q', filters.q.trim());
  if (filters.ready) search.set('ready', filters.ready);
  if (filters.flag) search.set('flag', filters.flag);
  return search;
}

export function hasFilters(filters: OrderFilters): boolean {
  return (
    filters.statuses.length > 0 ||
    Boolean(filters.from || filters.to || filters.q || filters.ready || filters.flag)
  );
}

/** Local midnight at the start of `day` (`YYYY-MM-DD`), `plusDays` later, as an ISO instant. */
function localDayStart(day: string, plusDays = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** The filters as the API reads them: `to` is inclusive here, so it becomes the start of the next day. */
export function apiQueryFromFilters(filters: OrderFilters): AdminOrdersQuery {
  const query: AdminOrdersQuery = {};
  const statuses = ORDER_STATUSES.filter((s) => filters.statuses.includes(s));
  if (statuses.length) query.status = statuses.join(',');
  if (filters.from) query.from = localDayStart(filters.from);
  if (filters.to) query.to = localDayStart(filters.to, 1);
  if (filters.q.trim()) query.q = filters.q.trim();
  if (filters.ready) query.ready = filters.ready;
  if (filters.flag) query.flag = filters.flag;
  return query;
}
