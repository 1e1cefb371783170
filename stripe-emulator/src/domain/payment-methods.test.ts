import { describe, expect, it } from 'vitest';
import { billingDetails } from '../objects/builders.js';
import { ibanValid } from './iban.js';
import {
  cardDecline,
  cardNumberForTestPaymentMethod,
  cardNumberForToken,
  cardPaymentMethod,
  sepaPaymentBehaviour,
  sepaPaymentMethod,
  TEST_CARD_NAMES,
} from './payment-methods.js';
import { luhnValid, lookupCard } from './test-cards.js';
import { sepaBehaviour, TEST_IBANS } from './test-ibans.js';

describe('test payment methods', () => {
  it('every test token and pm_card_… names a documented test card', () => {
    for (const [name, number] of Object.entries(TEST_CARD_NAMES)) {
      expect(luhnValid(number), name).toBe(true);
      expect(lookupCard(number), name).toBeDefined();
    }
    expect(cardNumberForToken('tok_visa')).toBe('4242424242424242');
    expect(cardNumberForTestPaymentMethod('pm_card_chargeDeclined')).toBe('4000000000000002');
    expect(cardNumberForToken('tok_nope')).toBeUndefined();
    expect(cardNumberForToken('tok_constructor')).toBeUndefined();
    expect(cardNumberForTestPaymentMethod('pm_1Abc')).toBeUndefined();
  });

  it('a card payment method is charged like its test card, found again by fingerprint', () => {
    const billing = billingDetails(null, null);
    const card = (number: string) => cardPaymentMethod({ number, expMonth: 12, expYear: 2040 }, billing, 0);
    expect(cardDecline(card('4242424242424242'))).toBeUndefined();
    expect(cardDecline(card('4000000000009995'))).toMatchObject({ declineCode: 'insufficient_funds' });
    expect(card('4000000000000127').card?.checks.cvc_check).toBe('fail');
    // A valid number that is no test card is a live card used in test mode.
    expect(cardDecline(card('4111111111111111'))).toMatchObject({ declineCode: 'test_mode_live_card' });
  });
});

describe("Stripe's SEPA Direct Debit test IBANs", () => {
  it('are valid IBANs, each listed once', () => {
    expect(TEST_IBANS.size).toBeGreaterThan(150);
    for (const iban of TEST_IBANS.keys()) expect(ibanValid(iban), iban).toBe(true);
  });

  it('decide the outcome and its delay; other IBANs succeed', () => {
    expect(sepaBehaviour('AT61 1904 3002 3457 3201')).toMatchObject({ outcome: 'succeed', delayed: false });
    expect(sepaBehaviour('DE89370400440532013000')).toMatchObject({ outcome: 'succeed', delayed: false });
    expect(sepaBehaviour('AT321904300235473204')).toMatchObject({ outcome: 'succeed', delayed: true });
    expect(sepaBehaviour('AT861904300235473202')).toMatchObject({ outcome: 'fail', delayed: false });
    expect(sepaBehaviour('DE62370400440532013001')).toMatchObject({ outcome: 'fail', delayed: false });
    expect(sepaBehaviour('IT60X0542811101000000123456')).toMatchObject({ outcome: 'fail', delayed: false });
    expect(sepaBehaviour('AT051904300235473205')).toMatchObject({ outcome: 'fail', delayed: true });
    expect(sepaBehaviour('AT601904300000121212').failure?.code).toBe('charge_exceeds_weekly_limit');
    expect(sepaBehaviour('FR7630006000011234567890189')).toMatchObject({ scenario: 'success' });
    const pm = sepaPaymentMethod('AT861904300235473202', billingDetails(null, null), 0);
    expect(pm.sepa_debit?.last4).toBe('3202');
    expect(sepaPaymentBehaviour(pm).outcome).toBe('fail');
  });
});
