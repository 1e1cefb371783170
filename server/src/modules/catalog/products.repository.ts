import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { DATABASE } from '../../common/tokens.js';
import { Compiled } from '../../db/compiled.js';
import type { Database, Db } from '../../db/database.js';
import { products, type ProductRow } from '../../db/schema.js';
import { CATALOG_SEED, TAX_CODES } from './catalog-seed.js';

/**
 * Checkout's lookup, compiled once (db/compiled.ts): it runs for every order. Planned on every run, not
 * prepared: a plan cached while the catalog is a dozen products scans it, and would go on scanning
 * every product of a catalog imported later (the orders' statements find rows by key and cannot).
 */
const findActiveByIdsStatement = new Compiled<{ ids: string[] }, { product: ProductRow }>(
  null,
  (conn) =>
    conn
      .select({ product: products })
      .from(products)
      .where(and(eq(products.active, true), sql`${products.id} = any(${sql.placeholder('ids')}::text[])`)),
  { product: products },
);

@Injectable()
export class ProductsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  listActive(): Promise<ProductRow[]> {
    return this.database.db
      .select()
      .from(products)
      .where(eq(products.active, true))
      .orderBy(asc(products.position), asc(products.id));
  }

  /** Products by id, sold or not (checkout pages describe what an order holds). */
  findByIds(ids: readonly string[]): Promise<ProductRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.database.db
      .select()
      .from(products)
      .where(inArray(products.id, [...ids]));
  }

  async findActiveByIds(ids: readonly string[]): Promise<ProductRow[]> {
    if (ids.length === 0) return [];
    const rows = await findActiveByIdsStatement.rows(this.database.db, { ids: [...ids] });
    return rows.map((row) => row.product);
  }
}

/**
 * Inserts the demo catalog. Idempotent: products already present (by id) are left as they are,
 * so a restart never duplicates or overwrites them.
 */
export async function seedCatalog(db: Db): Promise<number> {
  const inserted = await db
    .insert(products)
    .values(
      CATALOG_SEED.map((product, index) => ({
        id: product.id,
        title: product.title,
        description: product.description,
        unitAmount: product.unitAmount,
        currency: product.currency,
        imageUrl: product.imageUrl,
        position: index,
        digital: product.digital ?? false,
        taxCode: product.taxCode ?? TAX_CODES.tangible,
      })),
    )
    .onConflictDoNothing({ target: products.id })
    .returning({ id: products.id });
  return inserted.length;
}
