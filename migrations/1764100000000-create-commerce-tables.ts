import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { boolean, date, datetime, decimal, id, integer, longText, varchar } from './support/columns.js';

/** Customers, products, orders and order lines: what every import and feature reads. */
export class CreateCommerceTables1764100000000 implements MigrationInterface {
  name = 'CreateCommerceTables1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'customers',
      columns: [
        id(), varchar('external_id', 64), varchar('email', 191, true), varchar('name', 191, true),
        varchar('country', 64, true), varchar('city', 128, true), varchar('gender', 16, true),
        date('birth_date'), datetime('signup_at', true),
        boolean('consent_email'), boolean('consent_sms'), boolean('consent_push'),
        boolean('opted_out_email'), boolean('opted_out_sms'), boolean('opted_out_push'),
        longText(queryRunner, 'attributes'), datetime('erased_at', true), datetime('created_at'), datetime('updated_at'),
      ],
      indices: [
        new TableIndex({ name: 'uq_customers_external_id', columnNames: ['external_id'], isUnique: true }),
        new TableIndex({ name: 'ix_customers_country', columnNames: ['country'] }),
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'products',
      columns: [id(), varchar('stock_code', 32), varchar('description', 255, true), varchar('category', 64, true), boolean('is_merchandise', true)],
      indices: [
        new TableIndex({ name: 'uq_products_stock_code', columnNames: ['stock_code'], isUnique: true }),
        new TableIndex({ name: 'ix_products_category', columnNames: ['category'] }),
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'orders',
      columns: [
        id(), varchar('invoice_no', 32), integer('customer_id', { nullable: true }), datetime('ordered_at'),
        varchar('status', 16), varchar('country', 64, true), decimal('total_amount', 14, 2, { default: 0 }),
        integer('item_count', { default: 0 }), integer('line_count', { default: 0 }),
      ],
      indices: [
        new TableIndex({ name: 'uq_orders_invoice_no', columnNames: ['invoice_no'], isUnique: true }),
        new TableIndex({ name: 'ix_orders_customer_ordered_at', columnNames: ['customer_id', 'ordered_at'] }),
        new TableIndex({ name: 'ix_orders_ordered_at', columnNames: ['ordered_at'] }),
      ],
    }));
    await queryRunner.createTable(new Table({
      name: 'order_lines',
      columns: [
        id(), integer('order_id'), integer('product_id'), integer('quantity'),
        decimal('unit_price', 12, 3), decimal('amount', 14, 2), boolean('is_outlier'),
      ],
      indices: [
        new TableIndex({ name: 'uq_order_lines_natural', columnNames: ['order_id', 'product_id', 'quantity', 'unit_price'], isUnique: true }),
        new TableIndex({ name: 'ix_order_lines_product', columnNames: ['product_id'] }),
      ],
    }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['order_lines', 'orders', 'products', 'customers']) await queryRunner.dropTable(table);
  }
}
