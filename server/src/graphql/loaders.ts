import type { DataSource } from 'typeorm';
import type { Loaders } from './context.js';
import { customerLoaders } from '../modules/customers/index.js';
import { productLoaders } from '../modules/products/index.js';
import { orderLoaders } from '../modules/orders/index.js';
import { personaLoaders } from '../modules/personas/index.js';
import { segmentLoaders } from '../modules/segmentation/index.js';
import { featureLoaders } from '../modules/features/index.js';
import { scoreLoaders } from '../modules/models/index.js';
import { recommendationLoaders } from '../modules/recommendations/index.js';
import { audienceLoaders } from '../modules/audiences/index.js';
import { authLoaders } from '../modules/auth/index.js';

export type { Loaders } from './context.js';

/**
 * Every module's loaders, named by their factories: declaration files keep these imports, so a
 * program that reads this file's types also reads each module's declaration of its `Loaders`.
 */
export type RequestLoaders = Loaders & ReturnType<typeof customerLoaders> & ReturnType<typeof productLoaders> & ReturnType<typeof orderLoaders>
  & ReturnType<typeof personaLoaders> & ReturnType<typeof segmentLoaders> & ReturnType<typeof featureLoaders> & ReturnType<typeof scoreLoaders>
  & ReturnType<typeof recommendationLoaders> & ReturnType<typeof audienceLoaders> & ReturnType<typeof authLoaders>;

/** A request's batch loaders: every module's own (each declares them on `Loaders` in context.ts). */
export function createLoaders(dataSource: DataSource): RequestLoaders {
  return {
    ...customerLoaders(dataSource), ...productLoaders(dataSource), ...orderLoaders(dataSource), ...personaLoaders(dataSource),
    ...segmentLoaders(dataSource), ...featureLoaders(dataSource), ...scoreLoaders(dataSource), ...recommendationLoaders(dataSource),
    ...audienceLoaders(dataSource), ...authLoaders(dataSource),
  };
}
