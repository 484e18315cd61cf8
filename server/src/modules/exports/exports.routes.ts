import type { Express, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { READERS } from '../../graphql/access.js';
import { checkRouteAccess } from '../../graphql/guard.js';
import { streamTagsCsv } from './tags.service.js';
import { toId } from '../../graphql/pagination.js';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { AppConfig } from '../../config/index.js';
import { exportDownload } from './tags-export.service.js';
import { sendRouteError, writeAll } from '../../http/route-errors.js';

/** Streams an async generator of CSV text to the response, honouring back-pressure. */
export async function sendCsv(res: Response, fileName: string, lines: AsyncGenerator<string>): Promise<void> {
  res.status(200).set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"` });
  for await (const chunk of lines) await writeAll(res, chunk);
  res.end();
}

/** GET /api/exports/tags.csv[?runId=]: the tags feed's columns, pinned to one run and snapshot from the first row to the last. */
export function mountExportRoutes(app: Express, deps: { dataSource: DataSource; config: Pick<AppConfig, 'dataDir'> }): void {
  // A bulk export's file: the link (its random token) is the credential, until it expires.
  app.get('/api/exports/files/:jobId/:token', async (req: Request, res: Response) => {
    try {
      const file = await exportDownload(deps.dataSource, deps.config, toId(String(req.params.jobId), 'jobId'), String(req.params.token));
      res.status(200).set({ 'content-type': 'application/gzip', 'content-disposition': `attachment; filename="${file.fileName}"`, 'cache-control': 'no-store' });
      await pipeline(fs.createReadStream(file.path), res);
    } catch (error) {
      sendRouteError(res, error);
    }
  });

  app.get('/api/exports/tags.csv', async (req: Request, res: Response) => {
    try {
      checkRouteAccess(READERS, req.principal, 'tags export', 'export');
      const runId = typeof req.query.runId === 'string' && req.query.runId !== '' ? toId(req.query.runId, 'runId') : null;
      await sendCsv(res, 'segmenta-tags.csv', streamTagsCsv(deps.dataSource, runId));
    } catch (error) {
      sendRouteError(res, error);
    }
  });
}
