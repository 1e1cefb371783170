import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { CheckoutService } from './checkout.service.js';
import { PaymentsController } from './payments.controller.js';
import { WebhookService } from './webhook.service.js';

@Module({
  imports: [CatalogModule, OrdersModule],
  controllers: [PaymentsController],
  providers: [CheckoutService, WebhookService],
})
export class PaymentsModule {}
