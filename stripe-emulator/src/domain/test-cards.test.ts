import { describe, expect, it } from 'vitest';
import { ibanValid } from './iban.js';
import { cardOutcome, luhnValid, TEST_CARDS, validateCard } from './test-cards.js';

describe('test cards', () => {
  it('every documented test card passes the Luhn check', () => {
    for (const card of TEST_CARDS) expect(luhnValid(card.number), card.number).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
  });

  it('validates like Stripe.js before charging', () => {
    const now = new Date('2026-06-15T00:00:00Z');
    const ok = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 34, cvc: '123' };
    expect(validateCard(ok, now)).toBeNull();
    expect(validateCard({ ...ok, number: '4242' }, now)?.message).toBe('Your card number is incomplete.');
    expect(validateCard({ ...ok, number: '4242424242424241' }, now)?.message).toBe(
      'Your card number is invalid.',
    );
    expect(validateCard({ ...ok, expMonth: 13 }, now)?.field).toBe('expiry');
    expect(validateCard({ ...ok, expYear: 25 }, now)?.message).toBe(
      "Your card's expiration year is in the past.",
    );
    expect(validateCard({ ...ok, expMonth: 5, expYear: 2026 }, now)?.message).toBe(
      "Your card's expiration date is in the past.",
    );
    expect(validateCard({ ...ok, cvc: '12' }, now)?.message).toBe("Your card's security code is incomplete.");
    expect(validateCard({ ...ok, number: '378282246310005', cvc: '123' }, now)?.field).toBe('cvc');
  });

  it('maps cards to outcomes; unknown numbers decline like live cards in test mode', () => {
    expect(cardOutcome('4242424242424242').decline).toBeUndefined();
    expect(cardOutcome('4000000000009995').decline).toMatchObject({
      code: 'card_declined',
      declineCode: 'insufficient_funds',
    });
    expect(cardOutcome('4111111111111111').decline?.declineCode).toBe('test_mode_live_card');
  });

  it('checks IBANs with mod 97', () => {
    expect(ibanValid('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(ibanValid('AT611904300234573201')).toBe(true);
    expect(ibanValid('DE89370400440532013001')).toBe(false);
  });
});
