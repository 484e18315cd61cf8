import type { DataSource } from 'typeorm';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { CHANNELS } from '@segmenta/shared';
import { AppError } from '../../errors.js';
import { sqlNumber } from '../../db/sql.js';
import { CustomerEntity } from '../customers/index.js';
import { consentStateOf } from '../consent/index.js';

@ObjectType('ErasurePreview', { description: 'What erasing a customer would remove or change, counted now (nothing is changed)' })
export class ErasurePreview {
  @Field(() => ID) customerId: number;
  @Field({ description: 'True when the customer is already erased (erasing again changes nothing)' }) alreadyErased: boolean;
  @Field(() => Int, { description: 'Orders kept for the books but no longer linked to the person' }) orders: number;
  @Field(() => Int, { description: 'Browsing events deleted' }) events: number;
  @Field(() => Int, { description: 'Stored model scores deleted' }) scores: number;
  @Field(() => Int, { description: 'Segment memberships (all runs) deleted' }) segmentMemberships: number;
  @Field(() => Int, { description: 'Feature rows (all snapshots) deleted' }) featureRows: number;
  @Field(() => Int, { description: 'Campaign outcomes (training labels) deleted' }) campaignOutcomes: number;
  @Field(() => Int, { description: 'Campaign audience memberships kept, pointing at the anonymous tombstone' }) campaignMemberships: number;
  @Field(() => [String], { description: 'Channels whose consent becomes opted_out' }) channelsOptedOut: string[];
}

async function count(dataSource: DataSource, sql: string, params: unknown[]): Promise<number> {
  const rows: Record<string, unknown>[] = await dataSource.query(sql, params);
  return sqlNumber(Object.values(rows[0])[0]);
}

/** Rows of a (run, customer)-keyed table, counted one run at a time through the primary key (see erase.service.ts). */
async function countPerRun(dataSource: DataSource, table: string, run: string, customerId: number): Promise<number> {
  const runs: { id: unknown }[] = await dataSource.query(`SELECT DISTINCT ${run} AS id FROM ${table}`);
  let total = 0;
  const ids = runs.map((r) => sqlNumber(r.id));
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    total += await count(dataSource, `SELECT COUNT(*) AS n FROM ${table} WHERE ${run} IN (${slice.map(() => '?').join(', ')}) AND customer_id = ?`, [...slice, customerId]);
  }
  return total;
}

export async function erasurePreview(dataSource: DataSource, customerId: number): Promise<ErasurePreview> {
  const customer = await dataSource.getRepository(CustomerEntity).findOneBy({ id: customerId });
  if (!customer) throw new AppError('NOT_FOUND', `Customer ${customerId} not found`);
  const where = 'WHERE customer_id = ?';
  return {
    customerId,
    alreadyErased: customer.erasedAt !== null,
    orders: await count(dataSource, `SELECT COUNT(*) AS n FROM orders ${where}`, [customerId]),
    events: await count(dataSource, `SELECT COUNT(*) AS n FROM events ${where}`, [customerId]),
    scores: await count(dataSource, `SELECT COUNT(*) AS n FROM customer_scores ${where}`, [customerId]),
    segmentMemberships: await countPerRun(dataSource, 'segment_memberships', 'run_id', customerId),
    featureRows: await countPerRun(dataSource, 'customer_features', 'snapshot_id', customerId),
    campaignOutcomes: await count(dataSource, `SELECT COUNT(*) AS n FROM campaign_outcomes ${where}`, [customerId]),
    campaignMemberships: await count(dataSource, `SELECT COUNT(*) AS n FROM campaign_members ${where}`, [customerId]),
    channelsOptedOut: CHANNELS.filter((channel) => consentStateOf(customer, channel) !== 'opted_out'),
  };
}
