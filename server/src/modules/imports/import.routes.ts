import { Readable } from 'node:stream';
import type { Express, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/index.js';
import { AppError } from '../../errors.js';
import { checkAccess } from '../../graphql/guard.js';
import { MODELLING, STAFF } from '../../graphql/access.js';
import { streamRowIssuesCsv } from './row-issues-csv.js';
import { saveUpload } from './uploads.js';
import { sendRouteError, writeAll } from '../../http/route-errors.js';

/**
 * POST /api/uploads (raw body = the file; `x-file-name` header optional) → { uploadId, bytes };
 * GET /api/imports/:id/issues.csv → the row issues of an import.
 */
export function mountImportRoutes(app: Express, deps: { config: AppConfig; dataSource: DataSource }): void {
  app.post('/api/uploads', async (req: Request, res: Response) => {
    try {
      checkAccess(MODELLING, req.principal?.role, 'upload');
      // Apollo-style CSRF guard: a browser form cannot send this header cross-site without a preflight.
      if (!req.get('x-file-name') && !req.get('apollo-require-preflight')) throw new AppError('BAD_USER_INPUT', 'send the file name in the x-file-name header');
      const saved = await saveUpload(deps.config, req as unknown as Readable);
      res.status(201).json({ ...saved, fileName: req.get('x-file-name') ?? null });
    } catch (error) {
      sendRouteError(res, error);
    }
  });

  app.get('/api/imports/:id/issues.csv', async (req: Request, res: Response) => {
    try {
      checkAccess(STAFF, req.principal?.role, 'import issues');
      const id = Number(req.params.id);
      if (!Number.isInteger(id) || id < 1) throw new AppError('BAD_USER_INPUT', 'import id must be a positive integer');
      const lines = streamRowIssuesCsv(deps.dataSource, id);
      const first = await lines.next();
      res.status(200).set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="import-${id}-issues.csv"` });
      if (!first.done) res.write(first.value);
      for await (const chunk of lines) await writeAll(res, chunk);
      res.end();
    } catch (error) {
      sendRouteError(res, error);
    }
  });
}
