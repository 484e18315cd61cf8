import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { entityReader } from '../../db/hydrate.js';
import { byKey } from '../../graphql/batch.js';
import { CustomerScoreEntity } from './customer-score.entity.js';
import type { Loaders } from '../../graphql/context.js';

declare module '../../graphql/context.js' {
  interface Loaders {
    /** The customer's stored scores (customer_scores). */
    scoresByCustomer: DataLoader<number, CustomerScoreEntity | null>;
  }
}

export function scoreLoaders(dataSource: DataSource): Pick<Loaders, 'scoresByCustomer'> {
  const scores = entityReader(dataSource, CustomerScoreEntity);
  return {
    // Plain SQL, one round trip (see segmentation/segment.loaders.ts); Customer(id) fills it from its own statement.
    scoresByCustomer: new DataLoader(async (ids) => {
      const rows: Record<string, unknown>[] = await dataSource.query(`SELECT ${scores.select()} FROM ${scores.table}
        WHERE customer_id IN (${ids.map(() => '?').join(', ')})`, [...ids]);
      return byKey(rows.map((row) => scores.fromRow(row)), ids, (s) => s.customerId);
    }),
  };
}
