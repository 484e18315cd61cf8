import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean, decimal, varchar } from './support/columns.js';

/**
 * What a catalogue file says about a product beside its code and description: the full category
 * path (its first level stays in `category`, which features and recommendations read), the brand,
 * the list price and whether it is still sold.
 */
export class AddProductCatalogueColumns1764100135000 implements MigrationInterface {
  name = 'AddProductCatalogueColumns1764100135000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('products', [
      new TableColumn(varchar('category_path', 255, true)),
      new TableColumn(varchar('brand', 64, true)),
      new TableColumn(decimal('price', 12, 3, { nullable: true })),
      new TableColumn(boolean('active', true)),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['active', 'price', 'brand', 'category_path']) await queryRunner.dropColumn('products', column);
  }
}
