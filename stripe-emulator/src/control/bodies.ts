import type { AuthenticationOutcome } from '../domain/authentication.js';
import type { PayInput } from '../domain/checkout-payments.js';
import type { CheckoutSelection } from '../domain/checkout-pricing.js';
import { invalidRequest } from '../domain/errors.js';
import type { Address } from '../objects/types.js';
import type { ChaosSettings } from '../webhooks/chaos.js';

/** The control API's JSON bodies, checked; a problem is a 400 naming the offending field. */

export function parseJsonBody(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidRequest('The request body must be JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalidRequest('The request body must be a JSON object.');
  return value as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`${key} must be a string`, key);
  return value;
}

function optionalNumber(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw invalidRequest(`${key} must be a number`, key);
  return value;
}

const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'postal_code', 'state', 'country'] as const;

function parseAddress(value: unknown, key: string): Address {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalidRequest(`${key} must be an object`, key);
  const input = value as Record<string, unknown>;
  const address: Address = {
    city: null,
    country: null,
    line1: null,
    line2: null,
    postal_code: null,
    state: null,
  };
  for (const field of ADDRESS_FIELDS) {
    const v = optionalString(input, field);
    if (v !== undefined) address[field] = field === 'country' ? v.toUpperCase() : v;
  }
  return address;
}

/**
 * What the customer would choose on the page: `shipping` `{ name, address }`, `shippingRate` (an id),
 * `promotionCode` (the code), `phone`, `address` (the billing address; its country is the tax location when no
 * shipping address is collected).
 */
function parseSelection(body: Record<string, unknown>): CheckoutSelection | undefined {
  const selection: CheckoutSelection = {};
  const shipping = body.shipping;
  if (shipping !== undefined && shipping !== null) {
    if (typeof shipping !== 'object' || Array.isArray(shipping))
      throw invalidRequest('shipping must be an object { name, address }', 'shipping');
    const input = shipping as Record<string, unknown>;
    selection.shipping = {
      name: optionalString(input, 'name') ?? '',
      address: parseAddress(input.address ?? {}, 'shipping.address'),
    };
  }
  if (body.address !== undefined && body.address !== null)
    selection.address = parseAddress(body.address, 'address');
  selection.shippingRate = optionalString(body, 'shippingRate');
  selection.promotionCode = optionalString(body, 'promotionCode');
  selection.phone = optionalString(body, 'phone');
  return Object.values(selection).some((v) => v !== undefined) ? selection : undefined;
}

/**
 * `'complete'` or `'fail'`: how the customer ends a 3-D Secure challenge (the buttons of the authentication
 * page). Optional in a pay body (absent: the payment waits in `requires_action`).
 */
export function parseAuthenticationOutcome(
  body: Record<string, unknown>,
  key: string,
  optional: true,
): AuthenticationOutcome | undefined;
export function parseAuthenticationOutcome(
  body: Record<string, unknown>,
  key: string,
  optional?: false,
): AuthenticationOutcome;
export function parseAuthenticationOutcome(
  body: Record<string, unknown>,
  key: string,
  optional = false,
): AuthenticationOutcome | undefined {
  const value = body[key];
  if ((value === undefined || value === null) && optional) return undefined;
  if (value !== 'complete' && value !== 'fail')
    throw invalidRequest(`${key} must be "complete" or "fail"`, key);
  return value;
}

/**
 * `{ card, exp_month?, exp_year?, cvc?, email?, name?, three_d_secure? }` or `{ method: 'sepa_debit', outcome, iban?,
 * settleAfterSeconds? }`, both with the optional selection above.
 */
export function parsePayBody(body: Record<string, unknown>): PayInput {
  const email = optionalString(body, 'email');
  const name = optionalString(body, 'name');
  const selection = parseSelection(body);
  const method = optionalString(body, 'method') ?? (body.card !== undefined ? 'card' : undefined);
  if (method === 'card') {
    const card = body.card;
    if (typeof card !== 'string' && typeof card !== 'number')
      throw invalidRequest('card must be a card number', 'card');
    const nextYear = new Date().getUTCFullYear() + 5;
    return {
      method: 'card',
      number: String(card),
      expMonth: optionalNumber(body, 'exp_month') ?? 12,
      expYear: optionalNumber(body, 'exp_year') ?? nextYear,
      cvc: optionalString(body, 'cvc') ?? (/^3[47]/.test(String(card)) ? '1234' : '123'),
      email,
      name,
      selection,
      threeDSecure: parseAuthenticationOutcome(body, 'three_d_secure', true),
    };
  }
  if (method === 'sepa_debit') {
    const outcome = body.outcome;
    if (outcome !== 'succeed_later' && outcome !== 'fail_later')
      throw invalidRequest('outcome must be "succeed_later" or "fail_later"', 'outcome');
    return {
      method: 'sepa_debit',
      outcome,
      iban: optionalString(body, 'iban'),
      email,
      name,
      settleAfterSeconds: optionalNumber(body, 'settleAfterSeconds'),
      selection,
    };
  }
  throw invalidRequest(
    'Pass { "card": "4242424242424242" } or { "method": "sepa_debit", "outcome": "succeed_later" }',
    'method',
  );
}

const RATES = ['duplicateRate', 'failRate', 'dropRate'] as const;
const DURATIONS = ['reorderWindowMs', 'delayMs', 'failFirstAttempts'] as const;

/** Validates a partial update; throws a 400 naming the offending field. */
export function parseChaosPatch(body: unknown): Partial<ChaosSettings> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw invalidRequest('Expected a JSON object');
  const input = body as Record<string, unknown>;
  const patch: Partial<ChaosSettings> = {};
  for (const key of Object.keys(input)) {
    const value = input[key];
    if ((RATES as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1))
        throw invalidRequest(`${key} must be a number between 0 and 1`, key);
      patch[key as (typeof RATES)[number]] = value;
    } else if ((DURATIONS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        throw invalidRequest(`${key} must be a non-negative number`, key);
      patch[key as (typeof DURATIONS)[number]] = key === 'failFirstAttempts' ? Math.floor(value) : value;
    } else if (key === 'dropSessions') {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        throw invalidRequest('dropSessions must be an array of Checkout Session ids', key);
      patch.dropSessions = value;
    } else if (key === 'seed') {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value >= 2 ** 32)
        throw invalidRequest('seed must be an integer between 0 and 4294967295', key);
      patch.seed = value;
    } else if (key === 'paused') {
      if (typeof value !== 'boolean') throw invalidRequest('paused must be a boolean', key);
      patch.paused = value;
    } else {
      throw invalidRequest(`Unknown chaos setting: ${key}`, key);
    }
  }
  return patch;
}
