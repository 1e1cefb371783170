import { z } from 'zod';

/** Money is an integer number of minor units (cents), next to its ISO currency in lower case. */
export const MinorUnits = z.int().nonnegative();
export const Currency = z.string().regex(/^[a-z]{3}$/, 'a lower-case ISO 4217 code');
/** Instants travel as ISO 8601 strings in UTC (`2026-12-01T12:00:00.000Z`). */
export const Instant = z.iso.datetime();
/** Ids are opaque strings; only their prefix is meaningful to a reader (`ord_…`, `cs_…`, `pi_…`). */
export const OrderId = z.string().regex(/^ord_[0-9A-Za-z]{10,40}$/);
export const ProductId = z.string().min(1).max(100);
