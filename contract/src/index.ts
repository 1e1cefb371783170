/**
 * `@checkstand/contract`: the API as the server, the storefront, the e2e tests and the bench all see it. The
 * server validates requests and types its responses with these schemas; clients parse every reply with them,
 * so a drift between the two is an error where it happens, never a silent default.
 */
export * from './admin.js';
export * from './catalog.js';
export * from './checkout.js';
export * from './enums.js';
export * from './errors.js';
export * from './health.js';
export * from './limits.js';
export * from './orders.js';
export * from './primitives.js';
export * from './shop.js';
export * from './stock-mail.js';
export * from './webhook.js';
