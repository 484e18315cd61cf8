import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';
import { mountImportRoutes } from '../modules/imports/index.js';
import { mountExportRoutes } from '../modules/exports/index.js';
import { mountAudienceRoutes } from '../modules/audiences/index.js';
import { mountCampaignRoutes } from '../modules/campaigns/index.js';
import { mountConsentRoutes } from '../modules/consent/index.js';

/** Plain HTTP routes beside GraphQL: file uploads and downloads. Each module mounts its own. */
export function mountRoutes(app: Express, deps: { config: AppConfig; dataSource: DataSource; logger: Logger }): void {
  mountImportRoutes(app, deps);
  mountExportRoutes(app, deps);
  mountAudienceRoutes(app, deps);
  mountCampaignRoutes(app, deps);
  mountConsentRoutes(app, deps);
}
