import { describe, expect, it } from 'vitest';
import { reasonMessage } from './order-status';
import { isSettledOnSuccessPage, pollDelay } from './use-session-order';
import { anOrder } from '../test/builders';

describe('status reasons', () => {
  it.each([
    ['failed', 'card_declined', 'Your card was declined.'],
    ['failed', 'insufficient_funds', 'Your card has insufficient funds.'],
    ['failed', 'expired_card', 'Your card has expired.'],
    ['failed', 'incorrect_cvc', 'Your card’s security code (CVC) was incorrect.'],
    ['failed', 'processing_error', 'An error occurred while processing your card. Nothing was charged.'],
    ['failed', 'payment_failed', 'Your bank did not complete the payment, so nothing was taken.'],
    ['failed', null, 'The payment didn’t go through. Nothing was charged.'],
    [
      'failed',
      'authentication_failed',
      'Your bank couldn’t confirm the payment was yours. Nothing was charged.',
    ],
    ['expired', 'session_expired', 'The time to complete the payment ran out. Nothing was charged.'],
    ['expired', 'checkout_not_created', 'We couldn’t open the payment page in time. Nothing was charged.'],
    ['cancelled', 'customer_cancelled', 'You cancelled this order. Nothing was charged.'],
    ['processing', 'awaiting_payment', 'Your bank is confirming the payment.'],
    ['expired', 'session_lost', 'The payment page is no longer available.'],
    [
      'payment_mismatch',
      'payment_under_review',
      'We received a payment that doesn’t match this order, so it is under review. The shop will contact you about it.',
    ],
    [
      'payment_mismatch',
      null,
      'We received a payment that doesn’t match this order, so it is under review. The shop will contact you about it.',
    ],
    ['pending', null, null],
  ] as const)('%s / %s reads “%s”', (status, statusReason, message) => {
    expect(reasonMessage({ status, statusReason })).toBe(message);
  });
});

describe('success page polling', () => {
  it('backs off from 1 s to a 5 s ceiling', () => {
    expect([0, 1, 2, 3, 4, 10].map(pollDelay)).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('stops for final statuses, waits on a card decline until the slow mark', () => {
    const settled = (status: Parameters<typeof anOrder>[0], slow = false) =>
      isSettledOnSuccessPage(anOrder(status), slow);
    expect(settled({ status: 'paid' })).toBe(true);
    expect(settled({ status: 'refunded' })).toBe(true);
    expect(settled({ status: 'payment_mismatch' })).toBe(true);
    expect(settled({ status: 'expired' })).toBe(true);
    expect(settled({ status: 'cancelled' })).toBe(true);
    expect(settled({ status: 'failed', statusReason: 'payment_failed' })).toBe(true);
    expect(settled({ status: 'failed', statusReason: 'card_declined' })).toBe(false);
    expect(settled({ status: 'failed', statusReason: 'card_declined' }, true)).toBe(true);
    expect(settled({ status: 'pending' }, true)).toBe(false);
    expect(settled({ status: 'processing' }, true)).toBe(false);
  });
});
