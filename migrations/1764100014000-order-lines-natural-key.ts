import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean, decimal, id, integer } from './support/columns.js';

/**
 * order_lines is keyed by its natural key (order, product, quantity, unit price) instead of a
 * surrogate id plus a unique index on that key, and loses the product index no query used: one
 * B-tree per line instead of three. Imports write several hundred thousand lines at a time and spent
 * two thirds of their database time maintaining the two secondary indexes (docs/imports.md).
 * `position` keeps the order in which lines were read (the file line for imported lines; the old id
 * for lines that existed before this migration).
 */
export class OrderLinesNaturalKey1764100014000 implements MigrationInterface {
  name = 'OrderLinesNaturalKey1764100014000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'order_lines_keyed',
      columns: [
        { ...integer('order_id'), isPrimary: true }, { ...integer('product_id'), isPrimary: true },
        { ...integer('quantity'), isPrimary: true }, { ...decimal('unit_price', 12, 3), isPrimary: true },
        decimal('amount', 14, 2), boolean('is_outlier'), integer('position', { nullable: true }),
      ],
    }));
    await queryRunner.query(
      `INSERT INTO order_lines_keyed (order_id, product_id, quantity, unit_price, amount, is_outlier, position)
       SELECT order_id, product_id, quantity, unit_price, amount, is_outlier, id FROM order_lines ORDER BY order_id, product_id, quantity, unit_price`);
    await queryRunner.dropTable('order_lines');
    await queryRunner.renameTable('order_lines_keyed', 'order_lines');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'order_lines_surrogate',
      columns: [id(), integer('order_id'), integer('product_id'), integer('quantity'), decimal('unit_price', 12, 3), decimal('amount', 14, 2), boolean('is_outlier')],
      indices: [
        { name: 'uq_order_lines_natural', columnNames: ['order_id', 'product_id', 'quantity', 'unit_price'], isUnique: true },
        { name: 'ix_order_lines_product', columnNames: ['product_id'] },
      ],
    }));
    await queryRunner.query(
      `INSERT INTO order_lines_surrogate (order_id, product_id, quantity, unit_price, amount, is_outlier)
       SELECT order_id, product_id, quantity, unit_price, amount, is_outlier FROM order_lines ORDER BY order_id, position`);
    await queryRunner.dropTable('order_lines');
    await queryRunner.renameTable('order_lines_surrogate', 'order_lines');
  }
}
