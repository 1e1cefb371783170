import { Module, type OnModuleInit } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { CheckoutSessions } from './checkout-sessions.service.js';
import { OrderActions } from './order-actions.service.js';
import { OrderLifecycle } from './order-lifecycle.service.js';
import { validateStateMachine } from './order-state-machine.js';
import { OrdersController } from './orders.controller.js';
import { Reconciler } from './reconciler.service.js';

@Module({
  imports: [CatalogModule],
  controllers: [OrdersController],
  providers: [OrderLifecycle, CheckoutSessions, OrderActions, Reconciler],
  exports: [OrderLifecycle, CheckoutSessions, OrderActions, Reconciler],
})
export class OrdersModule implements OnModuleInit {
  /** A broken transition table stops the server at boot, never in front of a customer. */
  onModuleInit(): void {
    validateStateMachine();
  }
}
