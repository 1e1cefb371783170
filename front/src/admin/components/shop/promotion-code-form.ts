import type { PromotionCodeInput } from '@checkstand/contract';
import { checkAmount } from '../../money-input';
import { checkPercent } from '../../percent-input';

/**
 * The promotion code form as data: what it holds (text, as typed) and how it becomes the contract's
 * `PromotionCodeInput` (percentages in basis points, amounts in minor units, the expiry an instant in UTC) or
 * the errors to show. Stripe checks the code again; its refusals are shown as it words them.
 */

export interface CodeFormState {
  code: string;
  kind: 'percent' | 'amount';
  percent: string;
  amount: string;
  amountCurrency: string;
  expiresDate: string;
  expiresTime: string;
  maxRedemptions: string;
  minimum: string;
  minimumCurrency: string;
}

export type CodeFormErrors = Partial<Record<keyof CodeFormState, string>>;

export const CODE_MIN = 3;
export const CODE_MAX = 50;
export const MAX_REDEMPTIONS = 1_000_000;
/** The time of day an expiry date alone means: its last minute (UTC). */
export const DEFAULT_EXPIRY_TIME = '23:59';

export function emptyCodeForm(currency: string): CodeFormState {
  return {
    code: '',
    kind: 'percent',
    percent: '',
    amount: '',
    amountCurrency: currency,
    expiresDate: '',
    expiresTime: '',
    maxRedemptions: '',
    minimum: '',
    minimumCurrency: currency,
  };
}

function readCode(text: string): { code: string } | { error: string } {
  const code = text.trim();
  if (code.length < CODE_MIN || code.length > CODE_MAX) {
    return { error: `Use ${CODE_MIN} to ${CODE_MAX} characters.` };
  }
  if (!/^[A-Za-z0-9_-]+$/.test(code)) return { error: 'Use only letters, digits, “-” and “_”.' };
  return { code: code.toUpperCase() };
}

/** The expiry as an instant (the date and time are UTC), null when none; it must be in the future. */
function readExpiry(form: CodeFormState, now: Date): { expiresAt: string | null } | { error: string } {
  const date = form.expiresDate.trim();
  const time = form.expiresTime.trim() || DEFAULT_EXPIRY_TIME;
  if (date === '') return form.expiresTime.trim() ? { error: 'Give the date too.' } : { expiresAt: null };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) {
    return { error: 'Give the date as YYYY-MM-DD and the time as HH:MM.' };
  }
  const instant = new Date(`${date}T${time}:00.000Z`);
  if (Number.isNaN(instant.getTime())) return { error: 'That date doesn’t exist.' };
  if (instant.getTime() <= now.getTime()) return { error: 'The expiry must be in the future.' };
  return { expiresAt: instant.toISOString() };
}

function readMaxRedemptions(text: string): { max: number | null } | { error: string } {
  const value = text.trim().replace(/[,\s]/g, '');
  if (value === '') return { max: null };
  const max = /^\d{1,7}$/.test(value) ? Number(value) : NaN;
  if (!(max >= 1 && max <= MAX_REDEMPTIONS)) {
    return { error: `Give a whole number from 1 to ${MAX_REDEMPTIONS.toLocaleString('en-US')}.` };
  }
  return { max };
}

/** The code the form describes, or every error found in it. */
export function readCodeForm(
  form: CodeFormState,
  now: Date = new Date(),
): { ok: true; input: PromotionCodeInput } | { ok: false; errors: CodeFormErrors } {
  const errors: CodeFormErrors = {};
  const code = readCode(form.code);
  if ('error' in code) errors.code = code.error;

  let discount: PromotionCodeInput['discount'] | null = null;
  if (form.kind === 'percent') {
    const percent = checkPercent(form.percent, { min: 1 });
    if (percent.ok) discount = { kind: 'percent', basisPoints: percent.basisPoints };
    else errors.percent = percent.message;
  } else {
    const amount = checkAmount(form.amount, form.amountCurrency, { empty: 'Enter the amount to take off.' });
    if (amount.ok) discount = { kind: 'amount', amount: amount.minor, currency: form.amountCurrency };
    else errors.amount = amount.message;
  }

  const expiry = readExpiry(form, now);
  if ('error' in expiry) errors.expiresDate = expiry.error;
  const redemptions = readMaxRedemptions(form.maxRedemptions);
  if ('error' in redemptions) errors.maxRedemptions = redemptions.error;

  let minimumAmount: PromotionCodeInput['minimumAmount'] = null;
  if (form.minimum.trim() !== '') {
    const minimum = checkAmount(form.minimum, form.minimumCurrency);
    if (minimum.ok) minimumAmount = { amount: minimum.minor, currency: form.minimumCurrency };
    else errors.minimum = minimum.message;
  }

  if ('error' in code || !discount || 'error' in expiry || 'error' in redemptions || errors.minimum) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    input: {
      code: code.code,
      discount,
      expiresAt: expiry.expiresAt,
      maxRedemptions: redemptions.max,
      minimumAmount,
    },
  };
}
