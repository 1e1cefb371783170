/**
 * Stripe's SEPA Direct Debit test IBANs (https://docs.stripe.com/payments/sepa-debit/accept-a-payment#test-integration):
 * the IBAN of the payment method decides what happens after the payment intent goes `processing`. Any other valid
 * IBAN succeeds like the `success` ones.
 */
export type SepaScenario =
  | 'success'
  | 'successDelayed'
  | 'failed'
  | 'failedDelayed'
  | 'disputed'
  | 'exceedsWeeklyVolumeLimit'
  | 'exceedsWeeklyTransactionLimit'
  | 'insufficientFunds';

export interface SepaBehaviour {
  scenario: SepaScenario;
  outcome: 'succeed' | 'fail';
  /** The `…Delayed` IBANs settle "after at least three minutes"; the others within seconds. */
  delayed: boolean;
  /** The charge's failure, for the failing scenarios. */
  failure?: { code: string; message: string };
}

const COLUMNS: readonly SepaScenario[] = [
  'success',
  'successDelayed',
  'failed',
  'failedDelayed',
  'disputed',
  'exceedsWeeklyVolumeLimit',
  'exceedsWeeklyTransactionLimit',
  'insufficientFunds',
];

/** Per country, in COLUMNS order (null: Stripe documents none, or lists an IBAN twice). */
const BY_COUNTRY: Readonly<Record<string, readonly (string | null)[]>> = {
  AT: [
    'AT611904300234573201',
    'AT321904300235473204',
    'AT861904300235473202',
    'AT051904300235473205',
    'AT591904300235473203',
    'AT981904300000343434',
    'AT601904300000121212',
    'AT981904300002222227',
  ],
  BE: [
    'BE62510007547061',
    'BE78510007547064',
    'BE68539007547034',
    'BE51510007547065',
    'BE08510007547063',
    'BE90510000343434',
    'BE52510000121212',
    'BE90510002222227',
  ],
  HR: [
    'HR7624020064583467589',
    'HR6323600002337876649',
    'HR2725000096983499248',
    'HR6723600004878117427',
    'HR8724840081455523553',
    'HR7424020060000343434',
    'HR3624020060000121212',
    'HR7424020060002222227',
  ],
  EE: [
    'EE382200221020145685',
    'EE222200221020145682',
    'EE762200221020145680',
    'EE922200221020145683',
    'EE492200221020145681',
    'EE672200000000343434',
    'EE292200000000121212',
    'EE672200000002222227',
  ],
  FI: [
    'FI2112345600000785',
    'FI3712345600000788',
    'FI9112345600000786',
    'FI1012345600000789',
    'FI6412345600000787',
    'FI6712345600343434',
    'FI2912345600121212',
    'FI6712345602222227',
  ],
  FR: [
    'FR1420041010050500013M02606',
    'FR3020041010050500013M02609',
    'FR8420041010050500013M02607',
    'FR7920041010050500013M02600',
    'FR5720041010050500013M02608',
    'FR9720041010050000000343434',
    'FR5920041010050000000121212',
    'FR9720041010050000002222227',
  ],
  DE: [
    'DE89370400440532013000',
    'DE08370400440532013003',
    'DE62370400440532013001',
    'DE78370400440532013004',
    'DE35370400440532013002',
    'DE65370400440000343434',
    'DE27370400440000121212',
    'DE65370400440002222227',
  ],
  GI: [
    'GI60MPFS599327643783385',
    'GI08RRNW626436291644533',
    'GI41SAFA461293238477751',
    'GI50LROG772261344693297',
    'GI26KJBC361883934534696',
    'GI14NWBK000000000343434',
    'GI73NWBK000000000121212',
    'GI14NWBK000000002222227',
  ],
  IE: [
    'IE29AIBK93115212345678',
    'IE24AIBK93115212345671',
    'IE02AIBK93115212345679',
    'IE94AIBK93115212345672',
    'IE51AIBK93115212345670',
    'IE10AIBK93115200343434',
    'IE69AIBK93115200121212',
    'IE10AIBK93115202222227',
  ],
  // The Stripe CLI's checkout.session.async_payment_failed trigger uses IT60X…; Stripe documented the Italian pair.
  IT: ['IT40S0542811101000000123456', null, 'IT60X0542811101000000123456', null, null, null, null, null],
  LI: [
    'LI0508800636123378777',
    'LI4408800387787111369',
    'LI1208800143823175626',
    'LI4908800356441975566',
    'LI7708800125525347723',
    'LI2408800000000343434',
    'LI8308800000000121212',
    'LI2408800000002222227',
  ],
  LT: [
    'LT121000011101001000',
    'LT281000011101001003',
    'LT821000011101001001',
    'LT981000011101001004',
    'LT551000011101001002',
    'LT591000000000343434',
    'LT211000000000121212',
    'LT591000000002222227',
  ],
  LU: [
    'LU280019400644750000',
    'LU440019400644750003',
    'LU980019400644750001',
    'LU170019400644750004',
    'LU710019400644750002',
    'LU900010000000343434',
    'LU520010000000121212',
    'LU900010000002222227',
  ],
  NL: [
    'NL39RABO0300065264',
    'NL55RABO0300065267',
    'NL91ABNA0417164300',
    'NL28RABO0300065268',
    'NL82RABO0300065266',
    'NL27RABO0000343434',
    'NL86RABO0000121212',
    null,
  ],
  NO: [
    'NO9386011117947',
    'NO8886011117940',
    'NO6686011117948',
    'NO6186011117941',
    'NO3986011117949',
    'NO0586010343434',
    null,
    'NO0586012222227',
  ],
  PT: [
    'PT50000201231234567890154',
    'PT66000201231234567890157',
    'PT23000201231234567890155',
    'PT39000201231234567890158',
    'PT93000201231234567890156',
    'PT05000201230000000343434',
    'PT64000201230000000121212',
    'PT05000201230000002222227',
  ],
  ES: [
    'ES0700120345030000067890',
    'ES2300120345030000067893',
    'ES9121000418450200051332',
    'ES9300120345030000067894',
    'ES5000120345030000067892',
    'ES1700120345000000343434',
    'ES7600120345000000121212',
    'ES1700120345000002222227',
  ],
  SE: [
    'SE3550000000054910000003',
    'SE5150000000054910000006',
    'SE0850000000054910000004',
    'SE2450000000054910000007',
    'SE7850000000054910000005',
    'SE2850000000000000343434',
    'SE8750000000000000121212',
    'SE2850000000000002222227',
  ],
  CH: [
    'CH9300762011623852957',
    'CH8656663438253651553',
    'CH5362200119938136497',
    'CH1843597160341964438',
    'CH1260378413965193069',
    'CH1800762000000343434',
    'CH7700762000000121212',
    'CH1800762000002222227',
  ],
  GB: [
    'GB82WEST12345698765432',
    'GB98WEST12345698765435',
    'GB55WEST12345698765433',
    'GB71WEST12345698765436',
    'GB28WEST12345698765434',
    'GB70WEST12345600343434',
    'GB32WEST12345600121212',
    'GB70WEST12345602222227',
  ],
};

