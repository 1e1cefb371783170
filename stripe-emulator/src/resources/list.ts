import { resourceMissing } from '../domain/errors.js';
import { s, type RangeFilter } from '../http/params.js';
import type { StripeList } from '../objects/types.js';

/** Parameters every list endpoint takes. */
export const listFields = {
  limit: s.int({ min: 1, max: 100 }),
  starting_after: s.str(),
  ending_before: s.str(),
};

export interface PageParams {
  limit?: number | undefined;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
}

/**
 * Cursor pagination over items already in list order (newest first for most resources), the way Stripe pages:
 * `starting_after` → the page after that id, `ending_before` → the page before it.
 */
export function paginate<T extends { id: string }>(
  items: readonly T[],
  params: PageParams,
  url: string,
  objectName: string,
): StripeList<T> {
  const limit = params.limit ?? 10;
  if (params.starting_after !== undefined) {
    const index = items.findIndex((item) => item.id === params.starting_after);
    if (index === -1) throw resourceMissing(objectName, params.starting_after, 'starting_after');
    const data = items.slice(index + 1, index + 1 + limit);
    return { object: 'list', data, has_more: index + 1 + limit < items.length, url };
  }
  if (params.ending_before !== undefined) {
    const index = items.findIndex((item) => item.id === params.ending_before);
    if (index === -1) throw resourceMissing(objectName, params.ending_before, 'ending_before');
    const start = Math.max(0, index - limit);
    return { object: 'list', data: items.slice(start, index), has_more: start > 0, url };
  }
  return { object: 'list', data: items.slice(0, limit), has_more: items.length > limit, url };
}

/** Newest first, from a creation-ordered iterable. */
export function newestFirst<T>(items: Iterable<T>): T[] {
  return [...items].reverse();
}

export function inRange(value: number, range: RangeFilter): boolean {
  if (range.gt !== undefined && !(value > range.gt)) return false;
  if (range.gte !== undefined && !(value >= range.gte)) return false;
  if (range.lt !== undefined && !(value < range.lt)) return false;
  if (range.lte !== undefined && !(value <= range.lte)) return false;
  return true;
}
