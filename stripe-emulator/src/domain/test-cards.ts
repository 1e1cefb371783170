/**
 * Stripe's test cards (https://docs.stripe.com/testing#cards and #declined-payments) and the client-side checks
 * Stripe's payment form makes before anything reaches the API.
 */
export interface Decline {
  /** `last_payment_error.code` */
  code: string;
  /** `last_payment_error.decline_code`, when Stripe sets one. */
  declineCode?: string;
  message: string;
}

/**
 * What happens after a successful charge with the card (https://docs.stripe.com/testing#refunds, #disputes,
 * #fraud-prevention): its refunds fail later or stay pending for a while, it is disputed, or the issuer sends an
 * early fraud warning.
 */
export type AfterPayment =
  | 'refund_fails'
  | 'refund_pending'
  | 'dispute_fraudulent'
  | 'dispute_product_not_received'
  | 'dispute_inquiry'
  | 'early_fraud_warning';

export interface TestCard {
  number: string;
  brand: string;
  funding: 'credit' | 'debit' | 'prepaid';
  country: string;
  label: string;
  /**
   * The charge is declined (`decline`), or succeeds, only once the customer has completed 3-D Secure
   * (https://docs.stripe.com/testing#regulatory-cards, #authentication-and-setup): the payment intent waits in
   * `requires_action` until then; failing the authentication declines nothing and charges nothing.
   */
  authentication?: 'required';
  decline?: Decline;
  /** The card's payment succeeds; this comes after it. */
  afterPayment?: AfterPayment;
}

export const MESSAGES = {
  generic: 'Your card was declined.',
  insufficientFunds: 'Your card has insufficient funds.',
  expired: 'Your card has expired.',
  incorrectCvc: "Your card's security code is incorrect.",
  processingError: 'An error occurred while processing your card. Try again in a little bit.',
  invalidNumber: 'Your card number is invalid.',
  incompleteNumber: 'Your card number is incomplete.',
  incompleteExpiry: "Your card's expiration date is incomplete.",
  invalidExpiryMonth: "Your card's expiration month is invalid.",
  pastExpiryYear: "Your card's expiration year is in the past.",
  pastExpiry: "Your card's expiration date is in the past.",
  incompleteCvc: "Your card's security code is incomplete.",
  liveCard:
    'Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.',
} as const;

