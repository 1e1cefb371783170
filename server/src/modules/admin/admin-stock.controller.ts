import { Body, Controller, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import type {
  AdminHoldList,
  AdminProductEnvelope,
  AdminProductList,
  HoldsReleased,
} from '@checkstand/contract';
import { notFound } from '../../common/errors.js';
import { StockService } from '../stock/stock.service.js';
import { AdminAuthGuard } from './admin-auth.guard.js';
import { holdView } from './admin-order-detail.js';

/** The owner's stock: units on hand per product, and what checkouts in progress hold (README, "Stock"). */
@Controller('api/admin')
@UseGuards(AdminAuthGuard)
export class AdminStockController {
  constructor(private readonly stock: StockService) {}

  @Get('products')
  async products(): Promise<AdminProductList> {
    return { products: await this.stock.products() };
  }

  @Patch('products/:productId')
  async setStock(
    @Param('productId') productId: string,
    @Body() body: unknown,
  ): Promise<AdminProductEnvelope> {
    return { product: await this.stock.setStock(productId, body) };
  }

  @Get('holds')
  async holds(): Promise<AdminHoldList> {
    const rows = await this.stock.holds();
    return { holds: rows.map(({ hold, productTitle }) => holdView(hold, productTitle)) };
  }

  @Post('holds/:orderId/:attemptNo/release')
  @HttpCode(200)
  async release(
    @Param('orderId') orderId: string,
    @Param('attemptNo') attemptNo: string,
  ): Promise<HoldsReleased> {
    const n = /^[1-9][0-9]{0,8}$/.test(attemptNo) ? Number(attemptNo) : null;
    if (n === null) throw notFound('hold_not_found', 'That checkout holds no stock.');
    return { released: await this.stock.release(orderId, n) };
  }
}
