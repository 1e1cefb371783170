/**
 * What happens after a payment: disputes (schema `dispute` in reference/schemas.json, with its balance
 * transactions) and Radar early fraud warnings. The early fraud warning is not in the trimmed OpenAPI spec the
 * emulator vendors, so its shape below is written by hand from Stripe's API reference
 * (https://docs.stripe.com/api/radar/early_fraud_warnings/object): id `issfr_…`, object, actionable, charge,
 * created, fraud_type, livemode, payment_intent. (Self-contained: types.ts imports this file.)
 */

export interface FeeDetail {
  amount: number;
  application: null;
  currency: string;
  description: string | null;
  type: 'stripe_fee';
}

/** The balance effect of a dispute (withdrawn when it opens, reinstated when it is won). */
export interface BalanceTransaction {
  id: string;
  object: 'balance_transaction';
  amount: number;
  available_on: number;
  /** The balance it moves: disputes move the payments balance. */
  balance_type: 'payments';
  created: number;
  currency: string;
  description: string | null;
  exchange_rate: null;
  fee: number;
  fee_details: FeeDetail[];
  net: number;
  reporting_category: 'dispute' | 'dispute_reversal';
  source: string;
  status: 'available' | 'pending';
  type: 'adjustment';
}

/** Every evidence field Stripe takes (all text here: the emulator has no Files API, file fields take ids). */
export const EVIDENCE_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_communication',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'customer_signature',
  'duplicate_charge_documentation',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'receipt',
  'refund_policy',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'service_documentation',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_documentation',
  'shipping_tracking_number',
  'uncategorized_file',
  'uncategorized_text',
] as const;

export type EvidenceField = (typeof EVIDENCE_FIELDS)[number];
export type DisputeEvidence = Record<EvidenceField, string | null>;

export type DisputeStatus =
  | 'needs_response'
  | 'under_review'
  | 'won'
  | 'lost'
  | 'warning_needs_response'
  | 'warning_under_review'
  | 'warning_closed';

export type DisputeReason =
  | 'fraudulent'
  | 'product_not_received'
  | 'general'
  | 'duplicate'
  | 'product_unacceptable'
  | 'subscription_canceled'
  | 'unrecognized'
  | 'credit_not_processed';

export interface Dispute {
  id: string;
  object: 'dispute';
  amount: number;
  balance_transactions: BalanceTransaction[];
  charge: string;
  created: number;
  currency: string;
  /** Newer API versions: Visa Compelling Evidence 3.0 eligibility (never for the emulator's disputes). */
  enhanced_eligibility_types: never[];
  evidence: DisputeEvidence;
  evidence_details: {
    due_by: number | null;
    has_evidence: boolean;
    past_due: boolean;
    submission_count: number;
  };
  /** Smart Disputes (Stripe submitting evidence itself) is not emulated: evidence is submitted by hand. */
  intended_submission_method: null;
  is_charge_refundable: boolean;
  livemode: false;
  metadata: Record<string, string>;
  payment_intent: string | null;
  payment_method_details: {
    type: 'card';
    card: { brand: string; case_type: 'chargeback' | 'inquiry'; network_reason_code: string | null };
  };
  reason: DisputeReason;
  status: DisputeStatus;
}

/** Written by hand (see above): not in the vendored spec. */
export interface EarlyFraudWarning {
  id: string;
  object: 'radar.early_fraud_warning';
  actionable: boolean;
  charge: string;
  created: number;
  fraud_type:
    | 'card_never_received'
    | 'fraudulent_card_application'
    | 'made_with_counterfeit_card'
    | 'made_with_lost_card'
    | 'made_with_stolen_card'
    | 'misc'
    | 'unauthorized_use_of_card';
  livemode: false;
  payment_intent: string | null;
}
