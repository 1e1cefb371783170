import { Global, Module } from '@nestjs/common';
import { RateLimits } from './rate-limits.service.js';

/** Rate limits shared by every instance, for every anonymous endpoint and the admin login. */
@Global()
@Module({ providers: [RateLimits], exports: [RateLimits] })
export class LimitsModule {}
