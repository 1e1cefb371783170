import { Inject, Injectable } from '@nestjs/common';
import type { CheckoutCreated } from '@checkstand/contract';
import { AppError, badRequest } from '../../../common/errors.js';
import { newId } from '../../../common/ids.js';
import { CONFIG, DATABASE } from '../../../common/tokens.js';
import type { Database } from '../../../db/database.js';
import type { Config } from '../../../config/config.js';
import type { OrderItem, OrderRow } from '../../../db/schema.js';
import { ProductsRepository } from '../../catalog/products.repository.js';
import { newOrderToken } from '../../orders/order-token.js';
import { createOrder } from '../../orders/order-writer.js';
import type { StripeGateway } from '../../stripe/stripe-gateway.js';
import { STRIPE_GATEWAY } from '../../stripe/stripe.module.js';
import { providerError } from '../../stripe/provider-errors.js';
import { StockService, holderOf, limitedLines } from '../../stock/stock.service.js';
import type { CartInput } from './cart-input.js';
import { CheckoutSessions } from './checkout-sessions.service.js';

/**
 * Creates the order before the redirect: price the cart from `products`, write the order, its history row and
 * its first reserved attempt (one statement), then create the Checkout Session outside any transaction.
 */
@Injectable()
export class CreateCheckout {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(STRIPE_GATEWAY) private readonly stripe: StripeGateway,
    private readonly products: ProductsRepository,
    private readonly sessions: CheckoutSessions,
    private readonly stock: StockService,
  ) {}

  /** `client`: the address the rate limits count (`clientOf`), whose holds are capped together. */
  async create(cart: CartInput, client: string): Promise<CheckoutCreated> {
    const found = new Map(
      (await this.products.findActiveByIds(cart.items.map((i) => i.id))).map((p) => [p.id, p]),
    );
    const missing = cart.items.map((i) => i.id).filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw badRequest(
        'unknown_product',
        missing.length === 1
          ? `Product ${missing[0]} is not sold here (any more).`
          : `Products ${missing.join(', ')} are not sold here (any more).`,
        { productIds: missing },
      );
    }
    const items: OrderItem[] = cart.items.map(({ id, quantity }) => {
      const product = found.get(id)!;
      return { productId: id, title: product.title, unitAmount: product.unitAmount, quantity };
    });
    const currencies = new Set(cart.items.map(({ id }) => found.get(id)!.currency));
    if (currencies.size !== 1) {
      throw badRequest('invalid_cart', 'A cart can only hold products of one currency.');
    }
    const [currency] = currencies;
    const total = items.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);
    if (!Number.isSafeInteger(total)) throw badRequest('invalid_cart', 'The cart total is too large.');
    if (!this.stripe.configured) {
      throw new AppError(503, 'payments_not_configured', 'Payments are not configured on this store.');
    }

    // Stock-limited lines are held while the customer pays, within the caps, in a session as short as allowed.
    const holds = limitedLines(items, [...found.values()]);
    this.stock.checkCheckoutCap(holds);
    const orderId = newId('ord');
    const { token, hash } = newOrderToken();
    const attempt = this.sessions.attemptRow(
      orderId,
      1,
      await this.sessions.planFor({ currency: currency!, totalAmount: total, items }, [...found.values()]),
      this.stock.sessionMinutes(holds, this.config.checkoutSessionTtlMinutes),
    );
    const now = new Date();
    const order: OrderRow = {
      id: orderId,
      status: 'pending',
      statusReason: null,
      currency: currency!,
      totalAmount: total,
      items,
      customerEmail: cart.email,
      accessTokenHash: hash,
      currentAttemptNo: 1,
      currentSessionId: null,
      amountReceived: null,
      amountRefunded: 0,
      paymentIntentId: null,
      paidAt: null,
      flags: [],
      fulfilmentStatus: 'unfulfilled',
      fulfilledAt: null,
      carrier: null,
      trackingNumber: null,
      charges: null,
      contact: null,
      shippingCountry: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    // The order, its history row and the reserved attempt, durably, before Stripe is called; with its stock
    // holds, in the same transaction (a cart that cannot be held writes nothing and calls no one).
    const newOrder = {
      id: orderId,
      currency: order.currency,
      totalAmount: total,
      items,
      customerEmail: cart.email,
      accessTokenHash: hash,
    };
    const detail = { total, currency, lines: items.length };
    if (holds.length === 0) {
      await createOrder(this.database.db, newOrder, attempt, detail);
    } else {
      await this.database.db.transaction(async (tx) => {
        await this.stock.reserve(tx, {
          orderId,
          attemptNo: attempt.attemptNo,
          holder: holderOf(client),
          expiresAt: attempt.expiresAt,
          lines: holds,
        });
        await createOrder(tx, newOrder, attempt, detail);
      });
    }

    try {
      const session = await this.sessions.openSession(order, attempt, 'customer');
      return { orderId, orderToken: token, ...session };
    } catch (error) {
      const mapped = providerError(error);
      // The order stays, retryable: the browser that made it gets its token with the error.
      if (mapped instanceof AppError) {
        throw new AppError(mapped.status, mapped.code, mapped.message, { orderId, orderToken: token });
      }
      throw mapped;
    }
  }
}
