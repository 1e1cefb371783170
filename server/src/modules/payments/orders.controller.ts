import { Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import type { CheckoutSessionReply, OrderEnvelope } from '@checkstand/contract';
import { CancelOrder } from './customer/cancel.service.js';
import { OrderAccess } from './customer/order-access.service.js';
import { RetryCheckout } from './customer/retry.service.js';

/** The customer's side of an order. Thin: each route calls one use case. */
@Controller('api/orders')
export class OrdersController {
  constructor(
    private readonly access: OrderAccess,
    private readonly retries: RetryCheckout,
    private readonly cancels: CancelOrder,
  ) {}

  @Get('by-session/:sessionId')
  async bySession(@Param('sessionId') sessionId: string): Promise<OrderEnvelope> {
    return { order: await this.access.viewBySession(sessionId) };
  }

  @Get(':orderId')
  async get(
    @Param('orderId') orderId: string,
    @Headers('x-order-token') token: string | undefined,
  ): Promise<OrderEnvelope> {
    return { order: await this.access.viewWithToken(orderId, token) };
  }

  @Post(':orderId/retry-session')
  @HttpCode(201)
  retry(
    @Param('orderId') orderId: string,
    @Headers('x-order-token') token: string | undefined,
  ): Promise<CheckoutSessionReply> {
    return this.retries.retry(orderId, token);
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  async cancel(
    @Param('orderId') orderId: string,
    @Headers('x-order-token') token: string | undefined,
  ): Promise<OrderEnvelope> {
    return { order: await this.cancels.cancel(orderId, token) };
  }
}
