import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import type { Loaders } from './loaders.js';
import type { Principal } from './principal.js';

export type { Principal } from './principal.js';

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
