import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/index.js';

/** Plain HTTP routes beside GraphQL: file downloads and uploads (CSV exports, import issues). */
export function mountRoutes(_app: Express, _deps: { config: AppConfig; dataSource: DataSource; logger: Logger }): void {
  // Filled in by the modules that serve files (imports, exports).
}
