/** Injection tokens for values that are not classes. */
export const CONFIG = Symbol('CONFIG');
export const DATABASE = Symbol('DATABASE');
export const LOGGER = Symbol('LOGGER');
export const METRICS = Symbol('METRICS');
