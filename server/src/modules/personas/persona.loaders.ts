import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byKey } from '../../graphql/batch.js';
import { PersonaEntity } from './persona.entity.js';
import type { Loaders } from '../../graphql/context.js';

declare module '../../graphql/context.js' {
  interface Loaders {
    personaBySegment: DataLoader<number, PersonaEntity | null>;
  }
}

export function personaLoaders(dataSource: DataSource): Pick<Loaders, 'personaBySegment'> {
  return {
    personaBySegment: new DataLoader(async (ids) => byKey(await dataSource.getRepository(PersonaEntity).findBy({ segmentId: In([...ids]) }), ids, (p) => p.segmentId)),
  };
}
