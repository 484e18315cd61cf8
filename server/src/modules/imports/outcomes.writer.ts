import type { QueryRunner } from 'typeorm';
import type { IdCache } from './id-cache.js';
import type { WriteContext } from './importer.types.js';
import { replaceWithIncoming, upsertRows, type Row } from '../../db/sql-upsert.js';
import { formatCents } from './values.js';
import { formatUtcDatetime } from '../../db/sql.js';

export interface OutcomeRow {
  campaign: string;
  customer: string;
  sentAt: number;
  responded: boolean;
  converted: boolean;
  revenueMilli: number;
  /** Contacted (true) or held out as control (false). */
  treated: boolean;
}

export interface OutcomesBatch { customers: string[]; outcomes: OutcomeRow[] }

export async function writeOutcomesBatch(runner: QueryRunner, batch: OutcomesBatch, context: WriteContext, customerIds: IdCache): Promise<void> {
  const { dialect, now } = context;
  // A contacted customer no other file has brought yet gets a bare row, filled in by a later import.
  await upsertRows(runner, dialect, { table: 'customers', columns: ['external_id', 'created_at', 'updated_at'], conflict: ['external_id'], update: {} },
    batch.customers.map((externalId): Row => [externalId, now, now]));
  await customerIds.resolve(runner, dialect, 'customers', 'external_id', batch.outcomes.map((o) => o.customer));
  const columns = ['campaign_key', 'customer_id', 'sent_at', 'responded', 'converted', 'revenue', 'treated', 'source', 'updated_at'];
  // Re-importing a file replaces its rows: the newest file is the truth about a past campaign.
  const update = Object.fromEntries(columns.slice(2).map((column) => [column, replaceWithIncoming]));
  await upsertRows(runner, dialect, { table: 'campaign_outcomes', columns, conflict: ['campaign_key', 'customer_id'], update }, batch.outcomes.map((o): Row => [
    o.campaign, customerIds.get(o.customer), formatUtcDatetime(o.sentAt, dialect === 'sqlite'), o.responded ? 1 : 0, o.converted ? 1 : 0,
    formatCents(Math.sign(o.revenueMilli) * Math.floor((Math.abs(o.revenueMilli) + 5) / 10)), o.treated ? 1 : 0, 'import', now,
  ]));
}
