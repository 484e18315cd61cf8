import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Role } from '@segmenta/shared';
import type { AppConfig } from '../config/index.js';
import type { Loaders } from './loaders.js';

/** Who is calling: a signed-in user, an integration key, or the CLI (trusted, local). */
export interface Principal {
  kind: 'user' | 'apikey' | 'cli';
  id: number;
  role: Role;
  name: string;
  /** The actor string written into the audit log: user:12, apikey:3, cli. */
  actor: string;
}

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
