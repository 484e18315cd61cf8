import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import type { Principal } from './principal.js';

export type { Principal } from './principal.js';

/**
 * Per-request batch loaders: relations of a list cost one query per relation, not one per row.
 * Each module declares its own here (module augmentation in its *.loaders.ts) and builds them;
 * graphql/loaders.ts puts them together for a request. So this file names no module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Loaders {}

export interface GraphQLContext {
  requestId: string;
  principal: Principal | null;
  ip: string | null;
  config: AppConfig;
  dataSource: DataSource;
  logger: Logger;
  loaders: Loaders;
  req?: Request;
  res?: Response;
}
