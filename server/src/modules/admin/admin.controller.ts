import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LoginRequest } from '@checkstand/contract';
import type { Config } from '../../config/config.js';
import { Inject } from '@nestjs/common';
import { badRequest } from '../../common/errors.js';
import { clientOf } from '../../common/http-setup.js';
import { CONFIG } from '../../common/tokens.js';
import { AdminAuth, SESSION_COOKIE } from './admin-auth.service.js';
import { AdminAuthGuard, principalOf } from './admin-auth.guard.js';
import { AdminOrders, parseListQuery } from './admin-orders.service.js';
import { csvLine } from './csv.js';
import { Fulfilment } from './fulfilment.service.js';

/** The admin API (README, "HTTP API"). Thin: parse, call one service method, shape the reply. */
@Controller('api/admin')
export class AdminController {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly auth: AdminAuth,
    private readonly orders: AdminOrders,
    private readonly fulfilment: Fulfilment,
  ) {}

  @Post('login')
  @HttpCode(200)
  async login(
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ user: { email: string } }> {
    const parsed = LoginRequest.safeParse(body);
    if (!parsed.success) throw badRequest('invalid_credentials_format', 'Send { email, password } as JSON.');
    const { token, email } = await this.auth.login(parsed.data.email, parsed.data.password, clientOf(req));
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.nodeEnv === 'production' || this.config.publicOrigin.startsWith('https://'),
      path: '/api/admin',
    });
    return { user: { email } };
  }

  @Post('logout')
  @HttpCode(204)
  @UseGuards(AdminAuthGuard)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(principalOf(req));
    res.clearCookie(SESSION_COOKIE, { path: '/api/admin', httpOnly: true, sameSite: 'strict' });
  }

  @Get('me')
  @UseGuards(AdminAuthGuard)
  me(@Req() req: Request): { user: { email: string } } {
    return { user: { email: principalOf(req).email } };
  }

  @Get('dashboard')
  @UseGuards(AdminAuthGuard)
  dashboard() {
    return this.orders.dashboard();
  }

  @Get('orders')
  @UseGuards(AdminAuthGuard)
  list(@Query() query: unknown) {
    return this.orders.list(parseListQuery(query));
  }

  /** The filtered list as CSV, streamed page by page. */
  @Get('orders.csv')
  @UseGuards(AdminAuthGuard)
  async exportCsv(@Query() query: unknown, @Res() res: Response): Promise<void> {
    const { filters } = parseListQuery(query);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="orders-${new Date().toISOString().slice(0, 10)}.csv"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.write(
      csvLine([
        'order_id',
        'created_at',
        'status',
        'status_reason',
        'customer_email',
        'currency',
        'total_minor',
        'amount_received_minor',
        'amount_refunded_minor',
        'session_id',
        'payment_intent_id',
        'paid_at',
        'flags',
        'fulfilment_status',
        'ready_to_ship',
        'shipping_country',
        'shipping_method',
        'discount_minor',
        'tax_minor',
        'promotion_code',
      ]),
    );
    for await (const o of this.orders.exportRows(filters)) {
      const line = csvLine([
        o.id,
        o.createdAt,
        o.status,
        o.statusReason,
        o.customerEmail,
        o.currency,
        o.total,
        o.amountReceived,
        o.amountRefunded,
        o.sessionId,
        o.paymentIntentId,
        o.paidAt,
        o.flags.join(' '),
        o.fulfilmentStatus,
        o.readyToShip ? 'true' : 'false',
        o.shippingCountry,
        o.shippingMethod,
        o.discount,
        o.tax,
        o.promotionCode,
      ]);
      if (!res.write(line)) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  }

  @Get('orders/:orderId')
  @UseGuards(AdminAuthGuard)
  detail(@Param('orderId') orderId: string) {
    return this.orders.detail(orderId);
  }

  @Post('orders/:orderId/sync')
  @HttpCode(200)
  @UseGuards(AdminAuthGuard)
  sync(@Param('orderId') orderId: string, @Req() req: Request) {
    return this.orders.syncOrder(orderId, principalOf(req));
  }

  @Post('orders/:orderId/refund')
  @HttpCode(201)
  @UseGuards(AdminAuthGuard)
  refund(@Param('orderId') orderId: string, @Body() body: unknown, @Req() req: Request) {
    return this.orders.refund(orderId, body, principalOf(req));
  }

  /** Marks the order's goods shipped (an order not ready needs an override reason) or returned. */
  @Post('orders/:orderId/fulfilment')
  @HttpCode(200)
  @UseGuards(AdminAuthGuard)
  fulfil(@Param('orderId') orderId: string, @Body() body: unknown, @Req() req: Request) {
    return this.fulfilment.act(orderId, body, principalOf(req).email);
  }

  /** Stripe events about sessions or payments the store never created: recorded, shown, never applied. */
  @Get('stripe-events/unmatched')
  @UseGuards(AdminAuthGuard)
  unmatched(@Query('cursor') cursor: unknown) {
    if (cursor !== undefined && (typeof cursor !== 'string' || cursor.length > 200)) {
      throw badRequest('invalid_query', 'The cursor is not valid.');
    }
    return this.orders.unmatchedEvents(cursor);
  }

  /** The watch list: its size and oldest check, the sessions Stripe lost, the last background passes. */
  @Get('watch')
  @UseGuards(AdminAuthGuard)
  watch() {
    return this.orders.watchReport();
  }
}
