// Writes one batch of catalogue rows: a product's row takes what the file says, as often as it is imported.
import type { QueryRunner } from 'typeorm';
import { replaceWithIncoming, upsertRows, type Row } from '../../db/sql-upsert.js';
import type { WriteContext } from './importer.types.js';

export interface ProductRow {
  stockCode: string;
  description: string | null;
  /** First level of the path: what category shares, top category and recommendations read. */
  category: string | null;
  categoryPath: string | null;
  brand: string | null;
  /** DECIMAL(12,3) text. */
  price: string | null;
  active: boolean;
}

export interface ProductsBatch { rows: ProductRow[] }

export interface ProductsWritten { created: number; updated: number }

const COLUMNS = ['stock_code', 'description', 'category', 'category_path', 'category_source', 'brand', 'price', 'active'] as const;

/**
 * Upserts by stock code. The catalogue is the source of truth for the columns it has, so every one is
 * replaced (an empty category clears it), except a description left empty, which keeps the one orders
 * gave. Re-importing the same file leaves every row as it was.
 */
export async function writeProductsBatch(runner: QueryRunner, batch: ProductsBatch, context: WriteContext): Promise<ProductsWritten> {
  if (batch.rows.length === 0) return { created: 0, updated: 0 };
  const codes = batch.rows.map((r) => r.stockCode);
  let existing = 0;
  for (let i = 0; i < codes.length; i += 1_000) {
    const chunk = codes.slice(i, i + 1_000);
    const [{ n }] = await runner.query(`SELECT COUNT(*) AS n FROM products WHERE stock_code IN (${chunk.map(() => '?').join(', ')})`, chunk);
    existing += Number(n);
  }
  await upsertRows(runner, context.dialect, {
    table: 'products', columns: COLUMNS, conflict: ['stock_code'],
    update: {
      description: ({ existing: was, incoming }) => `COALESCE(${incoming}, ${was})`,
      category: replaceWithIncoming, category_path: replaceWithIncoming, category_source: replaceWithIncoming, brand: replaceWithIncoming, price: replaceWithIncoming, active: replaceWithIncoming,
    },
  }, batch.rows.map((r): Row => [r.stockCode, r.description, r.category, r.categoryPath, r.category === null ? null : 'catalogue', r.brand, r.price, r.active ? 1 : 0]));
  return { created: batch.rows.length - existing, updated: existing };
}
