import { Controller, Get, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { CheckoutSessionReply, OrderEnvelope } from '@checkstand/contract';
import type { Request } from 'express';
import { clientOf } from '../../common/http-setup.js';
import { RateLimits } from '../limits/rate-limits.service.js';
import { CancelOrder } from './customer/cancel.service.js';
import { OrderAccess } from './customer/order-access.service.js';
import { RetryCheckout } from './customer/retry.service.js';

/** The customer's side of an order. Thin: each route counts its client's budget, then calls one use case. */
@Controller('api/orders')
export class OrdersController {
  constructor(
    private readonly access: OrderAccess,
    private readonly retries: RetryCheckout,
    private readonly cancels: CancelOrder,
    private readonly limits: RateLimits,
  ) {}

  @Get('by-session/:sessionId')
  async bySession(@Param('sessionId') sessionId: string, @Req() req: Request): Promise<OrderEnvelope> {
    const client = clientOf(req);
    await this.limits.take('order_read', client);
    return { order: await this.access.viewBySession(sessionId, client) };
  }

  @Get(':orderId')
  async get(
    @Param('orderId') orderId: string,
    @Headers('x-order-token') token: string | undefined,
    @Req() req: Request,
  ): Promise<OrderEnvelope> {
    const client = clientOf(req);
    await this.limits.take('order_read', client);
    return { order: await this.access.viewWithToken(orderId, token, client) };
  }

  @Post(':orderId/retry-session')
  @HttpCode(201)
  async retry(
    @Param('orderId') orderId: string,
    @Headers('x-order-token') token: string | undefined,
    @Req() req: Request,
  ): Promise<CheckoutSessionReply> {
    const client = clientOf(req);
    await this.limits.take('order_action', client);
    return this.retries.retry(orderId, token, client);
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  async cancel(
    @Param('orderId') orderId: string,
    @Headers('x-order-token') token: string | undefined,
    @Req() req: Request,
  ): Promise<OrderEnvelope> {
    await this.limits.take('order_action', clientOf(req));
    return { order: await this.cancels.cancel(orderId, token) };
  }
}