export const SEPA_FAILURES: Readonly<Record<string, { code: string; message: string }>> = {
  insufficientFunds: {
    code: 'insufficient_funds',
    message: "The customer's account has insufficient funds to cover this payment.",
  },
  exceedsWeeklyVolumeLimit: {
    code: 'charge_exceeds_source_limit',
    message: 'This payment would cause the account to exceed its weekly payment volume limit.',
  },
  exceedsWeeklyTransactionLimit: {
    code: 'charge_exceeds_weekly_limit',
    message: "The payment amount exceeds the account's transaction volume limit.",
  },
};

function behaviourOf(scenario: SepaScenario): SepaBehaviour {
  switch (scenario) {
    case 'success':
    case 'disputed':
      return { scenario, outcome: 'succeed', delayed: false };
    case 'successDelayed':
      return { scenario, outcome: 'succeed', delayed: true };
    case 'failed':
    case 'insufficientFunds':
      return { scenario, outcome: 'fail', delayed: false, failure: SEPA_FAILURES.insufficientFunds };
    case 'failedDelayed':
      return { scenario, outcome: 'fail', delayed: true, failure: SEPA_FAILURES.insufficientFunds };
    case 'exceedsWeeklyVolumeLimit':
    case 'exceedsWeeklyTransactionLimit':
      return { scenario, outcome: 'fail', delayed: false, failure: SEPA_FAILURES[scenario] };
  }
}

export const TEST_IBANS: ReadonlyMap<string, SepaScenario> = new Map(
  Object.values(BY_COUNTRY).flatMap((row) =>
    row.flatMap((iban, index): [string, SepaScenario][] => {
      const scenario = COLUMNS[index];
      return iban && scenario ? [[iban, scenario]] : [];
    }),
  ),
);

/** What a payment from this IBAN does (normalized: no spaces, upper case). Unknown IBANs succeed. */
export function sepaBehaviour(iban: string): SepaBehaviour {
  return behaviourOf(TEST_IBANS.get(iban.replace(/\s/g, '').toUpperCase()) ?? 'success');
}
