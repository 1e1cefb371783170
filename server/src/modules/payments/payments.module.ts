import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { ShopModule } from '../shop/shop.module.js';
import { CheckoutSessions } from './checkout/checkout-sessions.service.js';
import { CreateCheckout } from './checkout/create-checkout.service.js';
import { CancelOrder } from './customer/cancel.service.js';
import { OrderAccess } from './customer/order-access.service.js';
import { RetryCheckout } from './customer/retry.service.js';
import { SessionSync } from './customer/session-sync.service.js';
import { OrdersController } from './orders.controller.js';
import { PaymentsController } from './payments.controller.js';
import { EventsSweep } from './reconcile/events-sweep.service.js';
import { Reconciler } from './reconcile/reconciler.service.js';
import { WatchList } from './reconcile/watch-list.service.js';
import { Refunds } from './refunds/refunds.service.js';
import { EventInbox } from './stripe-events/event-inbox.service.js';
import { FactApplier } from './stripe-events/fact-applier.service.js';
import { WebhookService } from './stripe-events/webhook.service.js';

/**
 * Everything that talks to Stripe about an order, one service per use case: checkout, the customer's actions,
 * session read-backs, the events inbox and its webhook, the reconciler (events sweep and watch list), refunds.
 * The order aggregate (`orders/`) knows nothing of Stripe; this module depends on it, never the reverse.
 */
@Module({
  imports: [CatalogModule, OrdersModule, ShopModule],
  controllers: [PaymentsController, OrdersController],
  providers: [
    CheckoutSessions,
    CreateCheckout,
    FactApplier,
    EventInbox,
    WebhookService,
    SessionSync,
    OrderAccess,
    RetryCheckout,
    CancelOrder,
    EventsSweep,
    WatchList,
    Reconciler,
    Refunds,
  ],
  exports: [SessionSync, Refunds, WatchList, Reconciler, EventsSweep],
})
export class PaymentsModule {}
