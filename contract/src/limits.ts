/** Limits the server enforces and the storefront respects, in one place. */

/** Distinct products in one cart. */
export const MAX_CART_LINES = 50;
/** Units of one product in one order. */
export const MAX_QUANTITY = 99;
/** Orders per page of the admin's list. */
export const ADMIN_PAGE_SIZE_DEFAULT = 25;
export const ADMIN_PAGE_SIZE_MAX = 100;
/** Rows of the CSV export. */
export const ADMIN_EXPORT_MAX_ROWS = 100_000;
/** How often the server reads a waiting session back from Stripe on behalf of polling pages. */
export const SESSION_SYNC_INTERVAL_SECONDS = 5;

/** The storefront says "only N left" at or below this many available units. */
export const LOW_STOCK_THRESHOLD = 5;
/** Units of stock-limited products one checkout may hold while its customer pays. */
export const MAX_HELD_UNITS_PER_CHECKOUT = 10;
/** Units of stock-limited products one client (one address) may hold at once, over all its open checkouts. */
export const MAX_HELD_UNITS_PER_CLIENT = 20;
/**
 * A checkout holding stock-limited units lives this long (Stripe's minimum session lifetime), instead of the
 * store's default: a hold that is never paid ends as soon as Stripe allows.
 */
export const SCARCE_SESSION_MINUTES = 30;
