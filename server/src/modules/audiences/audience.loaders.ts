import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Loaders } from '../../graphql/context.js';
import type { AudienceDefinition } from './audience-definition.js';
import type { AudienceEntity } from './audience.entity.js';
import { runsReferencedBy } from './audience-runs.js';

declare module '../../graphql/context.js' {
  interface Loaders {
    /** The segmentation runs an audience's segment, persona and predicted-segment ids belong to. */
    segmentRunsOfAudience: DataLoader<AudienceEntity, number[], number>;
  }
}

export function audienceLoaders(dataSource: DataSource): Pick<Loaders, 'segmentRunsOfAudience'> {
  return {
    segmentRunsOfAudience: new DataLoader((audiences) => runsReferencedBy(dataSource, audiences.map((a) => a.definition as AudienceDefinition)), { cacheKeyFn: (a) => a.id }),
  };
}
