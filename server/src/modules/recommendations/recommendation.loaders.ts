import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Loaders } from '../../graphql/context.js';
import { SingleFlight } from '../../db/single-flight.js';
import { recommendationsForCustomers, runBuyers, type CustomerRecommendation, type RunBuyers } from './customer-recommendations.js';

declare module '../../graphql/context.js' {
  interface Loaders {
    /** The customer's product recommendations, best first; buyer counts of the run read once per request. */
    recommendationsByCustomer: DataLoader<number, CustomerRecommendation[]>;
  }
}

/**
 * A run's buyer counts read the whole run's order lines: requests asking at the same time share one
 * read, and a read that took 25 ms or more is reused for a minute (recommendations may be that old).
 */
const BUYERS_REUSE = { reuseSlowerThanMs: 25, reuseForMs: 60_000 };
const buyerFlights = new WeakMap<DataSource, SingleFlight<RunBuyers>>();

export function recommendationLoaders(dataSource: DataSource): Pick<Loaders, 'recommendationsByCustomer'> {
  let flight = buyerFlights.get(dataSource);
  if (!flight) buyerFlights.set(dataSource, (flight = new SingleFlight<RunBuyers>(BUYERS_REUSE)));
  const shared = flight;
  const buyersOf = (runId: number) => shared.run(String(runId), () => runBuyers(dataSource, runId));
  return {
    recommendationsByCustomer: new DataLoader((ids) => recommendationsForCustomers(dataSource, ids, buyersOf)),
  };
}
