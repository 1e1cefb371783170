import { createHash } from 'node:crypto';
import { newCardPaymentMethod, newSepaPaymentMethod } from '../objects/builders.js';
import type { BillingDetails, PaymentMethod } from '../objects/types.js';
import { cardOutcome, LIVE_CARD_DECLINE, TEST_CARDS, type AfterPayment, type Decline } from './test-cards.js';
import { sepaBehaviour, TEST_IBANS, type SepaBehaviour } from './test-ibans.js';

/**
 * Payment methods and what happens when they are charged. A payment method keeps only what Stripe shows (brand,
 * last4, fingerprint…); its fingerprint, a hash of the full card number or IBAN, identifies the test card or test
 * IBAN again when it is charged, so the behaviour needs no hidden field and survives a state file.
 */
export function fingerprintOf(text: string): string {
  return createHash('sha256')
    .update(text)
    .digest('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 16);
}

/**
 * Stripe's test tokens and test payment methods: `tok_<name>` and `pm_card_<name>` stand for these cards
 * (https://docs.stripe.com/testing#cards, #declined-payments, #international-cards).
 */
export const TEST_CARD_NAMES: Readonly<Record<string, string>> = {
  visa: '4242424242424242',
  visa_debit: '4000056655665556',
  mastercard: '5555555555554444',
  mastercard_debit: '5200828282828210',
  mastercard_prepaid: '5105105105105100',
  amex: '378282246310005',
  discover: '6011111111111117',
  diners: '3056930009020004',
  jcb: '3566002020360505',
  unionpay: '6200000000000005',
  fr: '4000002500000003',
  gb: '4000008260000000',
  de: '4000002760000016',
  chargeDeclined: '4000000000000002',
  chargeDeclinedInsufficientFunds: '4000000000009995',
  chargeDeclinedLostCard: '4000000000009987',
  chargeDeclinedStolenCard: '4000000000009979',
  chargeDeclinedExpiredCard: '4000000000000069',
  chargeDeclinedIncorrectCvc: '4000000000000127',
  chargeDeclinedProcessingError: '4000000000000119',
  // 3-D Secure (https://docs.stripe.com/testing#regulatory-cards, #authentication-and-setup).
  authenticationRequiredOnSetup: '4000002500003155',
  authenticationRequired: '4000002760003184',
  authenticationRequiredSetupForOffSession: '4000003800000446',
  authenticationRequiredChargeDeclinedInsufficientFunds: '4000008260003178',
  threeDSecure2Required: '4000000000003220',
  threeDSecureRequired: '4000000000003063',
  threeDSecureRequiredChargeDeclined: '4000008400001629',
  threeDSecureOptional: '4000000000003055',
  // After the payment (https://docs.stripe.com/testing#refunds, #disputes, #fraud-prevention).
  refundFail: '4000000000005126',
  pendingRefund: '4000000000007726',
  createDispute: '4000000000000259',
  createDisputeProductNotReceived: '4000000000002685',
  createDisputeInquiry: '4000000000001976',
  createIssuerFraudRecord: '4000000000005423',
};

function byName(prefix: string, id: string): string | undefined {
  if (!id.startsWith(prefix)) return undefined;
  const name = id.slice(prefix.length);
  return Object.hasOwn(TEST_CARD_NAMES, name) ? TEST_CARD_NAMES[name] : undefined;
}

/** `tok_visa` → its card number; undefined for anything else. */
export function cardNumberForToken(token: string): string | undefined {
  return byName('tok_', token);
}

/** `pm_card_visa` → its card number; undefined for anything else. */
export function cardNumberForTestPaymentMethod(id: string): string | undefined {
  return byName('pm_card_', id);
}

const DECLINES_BY_FINGERPRINT = new Map<string, Decline | null>(
  TEST_CARDS.map((card) => [fingerprintOf(card.number), card.decline ?? null]),
);
const AFTER_PAYMENT_BY_FINGERPRINT = new Map<string, AfterPayment>(
  TEST_CARDS.flatMap((card) =>
    card.afterPayment ? [[fingerprintOf(card.number), card.afterPayment] as const] : [],
  ),
);
const AUTHENTICATION_BY_FINGERPRINT = new Set<string>(
  TEST_CARDS.flatMap((card) => (card.authentication ? [fingerprintOf(card.number)] : [])),
);
const IBANS_BY_FINGERPRINT = new Map<string, string>(
  [...TEST_IBANS.keys()].map((iban) => [fingerprintOf(iban), iban]),
);

/** A card payment method for a valid card number (digits only), with Stripe's details for test cards. */
export function cardPaymentMethod(
  input: { number: string; expMonth: number; expYear: number },
  billing: BillingDetails,
  created: number,
): PaymentMethod {
  const { card, decline } = cardOutcome(input.number);
  return newCardPaymentMethod(
    {
      brand: card.brand,
      checks: {
        address_line1_check: null,
        address_postal_code_check: null,
        cvc_check: decline?.code === 'incorrect_cvc' ? 'fail' : 'pass',
      },
      country: card.country,
      exp_month: input.expMonth,
      exp_year: input.expYear < 100 ? 2000 + input.expYear : input.expYear,
      fingerprint: fingerprintOf(input.number),
      funding: card.funding,
      last4: input.number.slice(-4),
    },
    billing,
    created,
  );
}

/** A SEPA Direct Debit payment method for a valid IBAN (no spaces, upper case). */
export function sepaPaymentMethod(iban: string, billing: BillingDetails, created: number): PaymentMethod {
  return newSepaPaymentMethod(
    {
      bank_code: iban.slice(4, 12),
      branch_code: '',
      country: iban.slice(0, 2),
      fingerprint: fingerprintOf(iban),
      last4: iban.slice(-4),
    },
    billing,
    created,
  );
}

/** The decline charging this card payment method gives (none for cards that succeed). Unknown cards are live. */
export function cardDecline(pm: PaymentMethod): Decline | undefined {
  const known = pm.card ? DECLINES_BY_FINGERPRINT.get(pm.card.fingerprint) : undefined;
  if (known === undefined) return LIVE_CARD_DECLINE;
  return known ?? undefined;
}

/** Whether charging this card payment method asks the customer for 3-D Secure first. */
export function requiresAuthentication(pm: PaymentMethod): boolean {
  return pm.card !== undefined && AUTHENTICATION_BY_FINGERPRINT.has(pm.card.fingerprint);
}

/** What Stripe's test card behind this charge does after the payment (nothing for most cards). */
export function afterPaymentOf(fingerprint: string | undefined): AfterPayment | undefined {
  return fingerprint === undefined ? undefined : AFTER_PAYMENT_BY_FINGERPRINT.get(fingerprint);
}

/** What a SEPA Direct Debit payment from this payment method does (see test-ibans.ts). */
export function sepaPaymentBehaviour(pm: PaymentMethod): SepaBehaviour {
  const fingerprint = pm.sepa_debit?.fingerprint;
  return sepaBehaviour((fingerprint !== undefined ? IBANS_BY_FINGERPRINT.get(fingerprint) : undefined) ?? '');
}
