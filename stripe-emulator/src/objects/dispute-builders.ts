import { ids } from '../core/ids.js';
import {
  EVIDENCE_FIELDS,
  type BalanceTransaction,
  type Dispute,
  type DisputeEvidence,
  type DisputeReason,
  type EarlyFraudWarning,
} from './dispute-types.js';
import type { Charge } from './types.js';

/** Factories for disputes, their balance transactions and early fraud warnings, at Stripe's defaults. */

/**
 * Stripe's dispute fee, in the charge's currency's minor units (Stripe charges $15 / €20 / £20 …, depending on
 * the account's country; the emulator has no account, so one figure for every currency).
 */
export const DISPUTE_FEE = 1500;

/** Days a merchant has to respond (Stripe's test disputes are due a week or more ahead; the emulator uses 7). */
export const RESPONSE_DAYS = 7;

/** Visa's reason codes for Stripe's test disputes (null where Stripe gives none). */
const NETWORK_REASON_CODES: Record<DisputeReason, string | null> = {
  fraudulent: '10.4',
  product_not_received: '13.1',
  general: null,
  duplicate: '12.6',
  product_unacceptable: '13.3',
  subscription_canceled: '13.2',
  unrecognized: '10.4',
  credit_not_processed: '13.6',
};

export function emptyEvidence(): DisputeEvidence {
  // One entry per evidence field, so the object has exactly DisputeEvidence's keys.
  return Object.fromEntries(EVIDENCE_FIELDS.map((field) => [field, null])) as DisputeEvidence;
}

/** The money a dispute moves: `direction` -1 withdraws amount + fee, +1 gives them back. */
export function disputeBalanceTransaction(
  dispute: Pick<Dispute, 'id' | 'amount' | 'currency' | 'charge'>,
  direction: -1 | 1,
  created: number,
): BalanceTransaction {
  const withdrawal = direction === -1;
  return {
    id: ids.balanceTransaction(),
    object: 'balance_transaction',
    amount: direction * dispute.amount,
    available_on: created,
    balance_type: 'payments',
    created,
    currency: dispute.currency,
    description: withdrawal
      ? `Chargeback withdrawal for ${dispute.charge}`
      : `Chargeback reversal for ${dispute.charge}`,
    exchange_rate: null,
    fee: -direction * DISPUTE_FEE,
    fee_details: [
      {
        amount: -direction * DISPUTE_FEE,
        application: null,
        currency: dispute.currency,
        description: withdrawal ? 'Dispute fee' : 'Dispute fee refund',
        type: 'stripe_fee',
      },
    ],
    net: direction * (dispute.amount + DISPUTE_FEE),
    reporting_category: withdrawal ? 'dispute' : 'dispute_reversal',
    source: dispute.id,
    status: 'available',
    type: 'adjustment',
  };
}

export function newDispute(input: {
  charge: Charge;
  reason: DisputeReason;
  inquiry: boolean;
  created: number;
}): Dispute {
  const { charge } = input;
  const card = charge.payment_method_details.type === 'card' ? charge.payment_method_details.card : null;
  return {
    id: ids.dispute(),
    object: 'dispute',
    amount: charge.amount,
    balance_transactions: [],
    charge: charge.id,
    created: input.created,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    evidence_details: {
      due_by: input.created + RESPONSE_DAYS * 24 * 60 * 60,
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    },
    intended_submission_method: null,
    // An inquiry has not taken the money yet: the charge can still be refunded instead.
    is_charge_refundable: input.inquiry,
    livemode: false,
    metadata: {},
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
    payment_method_details: {
      type: 'card',
      card: {
        brand: card?.brand ?? 'visa',
        case_type: input.inquiry ? 'inquiry' : 'chargeback',
        network_reason_code: input.inquiry ? null : NETWORK_REASON_CODES[input.reason],
      },
    },
    reason: input.reason,
    status: input.inquiry ? 'warning_needs_response' : 'needs_response',
  };
}

export function newEarlyFraudWarning(charge: Charge, created: number): EarlyFraudWarning {
  return {
    id: ids.earlyFraudWarning(),
    object: 'radar.early_fraud_warning',
    actionable: true,
    charge: charge.id,
    created,
    fraud_type: 'made_with_stolen_card',
    livemode: false,
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
  };
}