export const TEST_CARDS: readonly TestCard[] = [
  { number: '4242424242424242', brand: 'visa', funding: 'credit', country: 'US', label: 'Succeeds' },
  {
    number: '4000000000000002',
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    label: 'Generic decline',
    decline: { code: 'card_declined', declineCode: 'generic_decline', message: MESSAGES.generic },
  },
  {
    number: '4000000000009995',
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    label: 'Insufficient funds',
    decline: {
      code: 'card_declined',
      declineCode: 'insufficient_funds',
      message: MESSAGES.insufficientFunds,
    },
  },
  {
    number: '4000000000000069',
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    label: 'Expired card',
    decline: { code: 'expired_card', declineCode: 'expired_card', message: MESSAGES.expired },
  },
  {
    number: '4000000000000127',
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    label: 'Incorrect CVC',
    decline: { code: 'incorrect_cvc', declineCode: 'incorrect_cvc', message: MESSAGES.incorrectCvc },
  },
  {
    number: '4000000000000119',
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    label: 'Processing error',
    decline: { code: 'processing_error', message: MESSAGES.processingError },
  },
  {
    number: '4000000000009987',
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    label: 'Lost card',
    decline: { code: 'card_declined', declineCode: 'lost_card', message: MESSAGES.generic },
  },
  {
    number: '4000000000009979',
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    label: 'Stolen card',
    decline: { code: 'card_declined', declineCode: 'stolen_card', message: MESSAGES.generic },
  },
  {
    number: '4000056655665556',
    brand: 'visa',
    funding: 'debit',
    country: 'US',
    label: 'Visa debit, succeeds',
  },
  {
    number: '5555555555554444',
    brand: 'mastercard',
    funding: 'credit',
    country: 'US',
    label: 'Mastercard, succeeds',
  },
  {
    number: '2223003122003222',
    brand: 'mastercard',
    funding: 'credit',
    country: 'US',
    label: 'Mastercard (2-series)',
  },
  {
    number: '5200828282828210',
    brand: 'mastercard',
    funding: 'debit',
    country: 'US',
    label: 'Mastercard debit',
  },
  {
    number: '5105105105105100',
    brand: 'mastercard',
    funding: 'prepaid',
    country: 'US',
    label: 'Mastercard prepaid',
  },
  { number: '378282246310005', brand: 'amex', funding: 'credit', country: 'US', label: 'American Express' },
  { number: '371449635398431', brand: 'amex', funding: 'credit', country: 'US', label: 'American Express' },
  { number: '6011111111111117', brand: 'discover', funding: 'credit', country: 'US', label: 'Discover' },
  { number: '3056930009020004', brand: 'diners', funding: 'credit', country: 'US', label: 'Diners Club' },
  {
    number: '36227206271667',
    brand: 'diners',
    funding: 'credit',
    country: 'US',
    label: 'Diners Club (14 digits)',
  },
  { number: '3566002020360505', brand: 'jcb', funding: 'credit', country: 'JP', label: 'JCB' },
  { number: '6200000000000005', brand: 'unionpay', funding: 'credit', country: 'CN', label: 'UnionPay' },
  { number: '4000002500000003', brand: 'visa', funding: 'credit', country: 'FR', label: 'Visa (France)' },
  {
    number: '4000008260000000',
    brand: 'visa',
    funding: 'credit',
    country: 'GB',
    label: 'Visa (United Kingdom)',
  },
  { number: '4000002760000016', brand: 'visa', funding: 'credit', country: 'DE', label: 'Visa (Germany)' },
  ...authenticationCards([
    ['4000002500003155', 'FR', '3-D Secure: authenticate (required unless set up for off-session use)'],
    ['4000002760003184', 'DE', '3-D Secure: authenticate (always required)'],
    ['4000003800000446', 'IT', '3-D Secure: authenticate (set up for off-session use; required on session)'],
    ['4000000000003220', 'IE', '3-D Secure 2: authenticate'],
    ['4000000000003063', 'US', '3-D Secure: authenticate'],
    [
      '4000008260003178',
      'GB',
      '3-D Secure: authenticate, then insufficient funds',
      { code: 'card_declined', declineCode: 'insufficient_funds', message: MESSAGES.insufficientFunds },
    ],
    [
      '4000008400001629',
      'US',
      '3-D Secure: authenticate, then declined',
      { code: 'card_declined', declineCode: 'generic_decline', message: MESSAGES.generic },
    ],
  ]),
  // Supports 3-D Secure without requiring it: Stripe does not ask, the payment succeeds at once.
  {
    number: '4000000000003055',
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    label: '3-D Secure supported, not required: succeeds',
  },
  ...afterPaymentCards([
    ['4000000000005126', 'Succeeds; refunds fail later', 'refund_fails'],
    ['4000000000007726', 'Succeeds; refunds pending, then succeed', 'refund_pending'],
    ['4000000000000259', 'Succeeds, then disputed (fraudulent)', 'dispute_fraudulent'],
    ['4000000000002685', 'Succeeds, then disputed (product not received)', 'dispute_product_not_received'],
    ['4000000000001976', 'Succeeds, then an inquiry', 'dispute_inquiry'],
    ['4000000000005423', 'Succeeds, then an early fraud warning', 'early_fraud_warning'],
  ]),
];

function authenticationCards(cards: [string, string, string, Decline?][]): TestCard[] {
  return cards.map(([number, country, label, decline]) => ({
    number,
    brand: 'visa',
    funding: 'credit',
    country,
    label,
    authentication: 'required',
    ...(decline ? { decline } : {}),
  }));
}

