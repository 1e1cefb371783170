import { Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { OrderActions } from './order-actions.service.js';
import type { PublicOrderView } from './order-view.js';

/** The customer's side of an order (DESIGN §6). Thin: every decision is in `OrderActions`. */
@Controller('api/orders')
export class OrdersController {
  constructor(private readonly actions: OrderActions) {}

  @Get('by-session/:sessionId')
  async bySession(@Param('sessionId') sessionId: string): Promise<{ order: PublicOrderView }> {
    return { order: await this.actions.viewBySession(sessionId) };
  }

  @Get(':orderId')
  async get(
    @Param('orderId') orderId: string,
    @Headers('x-order-token') token: string | undefined,
  ): Promise<{ order: PublicOrderView }> {
    return { order: await this.actions.viewWithToken(orderId, token) };
  }

  @Post(':orderId/retry-session')
  @HttpCode(201)
  retry(
    @Param('orderId') orderId: string,
    @Headers('x-order-token') token: string | undefined,
  ): Promise<{ sessionId: string; url: string }> {
    return this.actions.retry(orderId, token);
  }

  @Post(':orderId/cancel')
  @HttpCode(200)
  async cancel(
    @Param('orderId') orderId: string,
    @Headers('x-order-token') token: string | undefined,
  ): Promise<{ order: PublicOrderView }> {
    return { order: await this.actions.cancel(orderId, token) };
  }
}
