import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type AdminPromotionCode, PromotionCodeInput, type PromotionCodeList } from '@checkstand/contract';
import { AppError, badRequest, notFound } from '../../common/errors.js';
import { providerError } from '../stripe/provider-errors.js';
import {
  type PromotionCodeSnapshot,
  type StripeGateway,
  StripeRequestError,
} from '../stripe/stripe-gateway.js';
import { STRIPE_GATEWAY } from '../stripe/stripe.module.js';

const view = (code: PromotionCodeSnapshot): AdminPromotionCode => ({
  ...code,
  expiresAt: code.expiresAt?.toISOString() ?? null,
  createdAt: code.createdAt.toISOString(),
});

/** How many codes the admin lists (Stripe's largest page). */
const LIST_LIMIT = 100;

/**
 * Promotion codes live at Stripe, the one place a code is checked when a customer types it: created (with their
 * coupon, once per order), listed and deactivated through Stripe's API, never copied here.
 */
@Injectable()
export class PromotionCodes {
  constructor(@Inject(STRIPE_GATEWAY) private readonly stripe: StripeGateway) {}

  async list(): Promise<PromotionCodeList> {
    try {
      return { codes: (await this.stripe.listPromotionCodes(LIST_LIMIT)).map(view) };
    } catch (error) {
      throw providerError(error, 'owner');
    }
  }

  async create(body: unknown): Promise<AdminPromotionCode> {
    const parsed = PromotionCodeInput.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badRequest(
        'invalid_promotion_code',
        `The ${issue?.path.join('.') || 'code'} of the promotion code is not valid: ${issue?.message ?? ''}`.trim(),
      );
    }
    const input = parsed.data;
    if (input.expiresAt && Date.parse(input.expiresAt) <= Date.now()) {
      throw badRequest('invalid_promotion_code', 'The expiry must be in the future.');
    }
    // The same form sent twice makes one code (Stripe replays the first answer for 24 hours).
    const idempotencyKey = `promo:${createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 32)}`;
    try {
      return view(
        await this.stripe.createPromotionCode({
          code: input.code,
          discount: input.discount,
          expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
          maxRedemptions: input.maxRedemptions ?? null,
          minimumAmount: input.minimumAmount ?? null,
          idempotencyKey,
        }),
      );
    } catch (error) {
      throw refusal(error);
    }
  }

  async deactivate(id: string): Promise<AdminPromotionCode> {
    if (!/^promo_[0-9A-Za-z]+$/.test(id))
      throw notFound('promotion_code_not_found', 'No such promotion code.');
    try {
      return view(await this.stripe.deactivatePromotionCode(id));
    } catch (error) {
      throw refusal(error);
    }
  }
}

/** Stripe's refusals are the owner's to read (a code already in use, an amount too small), with its words. */
function refusal(error: unknown): unknown {
  if (error instanceof StripeRequestError) {
    if (error.statusCode === 404) return notFound('promotion_code_not_found', 'No such promotion code.');
    if (error.code === 'resource_already_exists' || /already exists|already in use/i.test(error.message)) {
      return new AppError(
        409,
        'promotion_code_exists',
        'An active promotion code with this code already exists.',
      );
    }
    if (error.statusCode === 400)
      return badRequest('invalid_promotion_code', `Stripe refused the code: ${error.message}`);
  }
  return providerError(error, 'owner');
}
