import type { Express, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { AppError } from '../../errors.js';
import { READERS } from '../../graphql/access.js';
import { checkAccess } from '../../graphql/guard.js';
import { streamTagsCsv } from './tags.service.js';

/** Streams an async generator of CSV text to the response, honouring back-pressure. */
export async function sendCsv(res: Response, fileName: string, lines: AsyncGenerator<string>): Promise<void> {
  res.status(200).set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"` });
  for await (const chunk of lines) if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
  res.end();
}

/** GET /api/exports/tags.csv: customer id → segment, persona, RFM group, score, model version. */
export function mountExportRoutes(app: Express, deps: { dataSource: DataSource }): void {
  app.get('/api/exports/tags.csv', async (req: Request, res: Response) => {
    try {
      checkAccess(READERS, req.principal?.role, 'tags export');
      await sendCsv(res, 'segmenta-tags.csv', streamTagsCsv(deps.dataSource));
    } catch (error) {
      if (res.headersSent) return void res.destroy(error as Error);
      const code = error instanceof AppError ? error.code : 'INTERNAL_SERVER_ERROR';
      res.status(code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : 500).json({ error: { code, message: code === 'INTERNAL_SERVER_ERROR' ? 'Internal error' : (error as Error).message } });
    }
  });
}
