import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { entityReader } from '../../db/hydrate.js';
import { sqlNumber } from '../../db/sql.js';
import { SegmentEntity } from './segment.entity.js';
import type { Loaders } from '../../graphql/context.js';

declare module '../../graphql/context.js' {
  interface Loaders {
    /** The customer's segment in the live run of the default data set. */
    liveSegmentByCustomer: DataLoader<number, SegmentEntity | null>;
  }
}

export function segmentLoaders(dataSource: DataSource): Pick<Loaders, 'liveSegmentByCustomer'> {
  const segments = entityReader(dataSource, SegmentEntity);
  return {
    // A customer's segment is what integrations ask for most (the API bench's request): plain SQL,
    // one round trip, no query builder (TypeORM's was the API's largest CPU cost); rows become
    // entities as the repository makes them (db/hydrate.ts). Customer(id) fills it from its own
    // statement (customers/customer-with-relations.ts); lists batch it here.
    liveSegmentByCustomer: new DataLoader(async (ids) => {
      // The live run, its memberships and their segments in one statement: one consistent read.
      const rows: Record<string, unknown>[] = await dataSource.query(`SELECT m.customer_id AS member, ${segments.select('s')}
        FROM live_segmentations l JOIN segment_memberships m ON m.run_id = l.run_id JOIN segments s ON s.id = m.segment_id
        WHERE l.data_set = 'default' AND m.customer_id IN (${ids.map(() => '?').join(', ')})`, [...ids]);
      const map = new Map(rows.map((row) => [sqlNumber(row.member), segments.fromRow(row)]));
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
}
