import { Controller, Get, Header } from '@nestjs/common';
import type { Product } from '@checkstand/contract';
import { ProductsRepository } from './products.repository.js';

@Controller('api/products')
export class ProductsController {
  constructor(private readonly products: ProductsRepository) {}

  @Get()
  // Availability changes with every checkout: a browser may keep the list a few seconds, never longer.
  @Header('Cache-Control', 'public, max-age=5')
  async list(): Promise<Product[]> {
    const rows = await this.products.listActive();
    return rows.map(
      ({ id, title, description, unitAmount, currency, imageUrl, digital, stock, reserved }) => ({
        id,
        title,
        description,
        unitAmount,
        currency,
        imageUrl,
        digital,
        available: stock === null ? null : Math.max(0, stock - reserved),
      }),
    );
  }
}
