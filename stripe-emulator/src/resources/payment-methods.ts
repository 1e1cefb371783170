import { invalidRequest, missingParam, resourceMissing, StripeFailure } from '../domain/errors.js';
import { ibanValid } from '../domain/iban.js';
import {
  cardNumberForTestPaymentMethod,
  cardNumberForToken,
  cardPaymentMethod,
  sepaPaymentMethod,
} from '../domain/payment-methods.js';
import { digitsOnly, validateCard } from '../domain/test-cards.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ApiRouter } from '../http/api-app.js';
import { s, type Infer } from '../http/params.js';
import { billingDetails } from '../objects/builders.js';
import type { PaymentMethod } from '../objects/types.js';
import { billingDetailsSpec, toBillingDetails } from './addresses.js';

const SUPPORTED_TYPES = ['card', 'sepa_debit'];

const createSpec = s.obj(
  {
    type: s.str(),
    card: s.obj({
      token: s.str(),
      number: s.str(),
      exp_month: s.int(),
      exp_year: s.int(),
      cvc: s.str(),
      networks: s.any(),
    }),
    sepa_debit: s.obj({ iban: s.str() }),
    billing_details: billingDetailsSpec,
    metadata: s.map(),
    // Real Stripe parameters the emulator accepts and ignores.
    allow_redisplay: s.any(),
    radar_options: s.any(),
  },
  ['type'],
);

/** Stripe's test tokens carry a card that expires at the end of next year. */
function tokenExpiry(): { expMonth: number; expYear: number } {
  return { expMonth: 12, expYear: new Date().getUTCFullYear() + 1 };
}

function createPaymentMethod(core: EmulatorCore, p: Infer<typeof createSpec>): PaymentMethod {
  const type = p.type ?? '';
  if (!SUPPORTED_TYPES.includes(type))
    throw invalidRequest(
      `Invalid type: ${type}. The Stripe emulator supports payment methods of type ${SUPPORTED_TYPES.join(', ')}.`,
      'type',
    );
  const billing = toBillingDetails(p.billing_details);
  const now = core.clock.now();
  let pm: PaymentMethod;
  if (type === 'card') {
    const card = p.card;
    if (!card) throw missingParam('card');
    if (card.token !== undefined && card.number !== undefined)
      throw invalidRequest(
        'You may only specify one of these parameters: card[token], card[number].',
        'card',
      );
    if (card.token !== undefined) {
      const number = cardNumberForToken(card.token);
      if (!number) throw resourceMissing('token', card.token, 'card[token]');
      pm = cardPaymentMethod({ number, ...tokenExpiry() }, billing, now);
    } else {
      if (card.number === undefined) throw missingParam('card[number]');
      if (card.exp_month === undefined) throw missingParam('card[exp_month]');
      if (card.exp_year === undefined) throw missingParam('card[exp_year]');
      const number = digitsOnly(card.number);
      const problem = validateCard({
        number,
        expMonth: card.exp_month,
        expYear: card.exp_year,
        cvc: card.cvc ?? (/^3[47]/.test(number) ? '1234' : '123'),
      });
      if (problem)
        throw new StripeFailure(402, {
          type: 'card_error',
          code: problem.code,
          message: problem.message,
          param: problem.field === 'number' ? 'card[number]' : `card[${problem.field}]`,
          doc_url: `https://stripe.com/docs/error-codes/${problem.code.replaceAll('_', '-')}`,
        });
      pm = cardPaymentMethod({ number, expMonth: card.exp_month, expYear: card.exp_year }, billing, now);
    }
  } else {
    const raw = p.sepa_debit?.iban;
    if (raw === undefined) throw missingParam('sepa_debit[iban]');
    const iban = raw.replace(/\s/g, '').toUpperCase();
    if (!ibanValid(iban))
      throw invalidRequest(
        'The IBAN you provided is invalid.',
        'sepa_debit[iban]',
        'invalid_bank_account_iban',
      );
    pm = sepaPaymentMethod(iban, billing, now);
  }
  pm.metadata = p.metadata ?? {};
  core.store.paymentMethods.set(pm.id, pm);
  return pm;
}

/**
 * A payment method by id: a stored one, or one of Stripe's test payment methods (`pm_card_visa`,
 * `pm_card_chargeDeclined`, …), which, as on Stripe, becomes a new payment method each time it is used.
 */
export function resolvePaymentMethod(core: EmulatorCore, id: string, param: string): PaymentMethod {
  const stored = core.store.paymentMethods.get(id);
  if (stored) return stored;
  const number = cardNumberForTestPaymentMethod(id);
  if (!number) throw resourceMissing('payment_method', id, param);
  const pm = cardPaymentMethod({ number, ...tokenExpiry() }, billingDetails(null, null), core.clock.now());
  core.store.paymentMethods.set(pm.id, pm);
  return pm;
}

export function registerPaymentMethodRoutes(api: ApiRouter, core: EmulatorCore): void {
  api.route('POST', '/v1/payment_methods', 'payment_method', createSpec, (p) => ({
    body: createPaymentMethod(core, p),
  }));

  api.route('GET', '/v1/payment_methods/:id', 'payment_method', s.obj({}), (_p, ctx) => {
    const id = ctx.params.id ?? '';
    const pm = core.store.paymentMethods.get(id);
    if (!pm) throw resourceMissing('payment_method', id, 'payment_method');
    return { body: pm };
  });
}
