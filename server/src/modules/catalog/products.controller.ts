import { Controller, Get, Header } from '@nestjs/common';
import type { Product } from '@checkstand/contract';
import { ProductsRepository } from './products.repository.js';

@Controller('api/products')
export class ProductsController {
  constructor(private readonly products: ProductsRepository) {}

  @Get()
  @Header('Cache-Control', 'public, max-age=30')
  async list(): Promise<Product[]> {
    const rows = await this.products.listActive();
    return rows.map(({ id, title, description, unitAmount, currency, imageUrl, digital }) => ({
      id,
      title,
      description,
      unitAmount,
      currency,
      imageUrl,
      digital,
    }));
  }
}
