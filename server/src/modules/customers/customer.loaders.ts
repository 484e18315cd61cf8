import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { byId } from '../../graphql/batch.js';
import { CustomerEntity } from './customer.entity.js';
import { customerSummaries, type CustomerSummaryValues } from './customer.service.js';
import type { Loaders } from '../../graphql/context.js';

declare module '../../graphql/context.js' {
  interface Loaders {
    customerById: DataLoader<number, CustomerEntity | null>;
    summaryByCustomer: DataLoader<number, CustomerSummaryValues>;
  }
}

export function customerLoaders(dataSource: DataSource): Pick<Loaders, 'customerById' | 'summaryByCustomer'> {
  return {
    customerById: new DataLoader(async (ids) => byId(await dataSource.getRepository(CustomerEntity).findBy({ id: In([...ids]) }), ids)),
    summaryByCustomer: new DataLoader((ids) => customerSummaries(dataSource, ids)),
  };
}
