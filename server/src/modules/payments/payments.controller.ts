import { Body, Controller, Headers, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { CheckoutCreated } from '@checkstand/contract';
import type { Request, Response } from 'express';
import { clientOf } from '../../common/http-setup.js';
import { RateLimits } from '../limits/rate-limits.service.js';
import { parseCartInput } from './checkout/cart-input.js';
import { CreateCheckout } from './checkout/create-checkout.service.js';
import { WebhookService } from './stripe-events/webhook.service.js';

/** Thin by design: parse, call one use case, map the result. */
@Controller('api/payments')
export class PaymentsController {
  constructor(
    private readonly checkout: CreateCheckout,
    private readonly webhooks: WebhookService,
    private readonly limits: RateLimits,
  ) {}

  @Post('create-checkout-session')
  @HttpCode(201)
  async createCheckoutSession(@Body() body: unknown, @Req() req: Request): Promise<CheckoutCreated> {
    // Each checkout writes an order and creates a Stripe session: a burst must not exhaust Stripe's rate limit
    // (which would break real customers' checkouts) nor fill the tables.
    const client = clientOf(req);
    await this.limits.take('checkout', client);
    return this.checkout.create(parseCartInput(body), client);
  }

  /** The raw body (a Buffer) is kept for this route only: the signature covers the exact bytes. */
  @Post('webhook')
  async webhook(
    @Req() req: Request,
    @Res() res: Response,
    @Headers('stripe-signature') signature: string | undefined,
  ): Promise<void> {
    const reply = await this.webhooks.receive(req.body, signature);
    res.status(reply.status).json(reply.body);
  }
}
