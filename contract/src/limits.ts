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
