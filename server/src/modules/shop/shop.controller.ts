import { Controller, Get } from '@nestjs/common';
import { Shop } from './shop.service.js';

/** What the storefront tells customers before checkout: how tax works, where the shop ships. */
@Controller('api/store')
export class ShopController {
  constructor(private readonly shop: Shop) {}

  @Get()
  info() {
    return this.shop.publicInfo();
  }
}
