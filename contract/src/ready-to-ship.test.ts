import { describe, expect, it } from 'vitest';
import {
  BLOCKING_FLAGS,
  FULFILMENT_STATUSES,
  ORDER_FLAGS,
  ORDER_STATUSES,
  type FulfilmentStatus,
  type OrderStatus,
  notReadyBecause,
} from './enums.js';
import { FulfilmentRequest } from './admin.js';
import { HANDLED_STRIPE_EVENT_TYPES } from './enums.js';

describe('ready to ship', () => {
  const order = (
    status: OrderStatus,
    flags: string[] = [],
    fulfilmentStatus: FulfilmentStatus = 'unfulfilled',
  ) => ({
    status,
    flags,
    fulfilmentStatus,
  });

  it('is ready only when paid (or partly refunded), unshipped, and nothing blocks it', () => {
    for (const status of ORDER_STATUSES) {
      for (const fulfilment of FULFILMENT_STATUSES) {
        const ready = notReadyBecause(order(status, [], fulfilment)).length === 0;
        expect(ready).toBe(['paid', 'partially_refunded'].includes(status) && fulfilment === 'unfulfilled');
      }
    }
  });

  it('names every reason, each blocking flag on its own', () => {
    expect(notReadyBecause(order('payment_mismatch'))).toEqual(['payment_mismatch']);
    expect(notReadyBecause(order('refunded'))).toEqual(['refunded_in_full']);
    expect(notReadyBecause(order('pending'))).toEqual(['not_paid']);
    for (const flag of BLOCKING_FLAGS) expect(notReadyBecause(order('paid', [flag]))).toEqual([flag]);
    expect(notReadyBecause(order('paid', [...ORDER_FLAGS], 'fulfilled'))).toEqual([
      ...BLOCKING_FLAGS,
      'already_fulfilled',
    ]);
    expect(notReadyBecause(order('paid', [], 'returned'))).toEqual(['returned']);
  });

  it('ignores flags it does not know', () => {
    expect(notReadyBecause(order('paid', ['something_new']))).toEqual([]);
  });

  it('asks a real reason to override, and keeps shipping details short', () => {
    expect(FulfilmentRequest.safeParse({ action: 'fulfil', overrideReason: '  ' }).success).toBe(false);
    expect(FulfilmentRequest.safeParse({ action: 'ship' }).success).toBe(false);
    expect(FulfilmentRequest.safeParse({ action: 'fulfil', carrier: 'x'.repeat(101) }).success).toBe(false);
    expect(FulfilmentRequest.parse({ action: 'fulfil', trackingNumber: ' 1Z999 ' })).toEqual({
      action: 'fulfil',
      trackingNumber: '1Z999',
    });
  });
});

describe('the events the store acts on', () => {
  it('fit in one `types` filter of Stripe’s event list (at most 20), which the events sweep relies on', () => {
    expect(HANDLED_STRIPE_EVENT_TYPES.length).toBeLessThanOrEqual(20);
    expect(new Set(HANDLED_STRIPE_EVENT_TYPES).size).toBe(HANDLED_STRIPE_EVENT_TYPES.length);
  });
});
