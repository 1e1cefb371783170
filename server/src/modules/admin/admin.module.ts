import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module.js';
import { AdminAuth } from './admin-auth.service.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { AdminController } from './admin.controller.js';
import { AdminOrders } from './admin-orders.service.js';

@Module({
  imports: [OrdersModule],
  controllers: [AdminController],
  providers: [AdminAuth, AdminAuthGuard, AdminOrders],
})
export class AdminModule {}
