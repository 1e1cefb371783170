import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { PromotionCodes } from '../shop/promotion-codes.service.js';
import { Shop } from '../shop/shop.service.js';
import { AdminAuthGuard } from './admin-auth.guard.js';

/** The owner's shop settings, shipping rates and promotion codes (README, "HTTP API"). */
@Controller('api/admin')
@UseGuards(AdminAuthGuard)
export class AdminShopController {
  constructor(
    private readonly shop: Shop,
    private readonly codes: PromotionCodes,
  ) {}

  @Get('settings')
  settings() {
    return this.shop.settings();
  }

  @Put('settings')
  updateSettings(@Body() body: unknown) {
    return this.shop.updateSettings(body);
  }

  @Get('shipping-rates')
  rates() {
    return this.shop.rates();
  }

  @Post('shipping-rates')
  @HttpCode(201)
  createRate(@Body() body: unknown) {
    return this.shop.createRate(body);
  }

  @Put('shipping-rates/:rateId')
  updateRate(@Param('rateId') rateId: string, @Body() body: unknown) {
    return this.shop.updateRate(rateId, body);
  }

  @Get('promotion-codes')
  promotionCodes() {
    return this.codes.list();
  }

  @Post('promotion-codes')
  @HttpCode(201)
  createPromotionCode(@Body() body: unknown) {
    return this.codes.create(body);
  }

  @Post('promotion-codes/:codeId/deactivate')
  @HttpCode(200)
  deactivate(@Param('codeId') codeId: string) {
    return this.codes.deactivate(codeId);
  }
}
