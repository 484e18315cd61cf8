import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byId } from '../../graphql/batch.js';
import { ProductEntity } from './product.entity.js';
import type { Loaders } from '../../graphql/context.js';

declare module '../../graphql/context.js' {
  interface Loaders {
    productById: DataLoader<number, ProductEntity | null>;
  }
}

export function productLoaders(dataSource: DataSource): Pick<Loaders, 'productById'> {
  return {
    productById: new DataLoader(async (ids) => byId(await dataSource.getRepository(ProductEntity).findBy({ id: In([...ids]) }), ids)),
  };
}
