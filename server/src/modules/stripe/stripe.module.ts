import { Global, Module } from '@nestjs/common';
import type { Config } from '../../config/config.js';
import { CONFIG } from '../../common/tokens.js';
import { StripeSdkGateway } from './stripe-sdk-gateway.js';

export const STRIPE_GATEWAY = Symbol('STRIPE_GATEWAY');

/** Provides the Stripe gateway: the SDK pointed at Stripe, or at `STRIPE_API_BASE` (the emulator). */
@Global()
@Module({
  providers: [
    {
      provide: STRIPE_GATEWAY,
      inject: [CONFIG],
      useFactory: (config: Config) =>
        new StripeSdkGateway({
          secretKey: config.stripe.secretKey,
          apiBase: config.stripe.apiBase,
          timeoutMs: config.stripe.timeoutMs,
        }),
    },
  ],
  exports: [STRIPE_GATEWAY],
})
export class StripeModule {}
