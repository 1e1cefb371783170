import { Global, Module } from '@nestjs/common';
import { StockService } from './stock.service.js';

/** Stock held while customers pay: used by checkout and retry, the reconciler and the admin. */
@Global()
@Module({ providers: [StockService], exports: [StockService] })
export class StockModule {}
