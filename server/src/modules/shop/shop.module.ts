import { Module } from '@nestjs/common';
import { PromotionCodes } from './promotion-codes.service.js';
import { ShopController } from './shop.controller.js';
import { Shop } from './shop.service.js';

/** The shop's settings, shipping rates and promotion codes; the admin manages them, checkout reads them. */
@Module({
  controllers: [ShopController],
  providers: [Shop, PromotionCodes],
  exports: [Shop, PromotionCodes],
})
export class ShopModule {}
