import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments/payments.module.js';
import { ShopModule } from '../shop/shop.module.js';
import { AdminShopController } from './admin-shop.controller.js';
import { AdminStockController } from './admin-stock.controller.js';
import { AdminAuth } from './admin-auth.service.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { AdminController } from './admin.controller.js';
import { AdminOrders } from './admin-orders.service.js';
import { Fulfilment } from './fulfilment.service.js';

/** The shop owner's side: login, the orders and their payment story, the watch list; actions go to payments. */
@Module({
  imports: [PaymentsModule, ShopModule],
  controllers: [AdminController, AdminShopController, AdminStockController],
  providers: [AdminAuth, AdminAuthGuard, AdminOrders, Fulfilment],
})
export class AdminModule {}
