import type { EmulatorCore } from '../core/emulator-core.js';
import type { ApiRouter } from '../http/api-app.js';
import { resourceMissing } from '../http/errors.js';
import { s } from '../http/params.js';

/**
 * Payment intents are created by Checkout when the customer confirms (see domain/payments.ts). Later work can
 * add `POST /v1/payment_intents` (create + confirm, as the Stripe CLI's triggers use it) here.
 */
export function registerPaymentIntentRoutes(api: ApiRouter, core: EmulatorCore): void {
  api.route(
    'GET',
    '/v1/payment_intents/:intent',
    'payment_intent',
    s.obj({ client_secret: s.str() }),
    (_p, ctx) => {
      const id = ctx.params.intent ?? '';
      const record = core.store.paymentIntents.get(id);
      if (!record) throw resourceMissing('payment_intent', id, 'intent');
      return { body: record.intent };
    },
  );
}
