import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byKey } from '../../graphql/batch.js';
import { CustomerFeaturesEntity } from './customer-features.entity.js';
import { FeatureSnapshotEntity } from './feature-snapshot.entity.js';
import type { Loaders } from '../../graphql/context.js';

declare module '../../graphql/context.js' {
  interface Loaders {
    /** The customer's features in the newest snapshot. */
    latestFeaturesByCustomer: DataLoader<number, CustomerFeaturesEntity | null>;
  }
}

export function featureLoaders(dataSource: DataSource): Pick<Loaders, 'latestFeaturesByCustomer'> {
  return {
    latestFeaturesByCustomer: new DataLoader(async (ids) => {
      const latest = await dataSource.getRepository(FeatureSnapshotEntity).findOne({ where: {}, order: { id: 'DESC' } });
      if (!latest) return ids.map(() => null);
      return byKey(await dataSource.getRepository(CustomerFeaturesEntity).findBy({ snapshotId: latest.id, customerId: In([...ids]) }), ids, (r) => r.customerId);
    }),
  };
}
