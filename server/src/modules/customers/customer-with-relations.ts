import type { DataSource } from 'typeorm';
import { notFound } from '../../errors.js';
import { entityReader } from '../../db/hydrate.js';
import { SegmentEntity } from '../segmentation/index.js';
import { CustomerScoreEntity } from '../models/index.js';
import { CustomerEntity } from './customer.entity.js';

/** Which of a customer's relations to read with it. */
export interface CustomerRelations { segment: boolean; scores: boolean }

export interface CustomerWithRelations {
  customer: CustomerEntity;
  /** The customer's segment in the live run of the default data set (null: none); absent when not asked for. */
  segment?: SegmentEntity | null;
  /** The customer's stored scores (null: none); absent when not asked for. */
  scores?: CustomerScoreEntity | null;
}

const statements = new WeakMap<DataSource, Map<string, string>>();

/**
 * One customer and, in the same statement, the relations asked for: the segment of the live
 * segmentation and the stored scores. One round trip instead of one per relation: the request
 * waits for one database thread, not for the slowest of three, which is what a busy database
 * (a segmentation writing beside the API) makes slow; and the three are one consistent read.
 * The entities equal what the loaders and the repository give (db/hydrate.ts).
 */
export async function readCustomerWithRelations(dataSource: DataSource, id: number, relations: CustomerRelations): Promise<CustomerWithRelations> {
  const customers = entityReader(dataSource, CustomerEntity);
  const segments = entityReader(dataSource, SegmentEntity);
  const scores = entityReader(dataSource, CustomerScoreEntity);
  const key = `${relations.segment ? 's' : ''}${relations.scores ? 'r' : ''}`;
  let byKey = statements.get(dataSource);
  if (!byKey) statements.set(dataSource, (byKey = new Map()));
  let sql = byKey.get(key);
  if (sql === undefined) {
    const columns = [customers.select('c')];
    const joins: string[] = [];
    if (relations.segment) {
      columns.push(segments.selectAs('s', 's__'));
      joins.push(`LEFT JOIN live_segmentations l ON l.data_set = 'default'
        LEFT JOIN segment_memberships m ON m.run_id = l.run_id AND m.customer_id = c.id
        LEFT JOIN ${segments.table} s ON s.id = m.segment_id`);
    }
    if (relations.scores) {
      columns.push(scores.selectAs('r', 'r__'));
      joins.push(`LEFT JOIN ${scores.table} r ON r.customer_id = c.id`);
    }
    sql = `SELECT ${columns.join(', ')} FROM ${customers.table} c ${joins.join(' ')} WHERE c.${customers.primaryKey} = ?`;
    byKey.set(key, sql);
  }
  const rows: Record<string, unknown>[] = await dataSource.query(sql, [id]);
  if (!rows.length) throw notFound('Customer', id);
  const row = rows[0];
  const result: CustomerWithRelations = { customer: customers.fromRow(row) };
  if (relations.segment) result.segment = segments.presentIn(row, 's__') ? segments.fromRow(row, 's__') : null;
  if (relations.scores) result.scores = scores.presentIn(row, 'r__') ? scores.fromRow(row, 'r__') : null;
  return result;
}
