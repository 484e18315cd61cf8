// A product catalogue: stock code, description, category path, brand, list price and whether it is sold.
import type { QueryRunner } from 'typeorm';
import { normalizeStockCode } from './cleaning.js';
import { RowReader, type ImporterContext, type KindImporter, type WriteContext } from './importer.types.js';
import type { SourceRow } from './import.types.js';
import { formatMilli, ownCopy, parseDecimalMilli, parseFlag } from './values.js';
import { writeProductsBatch, type ProductRow, type ProductsBatch } from './products.writer.js';

/** DECIMAL(12,3): nine whole digits. */
const MAX_PRICE_MILLI = 999_999_999_999;
const CATEGORY_LEVEL_MAX = 64;
const CATEGORY_PATH_MAX = 255;

/**
 * `Home > Kitchen > Mugs` → its levels, trimmed, joined again with ` > ` so spellings compare equal.
 * Returns a reason (string) when the path is malformed. Paths need no categories set up beforehand:
 * a product's path creates its levels (see docs/imports.md).
 */
export function parseCategoryPath(raw: string): { path: string; top: string } | null | string {
  const text = raw.trim();
  if (text === '') return null;
  const levels = text.split(/\s*(?:>|\/|\|)\s*/).map((level) => level.trim());
  if (levels.some((level) => level === '')) return `an empty level in "${text.slice(0, 60)}"`;
  if (levels.some((level) => level.length > CATEGORY_LEVEL_MAX)) return `a level longer than ${CATEGORY_LEVEL_MAX} characters`;
  const path = levels.join(' > ');
  if (path.length > CATEGORY_PATH_MAX) return `longer than ${CATEGORY_PATH_MAX} characters`;
  return { path, top: levels[0] };
}

export class ProductsImporter implements KindImporter<ProductsBatch> {
  /** Stock code → line of the row that first named it: a second row with the code is rejected. */
  private readonly firstLine = new Map<string, number>();
  private batch: ProductsBatch = { rows: [] };
  private readonly written = { created: 0, updated: 0 };
  private readonly allowDecimalComma: boolean;

  constructor(private readonly context: ImporterContext) {
    this.allowDecimalComma = context.delimiter !== null && context.delimiter !== ',';
  }

  accept(row: SourceRow, write: boolean): void {
    const reader = new RowReader(this.context, row, write);
    if (!reader.checkWidth()) return;
    const stockCode = normalizeStockCode(reader.raw('stock_code'));
    if (stockCode === '') { reader.reject('missing_value', 'stock_code', `${reader.column('stock_code')} is empty`); return; }
    if (stockCode.length > 32) { reader.reject('bad_value', 'stock_code', 'longer than 32 characters'); return; }
    const first = this.firstLine.get(stockCode);
    if (first !== undefined) { reader.reject('duplicate_code', 'stock_code', `stock code ${stockCode.slice(0, 32)} already on line ${first}`); return; }
    this.firstLine.set(ownCopy(stockCode), row.line);

    const description = reader.text('description', 255);
    if (description === undefined) return;
    const category = parseCategoryPath(reader.raw('category'));
    if (typeof category === 'string') { reader.reject('bad_value', 'category', `category path has ${category}`); return; }
    const brand = reader.text('brand', 64);
    if (brand === undefined) return;
    const rawPrice = reader.raw('price');
    let priceMilli: number | null = null;
    if (rawPrice.trim() !== '') {
      priceMilli = parseDecimalMilli(rawPrice, this.allowDecimalComma);
      if (priceMilli === null) { reader.reject('bad_number', 'price', `not a decimal number: "${rawPrice.slice(0, 40)}"`); return; }
      if (priceMilli < 0) { reader.reject('negative_price', 'price', `a price cannot be negative: ${rawPrice.trim().slice(0, 40)}`); return; }
      if (priceMilli > MAX_PRICE_MILLI) { reader.reject('out_of_range', 'price', 'larger than 999999999.999'); return; }
    }
    // A catalogue row is a product on sale unless it says otherwise.
    const rawActive = reader.raw('active');
    const active = rawActive.trim() === '' ? true : parseFlag(rawActive);
    if (active === null) { reader.reject('bad_value', 'active', `not a yes/no value: "${rawActive.slice(0, 20)}"`); return; }

    this.context.tally.imported();
    if (write) {
      const product: ProductRow = {
        stockCode: ownCopy(stockCode), description: description === null ? null : ownCopy(description),
        categoryPath: category === null ? null : ownCopy(category.path), category: category === null ? null : ownCopy(category.top),
        brand: brand === null ? null : ownCopy(brand), price: priceMilli === null ? null : formatMilli(priceMilli), active,
      };
      this.batch.rows.push(product);
    }
  }

  takeBatch(): ProductsBatch {
    const batch = this.batch;
    this.batch = { rows: [] };
    return batch;
  }

  async writeBatch(runner: QueryRunner, batch: ProductsBatch, context: WriteContext): Promise<void> {
    const written = await writeProductsBatch(runner, batch, context);
    this.written.created += written.created;
    this.written.updated += written.updated;
  }

  totals(): Record<string, number | string> {
    return { products: this.context.tally.rowsImported, productsCreated: this.written.created, productsUpdated: this.written.updated };
  }
}
