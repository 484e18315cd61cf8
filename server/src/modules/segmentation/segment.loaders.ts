import DataLoader from 'dataloader';
import { entityReader } from '../../db/hydrate.js';
import { sqlNumber } from '../../db/sql.js';
import { In, type DataSource } from 'typeorm';
import { LiveSegmentationEntity, SegmentEntity } from './segment.entity.js';
import type { Loaders } from '../../graphql/context.js';

declare module '../../graphql/context.js' {
  interface Loaders {
    /** The customer's segment in the live run of the default data set. */
    liveSegmentByCustomer: DataLoader<number, SegmentEntity | null>;
    /** The id of a data set's live run (null before any): one read per request for a list of runs. */
    liveRunByDataSet: DataLoader<string, number | null>;
  }
}

export function segmentLoaders(dataSource: DataSource): Pick<Loaders, 'liveSegmentByCustomer' | 'liveRunByDataSet'> {
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
    liveRunByDataSet: new DataLoader(async (dataSets) => {
      const live = await dataSource.getRepository(LiveSegmentationEntity).findBy({ dataSet: In([...dataSets]) });
      const map = new Map(live.map((row) => [row.dataSet, row.runId]));
      return dataSets.map((dataSet) => map.get(dataSet) ?? null);
    }),
  };
}
