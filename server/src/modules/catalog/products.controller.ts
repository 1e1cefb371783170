import { Controller, Get, Header } from '@nestjs/common';
import { ProductsRepository } from './products.repository.js';

export interface ProductView {
  id: string;
  title: string;
  description: string;
  unitAmount: number;
  currency: string;
  imageUrl: string;
}

@Controller('api/products')
export class ProductsController {
  constructor(private readonly products: ProductsRepository) {}

  @Get()
  @Header('Cache-Control', 'public, max-age=30')
  async list(): Promise<ProductView[]> {
    const rows = await this.products.listActive();
    return rows.map(({ id, title, description, unitAmount, currency, imageUrl }) => ({
      id,
      title,
      description,
      unitAmount,
      currency,
      imageUrl,
    }));
  }
}