function afterPaymentCards(cards: [string, string, AfterPayment][]): TestCard[] {
  return cards.map(([number, label, afterPayment]) => ({
    number,
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    label,
    afterPayment,
  }));
}

const BY_NUMBER = new Map(TEST_CARDS.map((card) => [card.number, card]));

/** The cards the hosted page lists (succeeds + each decline Stripe documents). */
export const FEATURED_CARDS = TEST_CARDS.slice(0, 6);

/** The cards that ask for 3-D Secure (and the one that supports it without asking). */
export const AUTHENTICATION_CARDS = TEST_CARDS.filter(
  (card) => card.authentication !== undefined || card.number === '4000000000003055',
);

/** The cards whose payment succeeds and something happens later (refunds, disputes, fraud warnings). */
export const AFTER_PAYMENT_CARDS = TEST_CARDS.filter((card) => card.afterPayment !== undefined);

export function digitsOnly(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function brandOf(digits: string): string {
  if (/^4/.test(digits)) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(digits)) return 'discover';
  if (/^3(0[0-5]|[68])/.test(digits)) return 'diners';
  if (/^35/.test(digits)) return 'jcb';
  if (/^62/.test(digits)) return 'unionpay';
  return 'unknown';
}

export function lookupCard(digits: string): TestCard | undefined {
  return BY_NUMBER.get(digits);
}

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export type CardField = 'number' | 'expiry' | 'cvc';

/** Stripe.js-style validation; returns the first problem, or null. `now` is real time (the card's clock). */
export function validateCard(
  card: CardInput,
  now = new Date(),
): { field: CardField; code: string; message: string } | null {
  const digits = digitsOnly(card.number);
  if (!/^\d*$/.test(digits) || digits.length < 12)
    return { field: 'number', code: 'incomplete_number', message: MESSAGES.incompleteNumber };
  if (digits.length > 19 || !luhnValid(digits))
    return { field: 'number', code: 'incorrect_number', message: MESSAGES.invalidNumber };
  if (!Number.isInteger(card.expMonth) || !Number.isInteger(card.expYear))
    return { field: 'expiry', code: 'incomplete_expiry', message: MESSAGES.incompleteExpiry };
  if (card.expMonth < 1 || card.expMonth > 12)
    return { field: 'expiry', code: 'invalid_expiry_month', message: MESSAGES.invalidExpiryMonth };
  const year = card.expYear < 100 ? 2000 + card.expYear : card.expYear;
  const thisYear = now.getUTCFullYear();
  if (year < thisYear)
    return { field: 'expiry', code: 'invalid_expiry_year', message: MESSAGES.pastExpiryYear };
  if (year === thisYear && card.expMonth < now.getUTCMonth() + 1)
    return { field: 'expiry', code: 'invalid_expiry_month', message: MESSAGES.pastExpiry };
  const cvcLength = brandOf(digits) === 'amex' ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(card.cvc))
    return { field: 'cvc', code: 'incomplete_cvc', message: MESSAGES.incompleteCvc };
  return null;
}

/** A valid card number that is not a test card: a live card used in test mode. */
export const LIVE_CARD_DECLINE: Decline = {
  code: 'card_declined',
  declineCode: 'test_mode_live_card',
  message: MESSAGES.liveCard,
};

/** What happens when a (valid) card is charged. Unknown numbers behave like live cards in test mode. */
export function cardOutcome(digits: string): { card: TestCard; decline?: Decline } {
  const known = lookupCard(digits);
  if (known) return known.decline ? { card: known, decline: known.decline } : { card: known };
  return {
    card: { number: digits, brand: brandOf(digits), funding: 'credit', country: 'US', label: 'Unknown card' },
    decline: LIVE_CARD_DECLINE,
  };
}
