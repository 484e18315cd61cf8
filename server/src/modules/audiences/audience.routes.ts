import type { Express, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { checkAccess } from '../../graphql/guard.js';
import { MARKETING, STAFF } from '../../graphql/access.js';
import { toId } from '../../graphql/pagination.js';
import { sendRouteError, writeAll } from '../../http/route-errors.js';
import type { AudienceDefinition } from './audience-definition.js';
import { getAudience } from './audience.service.js';
import { writeAudienceCsv } from './audience-export.js';

/**
 * GET /api/audiences/:id/export.csv — the audience evaluated now, streamed page by page.
 * admin and marketer get the email column; analysts get the same file without it (no personal
 * data); integration keys are refused. Consent, opt-out and erasure are checked in SQL and again
 * for every row as it is written.
 */
export function mountAudienceRoutes(app: Express, deps: { dataSource: DataSource }): void {
  app.get('/api/audiences/:id/export.csv', async (req: Request, res: Response) => {
    try {
      checkAccess(STAFF, req.principal?.role, 'audience export');
      const withEmail = MARKETING.includes(req.principal!.role);
      const audience = await getAudience(deps.dataSource, toId(String(req.params.id)));
      res.status(200).set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="audience-${audience.id}.csv"`, 'cache-control': 'no-store' });
      await writeAudienceCsv(deps.dataSource, audience.definition as AudienceDefinition, { withEmail }, (chunk) => writeAll(res, chunk));
      res.end();
    } catch (error) {
      sendRouteError(res, error);
    }
  });
}
