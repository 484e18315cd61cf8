import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Loaders } from '../../graphql/context.js';
import { recommendationsForCustomers, runBuyers, type CustomerRecommendation, type RunBuyers } from './customer-recommendations.js';

declare module '../../graphql/context.js' {
  interface Loaders {
    /** The customer's product recommendations, best first; buyer counts of the run read once per request. */
    recommendationsByCustomer: DataLoader<number, CustomerRecommendation[]>;
  }
}

export function recommendationLoaders(dataSource: DataSource): Pick<Loaders, 'recommendationsByCustomer'> {
  const buyersByRun = new Map<number, Promise<RunBuyers>>();
  const buyersOf = (runId: number) => {
    let buyers = buyersByRun.get(runId);
    if (!buyers) buyersByRun.set(runId, (buyers = runBuyers(dataSource, runId)));
    return buyers;
  };
  return {
    recommendationsByCustomer: new DataLoader((ids) => recommendationsForCustomers(dataSource, ids, buyersOf)),
  };
}
